import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { RECEIPT_SAMPLES, renderReceiptPng } from "@kavi/ai/receipt-samples";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable } from "./browser";
import { e2eEnv } from "./env";
import { type Stack, startStack } from "./stack";

const available = chromiumAvailable();
const PASSWORD = "Mvua-Ya-Masika-2026";
const suffix = randomBytes(3).toString("hex");

async function seen(locator: Locator): Promise<void> {
  await locator.filter({ visible: true }).first().waitFor({ state: "visible" });
}

async function screenshot(page: Page, name: string) {
  if (!e2eEnv.featureScreenshotDir) return;
  await mkdir(e2eEnv.featureScreenshotDir, { recursive: true });
  await page.screenshot({ path: `${e2eEnv.featureScreenshotDir}/${name}.png` });
}

describe.skipIf(!available)("receipts and attachments", () => {
  let stack: Stack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    stack = await startStack();
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await stack?.close();
  });

  it("scans a receipt into a confirmed expense, then attaches a camera photo to it", async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      reducedMotion: "reduce",
    });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);

    // ── Sign up and create a business ────────────────────────────────────────
    const email = `akinyi.${suffix}@example.co.ke`;
    await page.goto(`${stack.appUrl}/sign-up`);
    await page.getByLabel("Full name").fill("Akinyi Otieno");
    await page.getByLabel("Work email").fill(email);
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await seen(page.getByRole("heading", { level: 1, name: "Check your email" }));
    const verification = await stack.mail.waitForMessage(
      (caught) => caught.to.includes(email) && /is your KAVI code$/.test(caught.subject),
      { timeoutMs: 60_000 },
    );
    await page
      .getByLabel("Code from the email")
      .fill(String(/code in KAVI: (\d{6})/.exec(verification.text)?.[1]));
    await page.getByRole("button", { name: "Confirm and continue" }).click();
    await page.waitForURL(/\/onboarding$/);
    await page.getByLabel("Legal name").fill(`Akinyi Hardware ${suffix} Ltd`);
    await page.getByLabel("KRA PIN").fill("P051234567X");
    await page.getByRole("button", { name: "Create business" }).click();
    await page.waitForURL(/\/b\/[0-9a-f-]{36}$/);
    const businessId = /\/b\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? "";

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
