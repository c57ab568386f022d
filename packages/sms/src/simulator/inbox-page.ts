import type { SimulatedSms } from "./server";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Messages are untrusted input: everything taken from one goes through here before reaching the page. */
function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

/** The simulator's inbox: every message sent, newest first, as the phone would show it. Reloads itself. */
export function renderSimulatorInbox(messages: readonly SimulatedSms[], baseUrl: string): string {
  const items = [...messages]
    .reverse()
    .map(
      (message) => `<li class="sms" data-to="${escapeHtml(message.to)}">
  <div class="meta"><strong>${escapeHtml(message.from)}</strong> → <span class="to">${escapeHtml(message.to)}</span>
  <time>${escapeHtml(message.at)}</time></div>
  <p class="text">${escapeHtml(message.text)}</p>
  <div class="meta">${message.parts} part${message.parts === 1 ? "" : "s"} · ${escapeHtml(message.cost)} ·
  <span class="delivery">${escapeHtml(message.delivery ?? "awaiting report")}${
    message.failureReason ? ` (${escapeHtml(message.failureReason)})` : ""
  }</span></div>
</li>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="3">
<link rel="icon" href="data:,">
<title>SMS simulator · KAVI</title>
<style>
body{font:15px/1.4 system-ui,sans-serif;margin:0;background:#f4f4f5;color:#18181b}
header{background:#14532d;color:#fff;padding:12px 16px;display:flex;justify-content:space-between;gap:8px;flex-wrap:wrap}
main{max-width:640px;margin:0 auto;padding:12px}
ul{list-style:none;padding:0;margin:0;display:grid;gap:10px}
.sms{background:#fff;border-radius:12px;padding:10px 14px;box-shadow:0 1px 2px #0002}
.text{white-space:pre-wrap;word-break:break-word;margin:6px 0}
.meta{font-size:13px;color:#52525b}
time{float:right}
.empty{color:#52525b;text-align:center;padding:40px 0}
</style>
</head>
<body>
<header><strong>KAVI · Africa's Talking simulator</strong><span id="count">${
    messages.length === 1 ? "1 message" : `${messages.length} messages`
  }</span></header>
<main>${
    messages.length === 0
      ? `<p class="empty">No messages yet. Point AFRICASTALKING_BASE_URL at ${escapeHtml(baseUrl)}.</p>`
      : `<ul id="inbox">${items}</ul>`
  }</main>
</body>
</html>`;
}
