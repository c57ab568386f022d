import { seedDemo } from "@kavi/db/seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchBrowser, seen, signInAsDemoOwner, type TestBrowser } from "./browser";
import { type Stack, startStack } from "./stack";

const available = chromiumAvailable();

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
});
