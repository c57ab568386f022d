import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { SANDBOX_STK_PASSKEY } from "@kavi/daraja";
import { magicPhoneFor } from "@kavi/daraja/simulator";
import { loanInstalments, loanProducts, loans } from "@kavi/db";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable, signUpWithBusiness } from "./browser";
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
  await page.screenshot({ path: `${e2eEnv.featureScreenshotDir}/${name}.png`, fullPage: true });
}

/** YYYY-MM-DD `count` months after `day`, the day of month clamped to the month's length. */
function monthsAfter(day: string, count: number): string {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  const last = new Date(Date.UTC(year, month - 1 + count + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month - 1 + count, Math.min(date, last))).toISOString().slice(0, 10);
}

/** An active loan of the business (as a confirmed disbursement leaves it), its schedule starting today. */
async function activeLoan(stack: Stack, businessId: string) {
  const [product] = await stack.db
    .insert(loanProducts)
    .values({
      name: "Biashara Boost",
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
    })
    .returning();
  const startDate = new Date().toISOString().slice(0, 10);
  const terms = {
    principalMinor: 3_000_000n,
    tenorCount: 3,
    tenorUnit: "month" as const,
    interestMethod: "flat" as const,
    annualInterestRateBps: 3600,
    feeRateBps: 200,
    feeFixedMinor: 0n,
  };
  const [loan] = await stack.db
    .insert(loans)
    .values({
      businessId,
      number: `LN9${randomBytes(2).readUInt16BE(0).toString().padStart(5, "0")}`,
      productId: String(product?.id),
      status: "active",
      currency: "KES",
      ...terms,
      penaltyRateBps: 500,
      penaltyGraceDays: 3,
      purpose: "Stock for December",
      payoutPhone: "+254712345678",
      disbursedAt: new Date(),
      startDate,
    })
    .returning();
  // KES 30,000 at 36 % flat over 3 months with a 2 % fee: 10,000 + 900 interest + 200 fee a month.
  await stack.db.insert(loanInstalments).values(
    [1, 2, 3].map((number) => ({
      loanId: String(loan?.id),
      number,
      dueDate: monthsAfter(startDate, number),
      principalMinor: 1_000_000n,
      interestMinor: 90_000n,
      feeMinor: 20_000n,
    })),
  );
  return { id: String(loan?.id), number: String(loan?.number) };
}

describe.skipIf(!available)("loan repayment", () => {
  let stack: Stack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    stack = await startStack({ mpesa: true });
    // The lender's Paybill (the development lender) with its passkey, as Daraja knows it once the lender is live.
    stack.daraja?.registerPasskey("600100", SANDBOX_STK_PASSKEY);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await stack?.close();
  });

  it("repays the next instalment by M-Pesa prompt from the loan page, on desktop and phone, in both languages", async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      reducedMotion: "reduce",
    });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);

    const email = `otieno.${suffix}@example.co.ke`;
    const businessId = await signUpWithBusiness(page, stack, {
      fullName: "Otieno Ouma",
      email,
      password: PASSWORD,
      legalName: `Otieno Hardware ${suffix} Ltd`,
    });
    const loan = await activeLoan(stack, businessId);

    // ── The loan page: the Repayments card, empty; Repay the next instalment (11,100) by prompt ──
    await page.goto(`${stack.appUrl}/b/${businessId}/loans/${loan.id}`);
    await seen(page.getByRole("heading", { level: 1, name: `Loan ${loan.number}` }));
    await seen(page.getByText("No money has moved on this loan yet."));
    await page.getByRole("button", { name: "Repay" }).click();
    const dialog = page.getByRole("dialog");
    await seen(dialog.getByText("Next instalment"));
    await dialog.getByLabel("M-Pesa number to prompt").fill(magicPhoneFor("success"));
    await screenshot(page, "loan-repay-dialog-1280");
    await dialog.getByRole("button", { name: "Send prompt" }).click();
    await seen(dialog.getByText("Paid KES 11,100.00"));
    await screenshot(page, "loan-repay-paid-1280");
    await dialog.getByRole("button", { name: "Done" }).click();

    // ── The history shows the repayment; the schedule's first instalment is paid ──
    await seen(page.getByText("Repayment (prompt)"));
    await seen(page.getByText("Done", { exact: true }));
    await screenshot(page, "loan-repayments-1280");

    // ── Phone width, and Kiswahili ──
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await seen(page.getByText("Repayment (prompt)"));
    await screenshot(page, "loan-repayments-390");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.getByRole("button", { name: "Repay" }).click();
    await seen(page.getByRole("dialog").getByText("Settle the whole loan now"));
    await screenshot(page, "loan-repay-dialog-390");
    await page.keyboard.press("Escape");

    await page.evaluate(() => window.localStorage.setItem("kavi.language", "sw"));
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${stack.appUrl}/account`);
    await page.getByRole("button", { name: new RegExp(email.replace(".", "\\.")) }).click();
    await page.getByRole("menuitem", { name: "Kiswahili" }).click();
    await page.goto(`${stack.appUrl}/b/${businessId}/loans/${loan.id}`);
    await seen(page.getByText("Rejesho (ombi la simu)"));
    await screenshot(page, "loan-repayments-sw-1280");
    await page.getByRole("button", { name: "Lipa" }).first().click();
    await seen(page.getByRole("dialog").getByText("Awamu inayofuata"));
    await screenshot(page, "loan-repay-dialog-sw-1280");
    await page.keyboard.press("Escape");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await seen(page.getByText("Rejesho (ombi la simu)"));
    await screenshot(page, "loan-repayments-sw-390");
  });
});
