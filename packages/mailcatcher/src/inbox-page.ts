import type { CaughtMessage } from "./types";

export type MessageView = "html" | "text" | "headers";

export type InboxPageInput = {
  messages: readonly CaughtMessage[];
  selected: CaughtMessage | undefined;
  view: MessageView;
  /** Where applications should send mail, shown in the empty state. */
  smtpAddress: string;
  /** Changes whenever the inbox changes; the page polls for it. */
  etag: string;
  /** Allows the page's own script under the Content-Security-Policy. */
  nonce: string;
};

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Messages are untrusted input: everything taken from one goes through here before reaching the page. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

export function renderInboxPage(input: InboxPageInput): string {
  const { messages, selected } = input;
  const title = selected ? `${selected.subject || "(no subject)"} · Mail catcher` : "Mail catcher";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style>${STYLES}</style>
</head>
<body data-etag="${escapeHtml(input.etag)}">
<header class="bar">
  <a class="brand" href="/">KAVI <span>mail catcher</span></a>
  <span class="count" id="count">${messages.length === 1 ? "1 message" : `${messages.length} messages`}</span>
  <button type="button" id="clear" class="danger"${messages.length === 0 ? " disabled" : ""}>Clear all</button>
</header>
<main class="layout${selected ? " has-selection" : ""}">
  <nav id="inbox" aria-label="Messages">${renderList(messages, selected, input.smtpAddress)}</nav>
  <section id="viewer" aria-label="Message" data-message-id="${escapeHtml(selected?.id ?? "")}">${
    selected ? renderMessage(selected, input.view) : renderNoSelection(messages.length)
  }</section>
</main>
<script nonce="${escapeHtml(input.nonce)}">${SCRIPT}</script>
</body>
</html>`;
}

function renderList(
  messages: readonly CaughtMessage[],
  selected: CaughtMessage | undefined,
  smtpAddress: string,
): string {
  if (messages.length === 0) {
    return `<div class="empty">
  <p><strong>No email yet.</strong></p>
  <p>Send mail to <code>${escapeHtml(smtpAddress)}</code> (no password, no TLS). New messages show up here by themselves.</p>
</div>`;
  }
  const items = messages.map((message) => {
    const current = message.id === selected?.id;
    return `<li><a class="item${current ? " current" : ""}" href="/?id=${encodeURIComponent(message.id)}"${
      current ? ' aria-current="true"' : ""
    }>
  <span class="from">${escapeHtml(message.from || "(no sender)")}</span>
  ${renderTime(message.date)}
  <span class="subject">${escapeHtml(message.subject || "(no subject)")}</span>
  <span class="to">to ${escapeHtml(message.to.join(", "))}${
    message.attachments.length > 0 ? ` · ${message.attachments.length} attachment(s)` : ""
  }</span>
</a></li>`;
  });
  return `<ul>${items.join("\n")}</ul>`;
}

function renderNoSelection(count: number): string {
  return count === 0 ? "" : `<p class="hint">Choose a message to read it.</p>`;
}

function renderMessage(message: CaughtMessage, requestedView: MessageView): string {
  const view = requestedView === "html" && message.html === null ? "text" : requestedView;
  const link = (target: MessageView, label: string) =>
    `<a href="/?id=${encodeURIComponent(message.id)}&amp;view=${target}"${
      view === target ? ' aria-current="page"' : ""
    }>${label}</a>`;
  const tabs = [
    message.html === null ? "" : link("html", "HTML"),
    link("text", "Text"),
    link("headers", "Headers"),
  ];
  return `<a class="back" href="/">← Inbox</a>
<h1>${escapeHtml(message.subject || "(no subject)")}</h1>
<dl class="meta">
  <dt>From</dt><dd>${escapeHtml(message.from || "(no sender)")}</dd>
  <dt>To</dt><dd>${escapeHtml(message.to.join(", "))}</dd>
  <dt>Received</dt><dd>${renderTime(message.date)}</dd>
</dl>
${renderAttachments(message)}
<nav class="tabs" aria-label="Show as">${tabs.join("")}</nav>
${renderBody(message, view)}`;
}

function renderAttachments(message: CaughtMessage): string {
  if (message.attachments.length === 0) return "";
  const items = message.attachments.map(
    (attachment, index) =>
      `<li><a href="/api/messages/${encodeURIComponent(message.id)}/attachments/${index}" download="${escapeHtml(
        attachment.filename,
      )}">${escapeHtml(attachment.filename)}</a> <span class="muted">${escapeHtml(attachment.contentType)}, ${formatSize(
        attachment.size,
      )}</span></li>`,
  );
  return `<ul class="attachments" aria-label="Attachments">${items.join("")}</ul>`;
}

function renderBody(message: CaughtMessage, view: MessageView): string {
  if (view === "html" && message.html !== null) {
    // No allow-scripts and no allow-same-origin: the message cannot run code or reach this page.
    // Links open in a new, unsandboxed tab so invitation and reset links work.
    const document = `<base target="_blank">${message.html}`;
    return `<iframe class="html" title="HTML body" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${escapeHtml(
      document,
    )}"></iframe>`;
  }
  if (view === "headers") {
    const rows = Object.entries(message.headers).map(
      ([name, value]) => `<tr><th scope="row">${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`,
    );
    return `<table class="headers">${rows.join("")}</table>`;
  }
  return `<pre class="text">${escapeHtml(message.text || "(no text part)")}</pre>`;
}

