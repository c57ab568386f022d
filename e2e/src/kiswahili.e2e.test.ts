import { mkdir } from "node:fs/promises";
import path from "node:path";
import { seedDemo } from "@kavi/db/seed";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchBrowser, seen, signInAsDemoOwner, type TestBrowser } from "./browser";
import { type Stack, startStack } from "./stack";

const available = chromiumAvailable();

/** Where the walk-through's pictures go (looked at by a person; .artifacts is not committed). */
const screenshots =
  process.env.KISWAHILI_SCREENSHOTS ?? path.resolve(import.meta.dirname, "../../.artifacts/kiswahili");

/** The main screens, signed in, as paths under /b/:businessId (and a few outside it). */
const SCREENS = [
  { name: "home", path: (b: string) => `/b/${b}`, heading: null },
  { name: "dashboard", path: (b: string) => `/b/${b}/dashboard`, heading: "Muhtasari" },
  { name: "transactions", path: (b: string) => `/b/${b}/transactions`, heading: "Miamala" },
  { name: "invoices", path: (b: string) => `/b/${b}/invoices`, heading: "Ankara" },
  { name: "customers", path: (b: string) => `/b/${b}/customers`, heading: "Wateja" },
  {
    name: "business-settings",
    path: (b: string) => `/b/${b}/settings/business`,
    heading: "Mipangilio ya biashara",
  },
  { name: "invitations", path: () => "/invitations", heading: "Mialiko" },
  { name: "credit-score", path: (b: string) => `/b/${b}/credit-score`, heading: "Alama ya mkopo" },
  { name: "cash-flow", path: (b: string) => `/b/${b}/cash-flow`, heading: "Mtiririko wa pesa" },
  { name: "activity", path: (b: string) => `/b/${b}/activity`, heading: "Shughuli" },
  { name: "api-keys", path: (b: string) => `/b/${b}/settings/api`, heading: "API" },
  { name: "webhooks", path: (b: string) => `/b/${b}/settings/webhooks`, heading: "Webhooks" },
  { name: "profile", path: () => "/account/profile", heading: "Wasifu" },
  { name: "new-business", path: () => "/onboarding", heading: "Ongeza biashara nyingine" },
] as const;

/** The same screens' English headings, for the English pictures beside the Kiswahili ones. */
const ENGLISH_HEADINGS: Record<string, string> = {
  "credit-score": "Credit score",
  "cash-flow": "Cash flow",
  activity: "Activity",
  "api-keys": "API",
  webhooks: "Webhooks",
  profile: "Profile",
};

/** Content wider than the window: the page scrolls sideways, the usual sign of a word too long for its box. */
function overflowsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

