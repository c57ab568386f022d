import { inflateSync } from "node:zlib";

/**
 * The text a pdfkit PDF draws, in drawing order: each content stream inflated, each text-showing operator's
 * strings decoded (pdfkit writes them as hex in WinAnsi, split by kerning) and joined per operator. Enough for
 * tests to read what a document says; not a general PDF parser.
 */
export function pdfText(content: Buffer): string {
  const raw = content.toString("latin1");
  const pieces: string[] = [];
  const streams = /stream\r?\n([\s\S]*?)\r?\nendstream/g;
  for (const match of raw.matchAll(streams)) {
    let body: string;
    try {
      body = inflateSync(Buffer.from(match[1] ?? "", "latin1")).toString("latin1");
    } catch {
      continue;
    }
    for (const operator of body.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      const text = [...(operator[1] ?? "").matchAll(/<([0-9a-fA-F]*)>/g)]
        .map((hex) => Buffer.from(hex[1] ?? "", "hex").toString("latin1"))
        .join("");
      pieces.push(text);
    }
  }
  return pieces.join("\n");
}
