import { seedDemo } from "@kavi/db/seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchBrowser, seen, signInAsDemoOwner, type TestBrowser } from "./browser";
import { type Stack, startStack } from "./stack";

const available = chromiumAvailable();

describe.skipIf(!available)(
  "the demo owner reads the cash forecast and shares a credit report a lender verifies",
  () => {
    let stack: Stack;
    let browser: TestBrowser;

    beforeAll(async () => {
      stack = await startStack({ insights: true });
      await seedDemo(stack.db);
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await stack?.close();
    });

    it("shows history and forecast with a summary, runs a what-if, sets the alert, and issues a verifiable report", async () => {
      const page = await browser.newPage();
      const businessId = await signInAsDemoOwner(page, stack);

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
      // The first read is computed for the request; the worker stores the month and scores the past month ends,
      // and the page shows that history without a reload (the demo has a year of books: many months, not one).
      const history = page.getByRole("img", { name: "Credit score by month" });
      await expect
        .poll(() => history.locator(".recharts-bar-rectangle").count(), { timeout: 60_000 })
        .toBeGreaterThan(3);
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
      const lender = await browser.newPage({ width: 390 });
      await lender.goto(`${stack.appUrl}/verify/${code}`);
      await seen(lender.getByText("Issued by KAVI"));
      await seen(lender.getByText("Wanjiru Fresh", { exact: true }));
      expect(await lender.getByText(score, { exact: false }).count()).toBeGreaterThan(0);
      const stranger = await browser.newPage({ width: 390 });
      await stranger.goto(`${stack.appUrl}/verify/KV-0000-0000-0000-0000`);
      await seen(stranger.getByText("No report has this code"));
    });
  },
);
