import { z } from "zod";
import type { GeminiClient } from "../client";
import type { OcrEngine } from "./ocr";
import { parseReceiptText, type ReceiptFields } from "./parse";

/**
 * Reading a photographed receipt into expense fields: Gemini vision when a key is configured, otherwise (or when
 * Gemini fails) offline OCR plus the receipt parser. The model's answer is outside input: parsed with a schema and
 * its amounts read as decimal strings into minor units, never floats.
 */
export interface ReceiptReading extends ReceiptFields {
  engine: "tesseract" | "gemini";
  /** 0–1: how sure the reader is (OCR confidence × the share of fields found). */
  confidence: number;
  rawText: string | null;
}

export const RECEIPT_TASK_MARKER = "KAVI-TASK: read-receipt";

export const ZReceiptAnswerSchema = z.object({
  merchant: z.string().max(200).nullable(),
  /** YYYY-MM-DD. */
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
  /** The amount paid, as printed, in major units with two decimals ("1250.00"). */
  total: z
    .string()
    .regex(/^\d{1,12}(\.\d{1,2})?$/)
    .nullable(),
  vat: z
    .string()
    .regex(/^\d{1,12}(\.\d{1,2})?$/)
    .nullable(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default("KES"),
});
export type TReceiptAnswer = z.output<typeof ZReceiptAnswerSchema>;

export const RECEIPT_SYSTEM_INSTRUCTION =
  "You read photographed receipts for a small business in Kenya. Dates on Kenyan receipts are day first. Give the " +
  "merchant's name, the date as YYYY-MM-DD, the total paid and the VAT included (16% in Kenya; null if none is " +
  "printed), amounts as plain decimals without thousands separators. Use null for anything you cannot read. " +
  "Answer only with JSON.";

export const RECEIPT_PROMPT = `${RECEIPT_TASK_MARKER}\nRead this receipt.`;

/** "1,250.5" style decimals from a model → minor units; null when absent or not a plain amount. */
export function decimalToMinor(value: string | null): bigint | null {
  if (value === null) return null;
  const match = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(value);
  if (!match) return null;
  return BigInt(match[1] ?? "0") * 100n + BigInt((match[2] ?? "").padEnd(2, "0"));
}

function fieldShare(fields: ReceiptFields): number {
  const found = [fields.merchant, fields.date, fields.totalMinor].filter((value) => value !== null).length;
  return found / 3;
}

export async function readReceiptWithOcr(engine: OcrEngine, image: Uint8Array): Promise<ReceiptReading> {
  const { text, confidence } = await engine.recognise(image);
  const fields = parseReceiptText(text);
  return { ...fields, engine: "tesseract", confidence: confidence * fieldShare(fields), rawText: text };
}

export async function readReceiptWithGemini(
  gemini: GeminiClient,
  image: { bytes: Uint8Array; contentType: string },
): Promise<ReceiptReading> {
  const { data } = await gemini.generateStructured({
    schema: ZReceiptAnswerSchema,
    system: RECEIPT_SYSTEM_INSTRUCTION,
    prompt: RECEIPT_PROMPT,
    images: [{ mimeType: image.contentType, data: Buffer.from(image.bytes).toString("base64") }],
  });
  const totalMinor = decimalToMinor(data.total);
  const vatMinor = decimalToMinor(data.vat);
  const fields: ReceiptFields = {
    merchant: data.merchant?.trim() || null,
    date: data.date,
    totalMinor: totalMinor && totalMinor > 0n ? totalMinor : null,
    // A VAT figure at or above the total is a misreading.
    vatMinor: vatMinor !== null && totalMinor !== null && vatMinor < totalMinor ? vatMinor : null,
    currency: data.currency,
  };
  return { ...fields, engine: "gemini", confidence: 0.9 * fieldShare(fields), rawText: null };
}
