import type { OcrEngine } from "../receipts/ocr";
import { parseReceiptText } from "../receipts/parse";
import type { TReceiptAnswer } from "../receipts/read";

const decimal = (minor: bigint | null) =>
  minor === null ? null : `${minor / 100n}.${(minor % 100n).toString().padStart(2, "0")}`;

/** What the fake's "vision" answers for a receipt: the offline OCR's reading, in Gemini's answer shape. */
export async function fakeReadReceipt(ocr: OcrEngine, image: Uint8Array): Promise<TReceiptAnswer> {
  const { text } = await ocr.recognise(image);
  const fields = parseReceiptText(text);
  return {
    merchant: fields.merchant,
    date: fields.date,
    total: decimal(fields.totalMinor),
    vat: decimal(fields.vatMinor),
    currency: fields.currency,
  };
}
