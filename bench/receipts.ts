/**
 * Receipt reading benchmark (issue 10): the sample receipts made in the repository (packages/ai/src/receipts/
 * samples.ts: supermarket, fuel station, M-Pesa till, hardware; some blurred or turned a degree, as phone photos
 * are) rendered to PNG and read by
 *   1. offline OCR (tesseract.js with the npm English model) + the receipt parser — what runs without a key;
 *   2. Gemini vision through the local fake (which itself reads with the same OCR: this measures the wire path,
 *      not a real model; set BENCH_GEMINI_API_KEY to measure the real one).
 * It prints per-field accuracy (merchant, date, total, VAT) and time per receipt.
 *
 *   pnpm bench receipts
 */
import {
  createGeminiClient,
  createTesseractEngine,
  type ReceiptReading,
  readReceiptWithGemini,
  readReceiptWithOcr,
} from "@kavi/ai";
import { startFakeGemini } from "@kavi/ai/fake";
import { RECEIPT_SAMPLES, type ReceiptSample, renderReceiptPng } from "@kavi/ai/receipt-samples";

const FIELDS = ["merchant", "date", "total", "vat"] as const;
type Field = (typeof FIELDS)[number];

const normalise = (name: string | null) => (name ?? "").toLowerCase().replace(/[^a-z0-9]/g, "");

function correct(sample: ReceiptSample, reading: ReceiptReading): Record<Field, boolean> {
  return {
    merchant: normalise(reading.merchant) === normalise(sample.truth.merchant),
    date: reading.date === sample.truth.date,
    total: reading.totalMinor === sample.truth.totalMinor,
    vat: reading.vatMinor === sample.truth.vatMinor,
  };
}

async function measure(label: string, read: (png: Uint8Array) => Promise<ReceiptReading>) {
  const right: Record<Field, number> = { merchant: 0, date: 0, total: 0, vat: 0 };
  let allRight = 0;
  let totalMs = 0;
  for (const sample of RECEIPT_SAMPLES) {
    const png = await renderReceiptPng(sample);
    const started = performance.now();
    const reading = await read(png);
    totalMs += performance.now() - started;
    const result = correct(sample, reading);
    for (const field of FIELDS) if (result[field]) right[field] += 1;
    if (FIELDS.every((field) => result[field])) allRight += 1;
    const misses = FIELDS.filter((field) => !result[field]);
    console.log(
      `  ${sample.name.padEnd(16)} ${misses.length === 0 ? "all fields right" : `missed ${misses.join(", ")}`}` +
        (misses.length > 0
          ? ` (read ${JSON.stringify({ merchant: reading.merchant, date: reading.date, total: reading.totalMinor?.toString(), vat: reading.vatMinor?.toString() })})`
          : ""),
    );
  }
  const count = RECEIPT_SAMPLES.length;
  const percent = (value: number) => `${((value / count) * 100).toFixed(0)} %`;
  console.log(
    `${label}: ${FIELDS.map((field) => `${field} ${percent(right[field])}`).join("  ")}  all four ${percent(allRight)}` +
      `  (${count} receipts, ${(totalMs / count).toFixed(0)} ms each)`,
  );
}

const ocr = createTesseractEngine();
try {
  console.log("Offline OCR (tesseract.js, eng best_int) + parser");
  await measure("offline OCR", (png) => readReceiptWithOcr(ocr, png));
  const fake = process.env.BENCH_GEMINI_API_KEY ? null : await startFakeGemini();
  try {
    const gemini = createGeminiClient({
      apiKey: process.env.BENCH_GEMINI_API_KEY ?? "bench-fake-key",
      baseUrl: fake?.url,
      model: process.env.BENCH_GEMINI_MODEL ?? "gemini-2.5-flash",
      timeoutMs: 60_000,
    });
    console.log(`Gemini vision (${fake ? "the local fake" : "Gemini"})`);
    await measure("gemini vision", (png) =>
      readReceiptWithGemini(gemini, { bytes: png, contentType: "image/png" }),
    );
  } finally {
    await fake?.close();
  }
} finally {
  await ocr.close();
}
