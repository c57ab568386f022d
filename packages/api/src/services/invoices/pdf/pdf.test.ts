import { describe, expect, it } from "vitest";
import { sampleInvoiceDocument } from "./fixtures";
import { invoicePdfFilename, pdfSafeText, renderInvoicePdf } from "./index";

/** Page objects are written uncompressed; content streams are not, so the page count is what can be read. */
function pageCount(content: Buffer): number {
  return content.toString("latin1").match(/\/Type \/Page\n/g)?.length ?? 0;
}

describe("invoice PDF", () => {
  it.each(["draft", "sent", "paid", "void"] as const)(
    "draws a %s invoice as a one-page A4 PDF",
    async (status) => {
      const pdf = await renderInvoicePdf(sampleInvoiceDocument({ status }));
      expect(pdf.content.subarray(0, 5).toString()).toBe("%PDF-");
      expect(pdf.content.toString("latin1")).toContain("/MediaBox [0 0 595.28 841.89]");
      expect(pageCount(pdf.content)).toBe(1);
    },
  );

  it("runs long invoices onto more pages (the table header and footer repeat there)", async () => {
    const pdf = await renderInvoicePdf(sampleInvoiceDocument({ lineCount: 60 }));
    expect(pageCount(pdf.content)).toBeGreaterThanOrEqual(3);
  });

  it("draws the business's logo when there is one, and goes without an unreadable one", async () => {
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
      "base64",
    );
    const withLogo = await renderInvoicePdf({ ...sampleInvoiceDocument({ status: "sent" }), logo: png });
    expect(withLogo.content.toString("latin1")).toContain("/Subtype /Image");
    const without = await renderInvoicePdf(sampleInvoiceDocument({ status: "sent" }));
    expect(without.content.toString("latin1")).not.toContain("/Subtype /Image");
    const broken = await renderInvoicePdf({
      ...sampleInvoiceDocument({ status: "sent" }),
      logo: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]),
    });
    expect(pageCount(broken.content)).toBe(1);
  });

  it("draws an invoice with no lines without failing", async () => {
    const pdf = await renderInvoicePdf(sampleInvoiceDocument({ lineCount: 0 }));
    expect(pageCount(pdf.content)).toBe(1);
  });

  it.each(["draft", "sent", "paid", "void"] as const)(
    "draws a %s invoice in the customer's language (Kiswahili) on the same single page",
    async (status) => {
      const pdf = await renderInvoicePdf(sampleInvoiceDocument({ status, language: "sw" }));
      const raw = pdf.content.toString("latin1");
      // The document information (title, subject) is written uncompressed, in the customer's words.
      expect(raw).toMatch(/\((Rasimu ya ankara|Ankara INV-2026-0042) kwa Kilimani Flowers Ltd\)/);
      expect(pageCount(pdf.content)).toBe(1);
    },
  );

  it("titles an English customer's invoice in English", async () => {
    const raw = (await renderInvoicePdf(sampleInvoiceDocument())).content.toString("latin1");
    expect(raw).toContain("(Invoice INV-2026-0042 for Kilimani Flowers Ltd)");
  });

  it("names the file after the invoice number, or the draft's id", () => {
    expect(invoicePdfFilename(sampleInvoiceDocument())).toBe("INV-2026-0042.pdf");
    expect(invoicePdfFilename(sampleInvoiceDocument({ status: "draft" }))).toBe("draft-0b6f3c1e.pdf");
  });

  it("keeps what the standard fonts can draw and approximates the rest", () => {
    expect(pdfSafeText("Café – “Maua” ‐ 1\u00a0000")).toBe("Café – “Maua” - 1 000");
    expect(pdfSafeText("Bei ₹ 🌹")).toBe("Bei ? ?");
  });
});
