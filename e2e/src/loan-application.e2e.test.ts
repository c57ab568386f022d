import { randomBytes } from "node:crypto";
import { loanProducts } from "@kavi/db";
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
// A real 1×1 PNG: KYC documents are checked by their bytes.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

function screenshot(page: Page, name: string) {
  return saveScreenshot(page, e2eEnv.featureScreenshotDir, `${name}.png`, { fullPage: true });
}

describe.skipIf(!available)("loan application", () => {
  let stack: Stack;
  let browser: TestBrowser;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    await stack.db.insert(loanProducts).values({
      name: "Biashara Boost",
      description: "Working capital for stock",
      minAmountMinor: 500_000n,
      maxAmountMinor: 20_000_000n,
      tenorUnit: "month",
      minTenor: 1,
      maxTenor: 6,
      interestMethod: "flat",
      annualInterestRateBps: 3600,
      feeRateBps: 200,
      penaltyRateBps: 500,
      penaltyGraceDays: 3,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("applies for an offer with a KYC document and follows it on the loan page, on desktop and phone", async () => {
    const page = await browser.newPage();

    const email = `wanjiru.${suffix}@example.co.ke`;
    const businessId = await signUpWithBusiness(page, stack, {
      fullName: "Wanjiru Kariuki",
      email,
      password: PASSWORD,
      legalName: `Wanjiru Grocers ${suffix} Ltd`,
    });

    // ── The offer, and the application with a document ───────────────────────
    await page.getByRole("link", { name: "Loans" }).first().click();
    await seen(page.getByRole("heading", { level: 1, name: "Loans" }));
    const offer = page.getByRole("article", { name: "Biashara Boost" });
    await seen(offer);
    await screenshot(page, "loans-1280");
    await offer.getByRole("button", { name: "Apply" }).click();
    await page.getByLabel("Amount (KES)").fill("50,000");
    await page.getByLabel("Repay over").selectOption("3");
    await page.getByLabel("What is the loan for?").fill("Stock for the December rush");
    await page.getByLabel("M-Pesa number to receive the loan").fill("0712 345 678");
    await page
      .locator('input[data-kyc="national_id"]')
      .setInputFiles({ name: "id-front.png", mimeType: "image/png", buffer: PNG });
    await seen(page.getByText("id-front.png"));
    await screenshot(page, "loan-apply-1280");
    await page.getByRole("button", { name: "Send application" }).click();

    // ── The loan page: status, the schedule (3 × 16,666.67/16,666.66 + 1,500 interest + fee) ──
    await page.waitForURL(new RegExp(`/b/${businessId}/loans/[0-9a-f-]{36}$`));
    await seen(page.getByRole("heading", { level: 1, name: /^Loan LN\d{6}$/ }));
    await seen(page.getByText("Submitted"));
    const rows = page.locator("table tbody tr");
    expect(await rows.count()).toBe(3);
    // KES 50,000 at 36 % flat for 3 months: KES 1,500 interest a month; the 2 % fee (KES 1,000) spread.
    await seen(rows.first().getByText("1,500.00"));
    await seen(page.getByText("Provided"));
    await screenshot(page, "loan-detail-1280");

    // ── The same screens at phone width ──────────────────────────────────────
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await seen(page.getByRole("heading", { level: 1, name: /^Loan LN\d{6}$/ }));
    await screenshot(page, "loan-detail-390");
    await page.goto(`${stack.appUrl}/b/${businessId}/loans`);
    await seen(page.getByRole("heading", { level: 1, name: "Loans" }));
    await screenshot(page, "loans-390");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
