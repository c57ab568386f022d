import type { Language } from "@kavi/domain";

/** Escapes text for HTML email bodies: every value we interpolate came from a person. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

interface LayoutInput {
  preheader: string;
  heading: string;
  /** Paragraphs of plain text; escaped here. */
  paragraphs: string[];
  action?: { label: string; url: string };
  /** A one-time code shown large, for people who read the email on one device and type on another. */
  code?: { label: string; value: string };
  footnote?: string;
  /** The reader's language: the layout's own words and `<html lang>`. English unless given. */
  language?: Language;
}

const LAYOUT_TEXT: Record<Language, { buttonFallback: string; tagline: string }> = {
  en: {
    buttonFallback: "If the button does not work, copy this link into your browser:",
    tagline: "KAVI · finance co-pilot for small businesses · Nairobi, Kenya",
  },
  sw: {
    buttonFallback: "Kitufe kisipofanya kazi, nakili kiungo hiki kwenye kivinjari chako:",
    tagline: "KAVI · msaidizi wa fedha kwa biashara ndogo · Nairobi, Kenya",
  },
};

/** One table-based layout with inline styles: what survives Gmail, Outlook and phone mail apps. */
export function renderLayout(input: LayoutInput): { html: string; text: string } {
  const language = input.language ?? "en";
  const words = LAYOUT_TEXT[language];
  const paragraphs = input.paragraphs
    .map(
      (paragraph) =>
        `<p style="margin:0 0 16px;font-size:15px;line-height:1.6;color:#334155">${escapeHtml(paragraph)}</p>`,
    )
    .join("");
  const action = input.action
    ? `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:8px 0 24px"><tr><td style="border-radius:8px;background:#0f766e">
<a href="${escapeHtml(input.action.url)}" style="display:inline-block;padding:12px 22px;font-size:15px;font-weight:600;color:#ffffff;text-decoration:none">${escapeHtml(input.action.label)}</a>
</td></tr></table>
<p style="margin:0 0 16px;font-size:13px;line-height:1.5;color:#64748b">${escapeHtml(words.buttonFallback)}<br><span style="word-break:break-all;color:#0f766e">${escapeHtml(input.action.url)}</span></p>`
    : "";
  const code = input.code
    ? `<p style="margin:0 0 8px;font-size:13px;color:#64748b">${escapeHtml(input.code.label)}</p>
<p style="margin:0 0 24px;font-family:'SFMono-Regular',Menlo,Consolas,monospace;font-size:30px;font-weight:700;letter-spacing:0.3em;color:#0f172a">${escapeHtml(input.code.value)}</p>`
    : "";
  const footnote = input.footnote
    ? `<p style="margin:24px 0 0;font-size:13px;line-height:1.5;color:#64748b">${escapeHtml(input.footnote)}</p>`
    : "";
  const html = `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(input.heading)}</title></head>
<body style="margin:0;padding:0;background:#f1f5f9;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif">
<span style="display:none;max-height:0;overflow:hidden">${escapeHtml(input.preheader)}</span>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f1f5f9;padding:32px 12px"><tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:12px;border:1px solid #e2e8f0">
<tr><td style="padding:24px 32px;border-bottom:1px solid #e2e8f0"><span style="font-size:20px;font-weight:700;color:#0f766e;letter-spacing:-0.02em">KAVI</span></td></tr>
<tr><td style="padding:32px">
<h1 style="margin:0 0 20px;font-size:22px;line-height:1.3;color:#0f172a">${escapeHtml(input.heading)}</h1>
${paragraphs}${action}${code}${footnote}
</td></tr></table>
<p style="margin:16px 0 0;font-size:12px;color:#94a3b8">${escapeHtml(words.tagline)}</p>
</td></tr></table></body></html>`;
  const text = [
    input.heading,
    "",
    ...input.paragraphs.flatMap((paragraph) => [paragraph, ""]),
    ...(input.action ? [`${input.action.label}: ${input.action.url}`, ""] : []),
    ...(input.code ? [`${input.code.label} ${input.code.value}`, ""] : []),
    ...(input.footnote ? [input.footnote, ""] : []),
    "— KAVI",
  ].join("\n");
  return { html, text };
}
