import { inflateSync } from "node:zlib";

/**
 * The text a pdfkit PDF draws, in drawing order: each content stream inflated, each text-showing operator's
 * strings decoded (pdfkit writes them as hex in WinAnsi, split by kerning) and joined per operator. Enough for
 * tests to read what a document says; not a general PDF parser.
 *
 * Each stream is cut by its dictionary's `/Length`, never by searching for `endstream`: compressed bytes may end in
 * a carriage return, which a search would take for the line break before `endstream` and cut off.
 */
export function pdfText(content: Buffer): string {
  const raw = content.toString("latin1");
  const pieces: string[] = [];
  const streams = /\/Length (\d+)[^>]*>>\s*stream\r?\n/g;
  for (const match of raw.matchAll(streams)) {
    const start = match.index + match[0].length;
    const bytes = content.subarray(start, start + Number(match[1]));
    let body: string;
    try {
      body = inflateSync(bytes).toString("latin1");
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
