import { mkdir } from "node:fs/promises";
import path from "node:path";
import { seedDemo } from "@kavi/db/seed";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, CHROMIUM_PATH, CONTEXT_DEFAULTS, chromiumAvailable } from "./browser";
import { type Stack, startStack } from "./stack";

const available = chromiumAvailable();
/** HOME_SCREENSHOTS=<dir> keeps the pictures (desktop and phone). */
const screenshots = process.env.HOME_SCREENSHOTS ?? null;

async function seen(locator: Locator): Promise<void> {
  await locator.filter({ visible: true }).first().waitFor({ state: "visible" });
}

describe.skipIf(!available)("the business home shows what needs attention today", () => {
  let stack: Stack;
  let browser: Browser;
  let businessId: string;
  const contexts: BrowserContext[] = [];

  async function signedInPage(viewport: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({ viewport, ...CONTEXT_DEFAULTS });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await page.goto(`${stack.appUrl}/sign-in`);
    await page.getByLabel("Email").fill("amina@demo.kavi.africa");
    await page.getByLabel("Password", { exact: true }).fill("Sokoni-Asubuhi-2026");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/b\//);
    return page;
  }

  async function picture(page: Page, name: string) {
    if (!screenshots) return;
    await mkdir(screenshots, { recursive: true });
    await page.screenshot({ path: path.join(screenshots, name), fullPage: true });
  }

  beforeAll(async () => {
    stack = await startStack();
    businessId = (await seedDemo(stack.api.resources.services.db)).businessId;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await stack?.close();
  });

  it("lists overdue invoices with their amount, and the row opens the overdue invoices", async () => {
    const page = await signedInPage({ width: 1280, height: 860 });
    await page.goto(`${stack.appUrl}/b/${businessId}`);
    await seen(page.getByRole("heading", { name: "Needs attention today" }));
    const overdue = page.getByTestId("attention-overdue");
    await seen(overdue);
    await expect(overdue.textContent()).resolves.toMatch(/\d+ overdue invoices?.*KES/);
    await picture(page, "home-attention.desktop.png");
    await overdue.click();
    await page.waitForURL(/\/invoices\?status=overdue/);
  });

  it("answers the month-end cash question in the assistant, and its card opens the cash-flow screen", async () => {
    const page = await signedInPage({ width: 1280, height: 860 });
    await page.goto(`${stack.appUrl}/b/${businessId}`);
    await seen(page.getByRole("button", { name: /Ask KAVI/ }));
    await page.keyboard.press("Control+k");
    const sheet = page.getByRole("dialog", { name: "KAVI assistant" });
    await seen(sheet);
    await sheet.getByLabel("Your question").fill("Will we have enough cash at the end of the month?");
    await sheet.getByRole("button", { name: "Ask", exact: true }).click();
    await seen(sheet.getByText(/your cash is expected to be KES [\d,]+\.00/));
    await seen(sheet.getByRole("region", { name: "Cash forecast" }));
    await picture(page, "assistant-forecast.desktop.png");
    await sheet.getByRole("link", { name: "Open cash flow" }).last().click();
    await page.waitForURL(/\/cash-flow$/);
  });

  it("fits a phone", async () => {
    const page = await signedInPage({ width: 390, height: 844 });
    await page.goto(`${stack.appUrl}/b/${businessId}`);
    await seen(page.getByRole("heading", { name: "Needs attention today" }));
    await seen(page.getByTestId("attention-overdue"));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await picture(page, "home-attention.phone.png");
  });
});