describe.skipIf(!available)("the demo owner switches KAVI to Kiswahili", () => {
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

  it("chooses Kiswahili from the account menu, sees translated navigation and amounts, and keeps it on every device", async () => {
    const page = await browser.newPage({ locale: "en-US" });
    const businessId = await signInAsDemoOwner(page, stack);
    const nav = page.getByRole("navigation", { name: "Main" });
    await seen(nav.getByRole("link", { name: "Transactions" }));

    // ── The switch in the shell: the account menu at the foot of the sidebar ──
    await page.getByRole("button", { name: /amina@demo\.kavi\.africa/ }).click();
    await page.getByRole("menuitem", { name: "Kiswahili" }).click();
    await seen(page.getByText("Lugha imebadilishwa"));
    const menu = page.getByRole("navigation", { name: "Menyu kuu" });
    for (const label of ["Mwanzo", "Muhtasari", "Miamala", "Ankara", "Wateja", "Wasambazaji"]) {
      await seen(menu.getByRole("link", { name: label }));
    }
    expect(await page.locator("html").getAttribute("lang")).toBe("sw");

    // ── The dashboard: Kiswahili words, amounts formatted for sw-KE ──
    await page.goto(`${stack.appUrl}/b/${businessId}/dashboard`);
    await seen(page.getByRole("heading", { name: "Muhtasari" }));
    const moneyIn = page.getByRole("group", { name: "Mapato" });
    await seen(moneyIn);
    await expect.poll(() => moneyIn.textContent()).toMatch(/KES\s[\d,]+(\.\d{2})?/);
    await seen(page.getByRole("group", { name: "Unaodai" }));

    // ── A form's validation message, from the shared schema, in Kiswahili ──
    await page.goto(`${stack.appUrl}/b/${businessId}/customers`);
    await page
      .getByRole("button", { name: /Ongeza mteja|Add customer|Add a customer/ })
      .first()
      .click();
    const dialog = page.getByRole("dialog");
    await seen(dialog.getByRole("heading", { name: "Ongeza mteja" }));
    await dialog.getByRole("button", { name: "Ongeza", exact: true }).click();
    await seen(dialog.getByText(/^Jaza /));

    // ── Transactions and invoices: headings, filters, dialogs and status tabs in Kiswahili ──
    await page.goto(`${stack.appUrl}/b/${businessId}/transactions`);
    await seen(page.getByRole("heading", { name: "Miamala" }));
    await page.getByRole("button", { name: "Vichujio zaidi" }).click();
    await seen(page.getByLabel("Njia ya malipo"));
    await page.getByRole("button", { name: "Ongeza", exact: true }).click();
    await seen(page.getByRole("dialog").getByRole("heading", { name: "Ongeza muamala" }));
    await page.keyboard.press("Escape");
    await page.goto(`${stack.appUrl}/b/${businessId}/invoices`);
    await seen(page.getByRole("heading", { name: "Ankara" }));
    await seen(
      page.getByRole("navigation", { name: "Hali ya ankara" }).getByRole("button", { name: /^Hazijalipwa/ }),
    );

    // ── Saved to the profile: a new device (phone width) opens in Kiswahili ──
    const phone = await browser.newPage({ width: 390, locale: "en-US" });
    await signInAsDemoOwner(phone, stack);
    await phone.getByRole("button", { name: "Fungua menyu" }).click();
    await seen(phone.getByRole("dialog").getByRole("link", { name: "Miamala" }));
    expect(await phone.locator("html").getAttribute("lang")).toBe("sw");
  });
  it("walks the main screens in Kiswahili at phone and desktop width with nothing spilling sideways", async () => {
    await mkdir(screenshots, { recursive: true });
    // Signed out, a device that last spoke Kiswahili opens the sign-in page in Kiswahili.
    // Runs after the account-menu test, which leaves the profile in Kiswahili (switched here only if not).
    for (const width of [1280, 390]) {
      const page = await browser.newPage({ width, locale: "en-US" });
      await page.addInitScript(() => window.localStorage.setItem("kavi.language", "sw"));
      await page.goto(`${stack.appUrl}/sign-in`);
      await seen(page.getByRole("heading", { name: "Karibu tena" }));
      await page.screenshot({ path: path.join(screenshots, `sign-in-${width}.png`), fullPage: true });
      expect(await overflowsSideways(page), `sign-in at ${width}px`).toBe(false);
      await page.goto(`${stack.appUrl}/sign-up`);
      await seen(page.getByRole("heading", { name: "Fungua akaunti yako ya KAVI" }));
      await page.screenshot({ path: path.join(screenshots, `sign-up-${width}.png`), fullPage: true });
      expect(await overflowsSideways(page), `sign-up at ${width}px`).toBe(false);
      const businessId = await signInAsDemoOwner(page, stack);
      // Signing in applies the profile's language: wait for it before deciding whether to switch.
      await seen(page.getByRole("button", { name: /amina@demo\.kavi\.africa|Fungua menyu|Open menu/ }));
      await page.waitForLoadState("networkidle");
      if ((await page.locator("html").getAttribute("lang")) !== "sw") {
        await page.getByRole("button", { name: /amina@demo\.kavi\.africa/ }).click();
        await page.getByRole("menuitem", { name: "Kiswahili" }).click();
        await seen(page.getByText("Lugha imebadilishwa"));
      }
      for (const screen of SCREENS) {
        await page.goto(`${stack.appUrl}${screen.path(businessId)}`);
        if (screen.heading) await seen(page.getByRole("heading", { name: screen.heading }));
        await page.waitForLoadState("networkidle");
        await page.screenshot({
          path: path.join(screenshots, `${screen.name}-${width}.png`),
          fullPage: true,
        });
        expect(await overflowsSideways(page), `${screen.name} at ${width}px`).toBe(false);
      }
    }
  }, 600_000);

  it("shows the same screens back in English, for comparison, at both widths", async () => {
    for (const width of [1280, 390]) {
      const page = await browser.newPage({ width, locale: "en-US" });
      const businessId = await signInAsDemoOwner(page, stack);
      await seen(page.getByRole("button", { name: /amina@demo\.kavi\.africa|Fungua menyu|Open menu/ }));
      await page.waitForLoadState("networkidle");
      if ((await page.locator("html").getAttribute("lang")) !== "en") {
        if (width < 768) await page.getByRole("button", { name: "Fungua menyu" }).click();
        await page.getByRole("button", { name: /amina@demo\.kavi\.africa/ }).click();
        await page.getByRole("menuitem", { name: "English" }).click();
        await seen(page.getByText("Language changed"));
      }
      for (const screen of SCREENS.filter((candidate) => candidate.name in ENGLISH_HEADINGS)) {
        await page.goto(`${stack.appUrl}${screen.path(businessId)}`);
        await seen(page.getByRole("heading", { name: ENGLISH_HEADINGS[screen.name], exact: true }));
        await page.waitForLoadState("networkidle");
        await page.screenshot({
          path: path.join(screenshots, `${screen.name}-en-${width}.png`),
          fullPage: true,
        });
        expect(await overflowsSideways(page), `${screen.name} (English) at ${width}px`).toBe(false);
      }
    }
  }, 600_000);
});
