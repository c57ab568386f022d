/**
 * GET /phone: a pretend handset for development. It polls the control API and shows each pending STK prompt
 * the way the SIM toolkit does, with a PIN field and Approve / Cancel. No external assets.
 */
export function renderPhonePage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>M-Pesa phone (simulator)</title>
<style>
  :root { color-scheme: light; --green: #2e7d32; --ink: #1b1b1b; --muted: #5f6368; }
  * { box-sizing: border-box; }
  body { margin: 0; min-height: 100vh; display: flex; align-items: center; justify-content: center;
         background: #e8eef3; font: 16px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); }
  .phone { width: 360px; max-width: 100vw; min-height: 640px; background: #fff; border-radius: 32px;
           box-shadow: 0 12px 40px rgba(0,0,0,.18); overflow: hidden; display: flex; flex-direction: column; }
  header { background: var(--green); color: #fff; padding: 20px 20px 16px; }
  header h1 { margin: 0; font-size: 20px; }
  header p { margin: 4px 0 0; font-size: 13px; opacity: .85; }
  main { padding: 16px; flex: 1; display: flex; flex-direction: column; gap: 12px; }
  .empty { color: var(--muted); text-align: center; margin-top: 40%; }
  .prompt { border: 1px solid #d7dde2; border-radius: 16px; padding: 16px; }
  .prompt p { margin: 0 0 12px; }
  .prompt small { color: var(--muted); display: block; margin-bottom: 8px; }
  label { display: block; font-size: 14px; margin-bottom: 4px; }
  input { width: 100%; font-size: 20px; letter-spacing: 8px; padding: 8px 12px; border: 1px solid #b0b8bf; border-radius: 8px; }
  input:focus, button:focus { outline: 3px solid #90caf9; outline-offset: 1px; }
  .actions { display: flex; gap: 8px; margin-top: 12px; }
  button { flex: 1; font-size: 16px; padding: 10px; border-radius: 10px; border: 0; cursor: pointer; }
  .approve { background: var(--green); color: #fff; }
  .cancel { background: #eceff1; color: var(--ink); }
  footer { padding: 12px 16px 20px; font-size: 12px; color: var(--muted); text-align: center; }
</style>
</head>
<body>
<div class="phone" role="application" aria-label="Simulated M-Pesa phone">
  <header><h1>M-PESA</h1><p>Daraja simulator · prompts waiting for this phone</p></header>
  <main id="prompts" aria-live="polite"><p class="empty">No payment requests.</p></main>
  <footer>Any 4-digit PIN approves; 0000 plays a wrong PIN.</footer>
</div>
<script>
  const list = document.getElementById("prompts");
  const shillings = new Intl.NumberFormat("en-KE");
  let shown = "";

  function render(prompts) {
    const key = prompts.map((p) => p.checkoutRequestId).join(",");
    if (key === shown) return;
    shown = key;
    list.textContent = "";
    if (prompts.length === 0) {
      const empty = document.createElement("p");
      empty.className = "empty";
      empty.textContent = "No payment requests.";
      list.append(empty);
      return;
    }
    for (const prompt of prompts) list.append(renderPrompt(prompt));
  }

  function renderPrompt(prompt) {
    const card = document.createElement("form");
    card.className = "prompt";
    const to = prompt.accountReference ? " for " + prompt.accountReference : "";
    const text = document.createElement("p");
    text.textContent = "Pay KES " + shillings.format(prompt.amount) + " to " + prompt.partyB + to + "? Enter PIN";
    const meta = document.createElement("small");
    meta.textContent = prompt.phoneNumber + " · " + (prompt.mode === "manual" ? "waiting for you" : "answers by itself");
    const label = document.createElement("label");
    label.textContent = "M-PESA PIN";
    const pin = document.createElement("input");
    pin.type = "password"; pin.inputMode = "numeric"; pin.maxLength = 4; pin.pattern = "[0-9]{4}"; pin.required = true;
    pin.autocomplete = "off";
    label.append(pin);
    const actions = document.createElement("div");
    actions.className = "actions";
    const cancel = document.createElement("button");
    cancel.type = "button"; cancel.className = "cancel"; cancel.textContent = "Cancel";
    const approve = document.createElement("button");
    approve.type = "submit"; approve.className = "approve"; approve.textContent = "Approve";
    actions.append(cancel, approve);
    card.append(text, meta, label, actions);
    cancel.addEventListener("click", () => act(prompt.checkoutRequestId, "cancel", {}));
    card.addEventListener("submit", (event) => {
      event.preventDefault();
      act(prompt.checkoutRequestId, "approve", { pin: pin.value });
    });
    return card;
  }

  async function act(id, action, body) {
    await fetch("/__simulator/stk/" + encodeURIComponent(id) + "/" + action, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
    shown = "";
    await refresh();
  }

  async function refresh() {
    try {
      const response = await fetch("/__simulator/pending");
      if (response.ok) render(await response.json());
    } catch {}
  }

  refresh();
  setInterval(refresh, 1000);
</script>
</body>
</html>`;
}
