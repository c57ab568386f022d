import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGeminiClient } from "../client";
import { type FakeGemini, startFakeGemini } from "../fake";
import { createTesseractEngine, type OcrEngine } from "./ocr";
import { decimalToMinor, readReceiptWithGemini, readReceiptWithOcr } from "./read";
import { RECEIPT_SAMPLES, renderReceiptPng } from "./samples";

let fake: FakeGemini;
let ocr: OcrEngine;

beforeAll(async () => {
  fake = await startFakeGemini();
  ocr = createTesseractEngine();
});

afterAll(async () => {
  await ocr.close();
  await fake.close();
});

const sample = RECEIPT_SAMPLES.find((candidate) => candidate.name === "fuel-1");

describe("reading a receipt", () => {
  it("reads a rendered fuel receipt offline with OCR", async () => {
    if (!sample) throw new Error("sample missing");
    const reading = await readReceiptWithOcr(ocr, await renderReceiptPng(sample));
    expect(reading).toMatchObject({
      engine: "tesseract",
      date: sample.truth.date,
      totalMinor: sample.truth.totalMinor,
      vatMinor: sample.truth.vatMinor,
    });
    expect(reading.merchant?.toLowerCase()).toBe(sample.truth.merchant.toLowerCase());
    expect(reading.confidence).toBeGreaterThan(0.5);
  }, 60_000);

  it("reads it through Gemini vision (the local fake) with the image sent inline", async () => {
    if (!sample) throw new Error("sample missing");
    const gemini = createGeminiClient({
      apiKey: "test",
      baseUrl: fake.url,
      model: "gemini-2.5-flash",
      timeoutMs: 60_000,
    });
    const reading = await readReceiptWithGemini(gemini, {
      bytes: await renderReceiptPng(sample),
      contentType: "image/png",
    });
    expect(reading).toMatchObject({
      engine: "gemini",
      totalMinor: 514_800n,
      vatMinor: 71_007n,
      date: "2026-11-21",
    });
    const body = JSON.stringify(fake.requests().at(-1)?.body);
    expect(body).toContain('"inlineData"');
    expect(body).toContain('"mimeType":"image/png"');
  }, 60_000);

  it("reads a model's decimals into minor units and refuses anything else", () => {
    expect(decimalToMinor("1250")).toBe(125_000n);
    expect(decimalToMinor("1250.5")).toBe(125_050n);
    expect(decimalToMinor("1,250.00")).toBeNull();
    expect(decimalToMinor("-3")).toBeNull();
  });
});
