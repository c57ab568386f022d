import { seedDemo } from "@kavi/db/seed";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  chromiumAvailable,
  launchBrowser,
  saveScreenshot,
  seen,
  signInAsDemoOwner,
  type TestBrowser,
} from "./browser";
import { e2eEnv } from "./env";
import { type Stack, startStack } from "./stack";

const available = chromiumAvailable();

describe.skipIf(!available)("the demo owner reads the VAT return and the financial reports", () => {
  let stack: Stack;
  let browser: TestBrowser;

  async function signedIn(width: number): Promise<{ page: Page; businessId: string }> {
    const page = await browser.newPage({ width });
    return { page, businessId: await signInAsDemoOwner(page, stack) };
  }

  beforeAll(async () => {
    stack = await startStack();
    await seedDemo(stack.db);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("shows the VAT3 figures, switches reports, and downloads CSV and PDF", async () => {
    const { page, businessId } = await signedIn(1280);
    await page.getByRole("link", { name: "Reports" }).first().click();
    await seen(page.getByRole("heading", { name: "Reports" }));
    await seen(page.getByText("Output VAT (sales)"));
    await seen(page.getByText(/File and pay on iTax by \d{1,2} [A-Z][a-z]{2} \d{4}\./));
    await seen(page.getByRole("cell", { name: "B · 16 %" }));
    const csv = page.waitForEvent("download");
    await page.getByRole("button", { name: "CSV" }).click();
    expect((await csv).suggestedFilename()).toMatch(/^vat-\d{4}-\d{2}\.csv$/);
    await saveScreenshot(page, e2eEnv.featureScreenshotDir, "reports-vat-desktop.png", { fullPage: true });

    await page.getByLabel("Report").selectOption("profit_and_loss");
    await seen(page.getByRole("columnheader", { name: "Category" }));
    await seen(page.getByText("Profit").first());
    const pdf = page.waitForEvent("download");
    await page.getByRole("button", { name: "PDF" }).click();
    expect((await pdf).suggestedFilename()).toMatch(/^profit-and-loss-.*\.pdf$/);

    await page.getByLabel("Report").selectOption("aged_receivables");
    await seen(page.getByRole("columnheader", { name: "Over 90 days" }));

    // At phone width the figures stack and the tables scroll inside their cards, not the page.
    const phone = await signedIn(390);
    await phone.page.goto(`${stack.appUrl}/b/${businessId}/reports?report=profit_and_loss&from=2026-01-01`);
    await seen(phone.page.getByText("Profit", { exact: true }).first());
    await seen(phone.page.getByRole("button", { name: "PDF" }));
    await saveScreenshot(phone.page, e2eEnv.featureScreenshotDir, "reports-suppliers-phone.png", {
      fullPage: true,
    });
    const overflow = await phone.page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(1);
  });
});
