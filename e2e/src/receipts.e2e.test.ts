import { randomBytes } from "node:crypto";
import { RECEIPT_SAMPLES, renderReceiptPng } from "@kavi/ai/receipt-samples";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  chromiumAvailable,
  launchBrowser,
  saveScreenshot,
  seen,
  signUpWithBusiness,
  type TestBrowser,
} from "./browser";
import { e2eEnv } from "./env";
import { type Stack, startStack } from "./stack";

const available = chromiumAvailable();
const PASSWORD = "Mvua-Ya-Masika-2026";
const suffix = randomBytes(3).toString("hex");

function screenshot(page: Page, name: string) {
  return saveScreenshot(page, e2eEnv.featureScreenshotDir, `${name}.png`);
}

describe.skipIf(!available)("receipts and attachments", () => {
  let stack: Stack;
  let browser: TestBrowser;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("scans a receipt into a confirmed expense, then attaches a camera photo to it", async () => {
    const page = await browser.newPage();

    // ── Sign up and create a business ────────────────────────────────────────
    const businessId = await signUpWithBusiness(page, stack, {
      fullName: "Akinyi Otieno",
      email: `akinyi.${suffix}@example.co.ke`,
      password: PASSWORD,
      legalName: `Akinyi Hardware ${suffix} Ltd`,
    });

    // ── Scan a receipt: upload straight to storage, the worker reads it ──────
    const sample = RECEIPT_SAMPLES.find((candidate) => candidate.name === "supermarket-1");
    if (!sample) throw new Error("sample missing");
    const photo = Buffer.from(await renderReceiptPng(sample));
    await page.goto(`${stack.appUrl}/b/${businessId}/transactions`);
    await page.getByRole("button", { name: "Scan receipt" }).click();
    await screenshot(page, "receipt-capture-1280");
    await page
      .getByLabel("Take a photo of the receipt")
      .setInputFiles({ name: "naivas.png", mimeType: "image/png", buffer: photo });
    const amount = page.getByLabel("Amount");
    await seen(page.getByRole("button", { name: "Save expense" }));
    expect(await amount.inputValue()).toBe("534.00");
    expect(await page.getByLabel("Date").inputValue()).toBe("2026-11-14");
    expect((await page.getByLabel("Merchant / description").inputValue()).toLowerCase()).toBe(
      "naivas supermarket",
    );
    await seen(page.getByText("Includes VAT of KES 73.66."));
    await screenshot(page, "receipt-confirm-1280");
    await page.getByRole("button", { name: "Save expense" }).click();
    await seen(page.getByText("Expense added with its receipt"));

    // ── The expense carries the photo; attach another one from the "camera" ─
    await page
      .getByRole("button", { name: /Naivas Supermarket/i })
      .first()
      .click();
    const attachments = page.getByRole("region", { name: "Attachments" });
    await seen(attachments.getByText("naivas.png"));
    await attachments
      .getByLabel("Take a photo")
      .setInputFiles({ name: "stamp.png", mimeType: "image/png", buffer: photo });
    await seen(page.getByText("Attached"));
    await seen(attachments.getByText("stamp.png"));
    expect(await attachments.getByRole("img").count()).toBe(2);
    await attachments.scrollIntoViewIfNeeded();
    await screenshot(page, "attachments-1280");

    // ── Phone width ─────────────────────────────────────────────────────────
    await page.setViewportSize({ width: 390, height: 844 });
    await attachments.scrollIntoViewIfNeeded();
    await screenshot(page, "attachments-390");
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Scan receipt" }).click();
    await screenshot(page, "receipt-capture-390");
  }, 240_000);
});
