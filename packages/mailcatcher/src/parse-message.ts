import { randomUUID } from "node:crypto";
import { type HeaderLines, simpleParser } from "mailparser";
import type { CaughtMessage } from "./types";

export type Envelope = { mailFrom: string | null; rcptTo: string[] };

/** Turns the raw bytes received over SMTP into a `CaughtMessage`. */
export async function parseMessage(raw: Buffer, envelope: Envelope): Promise<CaughtMessage> {
  const parsed = await simpleParser(raw);
  return {
    id: randomUUID(),
    from: parsed.from?.text || envelope.mailFrom || "",
    to: envelope.rcptTo,
    subject: parsed.subject ?? "",
    date: new Date(),
    text: parsed.text ?? "",
    html: parsed.html === false ? null : parsed.html,
    headers: collectHeaders(parsed.headerLines),
    attachments: parsed.attachments.map((attachment, index) => ({
      filename: attachment.filename ?? `attachment-${index + 1}`,
      contentType: attachment.contentType,
      size: attachment.content.length,
      content: attachment.content,
    })),
  };
}

function collectHeaders(lines: HeaderLines): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { key, line } of lines) {
    const separator = line.indexOf(":");
    // Unfold continuation lines (RFC 5322 §2.2.3) so each value reads as one line.
    const value = line
      .slice(separator + 1)
      .replace(/\r?\n[ \t]+/g, " ")
      .trim();
    const name = key.toLowerCase();
    const previous = headers[name];
    headers[name] = previous === undefined ? value : `${previous}\n${value}`;
  }
  return headers;
}
