import type { ReceivedDelivery } from "./receiver";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function badge(delivery: ReceivedDelivery): string {
  switch (delivery.verification.state) {
    case "verified":
      return `<span class="badge ok">signature verified</span>`;
    case "invalid":
      return `<span class="badge bad">signature invalid: ${escapeHtml(delivery.verification.reason)}</span>`;
    default:
      return `<span class="badge none">not checked: no secret for this path</span>`;
  }
}

function eventType(body: string): string {
  try {
    const parsed = JSON.parse(body) as { type?: unknown };
    return typeof parsed.type === "string" ? parsed.type : "(no type)";
  } catch {
    return "(not JSON)";
  }
}

/** The inbox: every delivery received, newest first, with its signature check, headers and body. */
export function renderInboxPage(
  deliveries: readonly ReceivedDelivery[],
  pathsWithSecrets: readonly string[],
): string {
  const items = deliveries
    .map(
      (delivery) => `<details class="delivery">
  <summary><strong>${escapeHtml(eventType(delivery.body))}</strong> → <code>${escapeHtml(delivery.path)}</code>
    · ${escapeHtml(delivery.receivedAt.toISOString())} · answered ${delivery.answeredStatus} ${badge(delivery)}</summary>
  <h3>Headers</h3>
  <pre>${escapeHtml(
    Object.entries(delivery.headers)
      .map(([name, value]) => `${name}: ${value}`)
      .join("\n"),
  )}</pre>
  <h3>Body</h3>
  <pre>${escapeHtml(prettyBody(delivery.body))}</pre>
</details>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>KAVI webhook receiver</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 960px; padding: 16px; color: #1f2937; }
  h1 { font-size: 20px; } h3 { font-size: 14px; margin: 12px 0 4px; }
  pre { background: #f3f4f6; padding: 8px; overflow-x: auto; font-size: 13px; white-space: pre-wrap; word-break: break-all; }
  .delivery { border: 1px solid #e5e7eb; border-radius: 8px; padding: 8px 12px; margin: 8px 0; }
  summary { cursor: pointer; }
  .badge { border-radius: 999px; padding: 1px 8px; font-size: 12px; margin-left: 4px; }
  .ok { background: #dcfce7; color: #166534; } .bad { background: #fee2e2; color: #991b1b; } .none { background: #e5e7eb; }
  form { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; margin: 12px 0; }
  label { display: flex; flex-direction: column; font-size: 13px; }
  input { font: inherit; padding: 4px 8px; min-width: 220px; }
</style></head>
<body>
<h1>KAVI webhook receiver</h1>
<p>Add an endpoint in KAVI (Settings → Webhooks) whose address is this receiver plus any path, e.g.
<code>http://127.0.0.1:&lt;port&gt;/hooks/shop</code>. Paste the endpoint's signing secret below to have each delivery's
signature checked with the <code>standardwebhooks</code> verifier. Reload to see new deliveries.</p>
<form method="post" action="/_receiver/secrets">
  <label>Path <input name="path" value="/hooks/shop" required></label>
  <label>Signing secret <input name="secret" placeholder="whsec_…" required></label>
  <button type="submit">Verify this path</button>
</form>
<p>Paths with a secret: ${pathsWithSecrets.length ? pathsWithSecrets.map((path) => `<code>${escapeHtml(path)}</code>`).join(", ") : "none yet"}.</p>
${deliveries.length ? items : "<p><em>No deliveries yet. Use “Send test event” on an endpoint in KAVI.</em></p>"}
</body></html>`;
}
