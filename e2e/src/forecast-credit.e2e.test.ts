import { DEMO_PASSWORD, seedDemo } from "@kavi/db/seed";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable } from "./browser";
import { type Stack, startStack } from "./stack";

const available = chromiumAvailable();

async function seen(locator: Locator): Promise<void> {
  await locator.filter({ visible: true }).first().waitFor({ state: "visible" });
}

describe.skipIf(!available)(
  "the demo owner reads the cash forecast and shares a credit report a lender verifies",
  () => {
    let stack: Stack;
    let browser: Browser;
    const contexts: BrowserContext[] = [];

    async function newPage(width = 1280): Promise<Page> {
      const context = await browser.newContext({ viewport: { width, height: 900 }, reducedMotion: "reduce" });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(60_000);
      return page;
    }

    beforeAll(async () => {
      stack = await startStack();
      await seedDemo(stack.db);
      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    });

    afterAll(async () => {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser?.close().catch(() => undefined);
      await stack?.close();
    });

    it("shows history and forecast with a summary, runs a what-if, sets the alert, and issues a verifiable report", async () => {
      const page = await newPage();
      await page.goto(`${stack.appUrl}/sign-in`);
      await page.getByLabel("Email").fill("amina@demo.kavi.africa");
      await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/b\/[0-9a-f-]{36}/);
      const businessId = /\/b\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? "";

      // ── The cash-flow page: one chart for history and forecast, a summary in words ──
      await page.goto(`${stack.appUrl}/b/${businessId}/cash-flow`);
      await seen(page.getByRole("heading", { name: "Next 90 days" }));
      await seen(
        page.getByRole("img", {
          name: /Cash balance over the last 60 days and expected over the next 90 days/,
        }),
      );
      await seen(page.getByText(/is owed to you, \d+ % of it from three customers/));
      await seen(page.getByText(/Expected balance in 90 days: KES/));

      // ── A what-if: the largest invoice is never paid ──
      const firstInvoice = page.getByRole("combobox", { name: /^What if / }).first();
      await firstInvoice.selectOption("unpaid");
      await seen(page.getByText(/With these what-ifs the balance in 90 days changes by/));
      await page.getByRole("button", { name: "Reset what-ifs" }).click();

      // ── The low-cash alert threshold ──
      await page.getByLabel("Alert me below (KES)").fill("50,000,000");
      await page.getByRole("button", { name: "Save alert" }).click();
      await seen(page.getByText("Low-cash alert saved"));
      await seen(page.getByText(/Cash is expected to fall below KES 50,000,000 around/));

      // ── The credit score and a report ──
      await page.goto(`${stack.appUrl}/b/${businessId}/credit-score`);
      await seen(page.getByRole("heading", { name: "What lowers it most" }));
      await seen(page.getByText("Revenue stability").first());
      const download = page.waitForEvent("download");
      await page.getByRole("button", { name: "Download report" }).click();
      expect((await download).suggestedFilename()).toMatch(/^kavi-credit-report-\d{4}-\d{2}-\d{2}\.pdf$/);
      const codeLink = page.getByRole("link", { name: /^KV-/ }).first();
      await seen(codeLink);
      const code = (await codeLink.textContent()) ?? "";
      const score =
        (await page
          .getByText(/^\d{3}$/)
          .first()
          .textContent()) ?? "";

      // ── A lender, not signed in, checks the code ──
      const lender = await newPage(390);
      await lender.goto(`${stack.appUrl}/verify/${code}`);
      await seen(lender.getByText("Issued by KAVI"));
      await seen(lender.getByText("Wanjiru Fresh", { exact: true }));
      expect(await lender.getByText(score, { exact: false }).count()).toBeGreaterThan(0);
      const stranger = await newPage(390);
      await stranger.goto(`${stack.appUrl}/verify/KV-0000-0000-0000-0000`);
      await seen(stranger.getByText("No report has this code"));
    });
  },
);
