import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { pdfText } from "./pdf-text";

const hex = (text: string) => Buffer.from(text, "latin1").toString("hex");

/** A content stream in pdfkit's layout: dictionary, `stream`, the compressed bytes, a line break, `endstream`. */
function pdfWithStream(text: string): { pdf: Buffer; lastByte: number } {
  const compressed = deflateSync(Buffer.from(`BT [<${hex(text)}>] TJ ET`, "latin1"));
  const pdf = Buffer.concat([
    Buffer.from(
      `%PDF-1.3\n1 0 obj\n<<\n/Length ${compressed.length}\n/Filter /FlateDecode\n>>\nstream\n`,
      "latin1",
    ),
    compressed,
    Buffer.from("\nendstream\nendobj\n%%EOF\n", "latin1"),
  ]);
  return { pdf, lastByte: compressed.at(-1) ?? 0 };
}

describe("pdfText", () => {
  it("reads a stream whose compressed bytes end in a carriage return (the bug that dropped a report's first page)", () => {
    // The last compressed byte is the low byte of the checksum's running sum; each "x" adds 111 to it, so 256
    // lengths reach every value.
    let found: { pdf: Buffer; text: string } | undefined;
    for (let attempt = 0; attempt < 512 && !found; attempt += 1) {
      const text = `KAVI credit report ${"x".repeat(attempt)}`;
      const { pdf, lastByte } = pdfWithStream(text);
      if (lastByte === 0x0d) found = { pdf, text };
    }
    expect(found).toBeDefined();
    if (found) expect(pdfText(found.pdf)).toBe(found.text);
  });

  it("reads an ordinary stream", () => {
    expect(pdfText(pdfWithStream("Habari").pdf)).toBe("Habari");
  });
});
