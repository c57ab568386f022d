import { DEMO_PASSWORD, seedDemo } from "@kavi/db/seed";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable } from "./browser";
import { type Stack, startStack } from "./stack";

const available = chromiumAvailable();

async function seen(locator: Locator): Promise<void> {
  await locator.filter({ visible: true }).first().waitFor({ state: "visible" });
}

describe.skipIf(!available)("the demo owner switches KAVI to Kiswahili", () => {
  let stack: Stack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function newPage(width: number): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width, height: 900 },
      reducedMotion: "reduce",
      locale: "en-US",
    });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    return page;
  }

  async function signIn(page: Page): Promise<string> {
    await page.goto(`${stack.appUrl}/sign-in`);
    await page.getByLabel(/^(Email|Barua pepe)$/).fill("amina@demo.kavi.africa");
    await page.getByLabel(/^(Password|Nenosiri)$/).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: /^(Sign in|Ingia)$/ }).click();
    await page.waitForURL(/\/b\/[0-9a-f-]{36}/);
    return /\/b\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? "";
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

  it("chooses Kiswahili from the account menu, sees translated navigation and amounts, and keeps it on every device", async () => {
    const page = await newPage(1280);
    const businessId = await signIn(page);
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
    const phone = await newPage(390);
    await signIn(phone);
    await phone.getByRole("button", { name: "Fungua menyu" }).click();
    await seen(phone.getByRole("dialog").getByRole("link", { name: "Miamala" }));
    expect(await phone.locator("html").getAttribute("lang")).toBe("sw");
  });
});