function renderTime(date: Date): string {
  const iso = date.toISOString();
  const sameDay = date.toDateString() === new Date().toDateString();
  const label = sameDay
    ? date.toLocaleTimeString("en-GB")
    : `${date.toLocaleDateString("en-GB", { day: "numeric", month: "short" })} ${date.toLocaleTimeString("en-GB")}`;
  return `<time datetime="${iso}">${escapeHtml(label)}</time>`;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

// Polls with HEAD for the inbox ETag; when it changes, fetches this same page and swaps the list in.
// The server already escaped everything, so moving its nodes across is safe.
const SCRIPT = `
(() => {
  document.addEventListener("click", async (event) => {
    const clear = event.target.closest("#clear");
    if (!clear) return;
    clear.disabled = true;
    await fetch("/api/messages", { method: "DELETE" });
    location.href = "/";
  });
  let busy = false;
  async function poll() {
    if (busy || document.hidden) return;
    busy = true;
    try {
      const head = await fetch("/api/messages", { method: "HEAD", cache: "no-store" });
      if (head.headers.get("etag") === document.body.dataset.etag) return;
      const response = await fetch(location.href, { cache: "no-store" });
      const next = new DOMParser().parseFromString(await response.text(), "text/html");
      document.body.dataset.etag = next.body.dataset.etag;
      for (const id of ["inbox", "count", "clear"]) document.getElementById(id).replaceWith(next.getElementById(id));
      const viewer = document.getElementById("viewer");
      const nextViewer = next.getElementById("viewer");
      if (viewer.dataset.messageId !== nextViewer.dataset.messageId) {
        if (viewer.dataset.messageId) { location.href = "/"; return; }
        viewer.replaceWith(nextViewer);
      }
    } catch {
      // The mail catcher is restarting; try again on the next tick.
    } finally {
      busy = false;
    }
  }
  setInterval(poll, 2000);
})();
`;

const STYLES = `
:root { color-scheme: light; --ink: #1c2430; --muted: #5b6675; --line: #dfe3e8; --accent: #0b6e4f; --bg: #f6f7f9; --danger: #a4262c; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); min-height: 100vh; display: flex; flex-direction: column; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible { outline: 3px solid #f2b705; outline-offset: 2px; }
.bar { display: flex; align-items: center; gap: 1rem; padding: .75rem 1rem; background: #fff; border-bottom: 1px solid var(--line); position: sticky; top: 0; z-index: 1; }
.brand { font-weight: 700; text-decoration: none; color: var(--ink); }
.brand span { font-weight: 400; color: var(--muted); }
.count { color: var(--muted); margin-left: auto; }
button { font: inherit; padding: .4rem .9rem; border-radius: 6px; border: 1px solid var(--line); background: #fff; cursor: pointer; }
button.danger { color: var(--danger); border-color: currentColor; }
button:disabled { opacity: .5; cursor: default; }
.layout { flex: 1; display: grid; grid-template-columns: minmax(260px, 380px) 1fr; min-height: 0; }
#inbox { border-right: 1px solid var(--line); background: #fff; overflow-y: auto; max-height: calc(100vh - 3.5rem); }
#inbox ul { list-style: none; margin: 0; padding: 0; }
.item { display: grid; grid-template-columns: 1fr auto; gap: .1rem .75rem; padding: .75rem 1rem; border-bottom: 1px solid var(--line); color: inherit; text-decoration: none; }
.item:hover { background: #f0f4f2; }
.item.current { background: #e3f1ea; box-shadow: inset 3px 0 0 var(--accent); }
.from { font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.item time { color: var(--muted); font-size: .85em; }
.subject, .to { grid-column: 1 / -1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.to, .muted, .hint { color: var(--muted); font-size: .9em; }
.empty { padding: 2rem 1rem; }
code { background: #eef1f4; padding: .1rem .35rem; border-radius: 4px; word-break: break-all; }
#viewer { padding: 1rem 1.5rem; min-width: 0; display: flex; flex-direction: column; }
#viewer h1 { font-size: 1.3rem; margin: .25rem 0 .75rem; overflow-wrap: anywhere; }
.back { display: none; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0 0 .75rem; }
.meta dt { color: var(--muted); }
.meta dd { margin: 0; overflow-wrap: anywhere; }
.attachments { margin: 0 0 .75rem; padding-left: 1.2rem; }
.tabs { display: flex; gap: .25rem; border-bottom: 1px solid var(--line); margin-bottom: .75rem; }
.tabs a { padding: .4rem .8rem; text-decoration: none; border-radius: 6px 6px 0 0; }
.tabs a[aria-current] { background: #fff; border: 1px solid var(--line); border-bottom-color: #fff; margin-bottom: -1px; color: var(--ink); font-weight: 600; }
iframe.html { flex: 1; width: 100%; min-height: 65vh; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
pre.text { white-space: pre-wrap; overflow-wrap: anywhere; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 1rem; margin: 0; font: 14px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace; }
table.headers { border-collapse: collapse; background: #fff; font-size: .9em; }
table.headers th, table.headers td { text-align: left; vertical-align: top; padding: .3rem .6rem; border: 1px solid var(--line); overflow-wrap: anywhere; }
@media (max-width: 760px) {
  .layout { grid-template-columns: 1fr; }
  #inbox { border-right: 0; max-height: none; }
  .has-selection #inbox { display: none; }
  .layout:not(.has-selection) #viewer { display: none; }
  #viewer { padding: 1rem; }
  .back { display: inline-block; margin-bottom: .5rem; }
}
`;
