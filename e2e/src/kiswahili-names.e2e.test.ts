import path from "node:path";
import { seedDemo } from "@kavi/db/seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  chromiumAvailable,
  launchBrowser,
  saveScreenshot,
  seen,
  signInAsDemoOwner,
  type TestBrowser,
} from "./browser";
import { type Stack, startStack } from "./stack";

const available = chromiumAvailable();

/** Where the pictures go (looked at by a person; .artifacts is not committed). */
const screenshots =
  process.env.KISWAHILI_SCREENSHOTS ?? path.resolve(import.meta.dirname, "../../.artifacts/kiswahili-names");

/** English names of built-in categories the demo pays regularly: none may show on a Kiswahili screen. */
const ENGLISH_NAMES = [
  "Stock purchases",
  "Rent",
  "Salaries and wages",
  "Transport and fuel",
  "Airtime and data",
  "Utilities",
  "M-Pesa and bank charges",
  "Marketing",
  "Other expenses",
];

describe.skipIf(!available)("the last English places, in Kiswahili", () => {
  let stack: Stack;
  let browser: TestBrowser;

  beforeAll(async () => {
    stack = await startStack();
    await seedDemo(stack.db);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("cash flow names recurring expenses in Kiswahili; the report check page follows the browser and switches", async () => {
    let code = "";
    // Kiswahili saved to the demo owner's profile once (from the account menu, at desktop width).
    const first = await browser.newPage({ width: 1280 });
    await signInAsDemoOwner(first, stack);
    await first.getByRole("button", { name: /amina@demo\.kavi\.africa/ }).click();
    await first.getByRole("menuitem", { name: "Kiswahili" }).click();
    await seen(first.getByText("Lugha imebadilishwa"));
    for (const width of [1280, 390]) {
      const page = await browser.newPage({ width });
      const businessId = await signInAsDemoOwner(page, stack);
      await page.goto(`${stack.appUrl}/b/${businessId}/cash-flow`);
      await seen(page.getByRole("heading", { name: "Siku 90 zijazo" }));
      // Recurring expenses read "<name> · <amount> …": a built-in one by its Kiswahili name.
      const text = (await page.locator("main").textContent()) ?? "";
      for (const english of ENGLISH_NAMES) expect(text, english).not.toContain(`${english} ·`);
      await saveScreenshot(page, screenshots, `cash-flow-sw-${width}.png`, { fullPage: true });

      if (!code) {
        await page.goto(`${stack.appUrl}/b/${businessId}/credit-score`);
        const download = page.waitForEvent("download");
        await page.getByRole("button", { name: /Pakua ripoti/ }).click();
        await download;
        const codeLink = page.getByRole("link", { name: /^KV-/ }).first();
        await seen(codeLink);
        code = (await codeLink.textContent()) ?? "";
      }
    }

    for (const width of [1280, 390]) {
      // A lender's browser in Kiswahili: the page speaks it, and the switch turns it into English.
      const lender = await browser.newPage({ width, locale: "sw-KE" });
      await lender.goto(`${stack.appUrl}/verify/${code}`);
      await seen(lender.getByText("Imetolewa na KAVI"));
      await saveScreenshot(lender, screenshots, `verify-sw-${width}.png`, { fullPage: true });
      await lender.getByRole("button", { name: "English" }).click();
      await seen(lender.getByText("Issued by KAVI"));
      await saveScreenshot(lender, screenshots, `verify-en-${width}.png`, { fullPage: true });
    }
  });
});
