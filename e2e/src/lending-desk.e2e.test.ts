import { randomBytes } from "node:crypto";
import { lendingOfficers, loanProducts, loanTransfers, userProfiles, users } from "@kavi/db";
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchBrowser, saveScreenshot, seen, signUp, type TestBrowser } from "./browser";
import { e2eEnv } from "./env";
import { type Stack, startStack } from "./stack";

const available = chromiumAvailable();
const PASSWORD = "Mvua-Ya-Masika-2026";
const suffix = randomBytes(3).toString("hex");

function screenshot(page: Page, name: string) {
  return saveScreenshot(page, e2eEnv.featureScreenshotDir, `${name}.png`, { fullPage: true });
}

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

describe.skipIf(!available)("lending desk", () => {
  let stack: Stack;
  let browser: TestBrowser;
  let productId = "";

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    const [product] = await stack.db
      .insert(loanProducts)
      .values({
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
      })
      .returning({ id: loanProducts.id });
    productId = String(product?.id);
    // A confirmed Paybill payment whose account named no loan, as the C2B path keeps it for the desk.
    await stack.db.insert(loanTransfers).values({
      kind: "paybill",
      status: "unmatched",
      amountMinor: 1_110_000n,
      currency: "KES",
      accountReference: "duka 12",
      receipt: `UNM${suffix.toUpperCase()}`,
      payerName: "JOHN K",
      completedAt: new Date("2026-02-09T08:00:00Z"),
    });
    // An account to put on the desk (its password is never used here).
    await stack.db.insert(users).values({
      email: `otieno.${suffix}@example.co.ke`,
      fullName: "Otieno Ochieng",
      passwordHash: "not-used",
    });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("edits and deactivates a product and adds a lending officer, in English and Kiswahili, on desktop and phone", async () => {
    const page = await browser.newPage();

    const email = `amani.${suffix}@example.co.ke`;
    await signUp(page, stack, { fullName: "Amani Mutua", email, password: PASSWORD });
    // The platform's operator: nothing in the product grants super-admin, so it is written in.
    await stack.db.update(users).set({ isSuperAdmin: true }).where(eq(users.email, email));
    await page.waitForTimeout(2_500); // the API's caller cache keeps an answer for 2 s

    // ── Edit the product ───────────────────────────────────────────────────
    await page.goto(`${stack.appUrl}/lending`);
    await seen(page.getByRole("heading", { level: 1, name: "Lending desk" }));
    const row = page.getByRole("listitem", { name: "Biashara Boost" });
    await row.getByRole("button", { name: "Edit" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit Biashara Boost" });
    await seen(dialog);
    expect(await dialog.getByLabel("Interest, % a year").inputValue()).toBe("36");
    expect(await dialog.getByLabel("Largest amount (KES)").inputValue()).toBe("200000.00");
    // A refused value stays in the form with its message under the field.
    await dialog.getByLabel("Largest amount (KES)").fill("1,000");
    await dialog.getByLabel("Smallest amount (KES)").fill("9,000");
    await dialog.getByRole("button", { name: "Save product" }).click();
    await seen(dialog.getByText("The largest amount must not be smaller than the smallest"));
    await dialog.getByLabel("Smallest amount (KES)").fill("5,000");
    await dialog.getByLabel("Largest amount (KES)").fill("250,000");
    await dialog.getByLabel("Name").fill("Biashara Boost Plus");
    await dialog.getByLabel("Interest, % a year").fill("30");
    await screenshot(page, "lending-product-edit-1280-en");
    await dialog.getByRole("button", { name: "Save product" }).click();
    await dialog.waitFor({ state: "hidden" });
    const edited = page.getByRole("listitem", { name: "Biashara Boost Plus" });
    await seen(edited.getByText("30 % a year, flat"));
    const [stored] = await stack.db.select().from(loanProducts).where(eq(loanProducts.id, productId));
    expect(stored).toMatchObject({ annualInterestRateBps: 3000, maxAmountMinor: 25_000_000n, active: true });

    // ── Deactivate it ──────────────────────────────────────────────────────
    await edited.getByRole("button", { name: "Deactivate" }).click();
    await seen(edited.getByText("Inactive"));
    await seen(edited.getByRole("button", { name: "Activate" }));
    const [inactive] = await stack.db.select().from(loanProducts).where(eq(loanProducts.id, productId));
    expect(inactive?.active).toBe(false);

    // ── Add a lending officer ──────────────────────────────────────────────
    await page.getByLabel("Email of an existing KAVI account").fill(`nobody.${suffix}@example.co.ke`);
    await page.getByRole("button", { name: "Add officer" }).click();
    await seen(page.getByText("No KAVI account uses this email address"));
    await page.getByLabel("Email of an existing KAVI account").fill(`otieno.${suffix}@example.co.ke`);
    await page.getByRole("button", { name: "Add officer" }).click();
    await seen(page.getByText("Otieno Ochieng"));
    expect(await stack.db.select().from(lendingOfficers)).toHaveLength(1);

    // ── An unmatched Paybill payment: the loan number is checked before and by the server ──
    await seen(page.getByRole("heading", { name: "Unmatched Paybill payments" }));
    await seen(page.getByText("Account typed: duka 12 · JOHN K"));
    await page.getByLabel("Loan number").fill("duka");
    await page.getByRole("button", { name: "Assign to loan" }).click();
    await seen(page.getByText("Loan numbers look like LN000123"));
    await page.getByLabel("Loan number").fill("LN999999");
    await page.getByRole("button", { name: "Assign to loan" }).click();
    await seen(page.getByText("No loan has this number"));
    await screenshot(page, "lending-desk-1280-en");

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await seen(page.getByRole("heading", { level: 1, name: "Lending desk" }));
    await seen(page.getByText("Otieno Ochieng"));
    await noSidewaysScroll(page);
    await screenshot(page, "lending-desk-390-en");

    // ── Kiswahili ──────────────────────────────────────────────────────────
    const [me] = await stack.db.select({ id: users.id }).from(users).where(eq(users.email, email));
    await stack.db
      .update(userProfiles)
      .set({ language: "sw" })
      .where(eq(userProfiles.userId, String(me?.id)));
    await page.reload();
    await seen(page.getByRole("heading", { level: 1, name: /Dawati/ }));
    await seen(page.getByRole("heading", { name: "Maafisa wa mikopo" }));
    await seen(page.getByRole("heading", { name: "Malipo ya Paybill yasiyolingana" }));
    await page.getByLabel("Namba ya mkopo").fill("LN999999");
    await page.getByRole("button", { name: "Weka kwenye mkopo" }).click();
    await seen(page.getByText("Hakuna mkopo wenye namba hii"));
    await noSidewaysScroll(page);
    await screenshot(page, "lending-desk-390-sw");
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.reload();
    await seen(page.getByRole("heading", { name: "Maafisa wa mikopo" }));
    await screenshot(page, "lending-desk-1280-sw");
    await page
      .getByRole("listitem", { name: "Biashara Boost Plus" })
      .getByRole("button", { name: "Hariri" })
      .click();
    await seen(page.getByRole("dialog", { name: "Hariri Biashara Boost Plus" }));
    await screenshot(page, "lending-product-edit-1280-sw");
  });
});
