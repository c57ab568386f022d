import { randomBytes } from "node:crypto";
import { RECEIPT_SAMPLES, renderReceiptPng } from "@kavi/ai/receipt-samples";
import { files, transactions } from "@kavi/db";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  chromiumAvailable,
  launchBrowser,
  saveScreenshot,
  seen,
  signUpWithBusiness,
  type TestBrowser,
} from "./browser";
import { e2eEnv } from "./env";
import { type Stack, startStack } from "./stack";

const available = chromiumAvailable();
const PASSWORD = "Mvua-Ya-Masika-2026";
const suffix = randomBytes(3).toString("hex");

function screenshot(page: Page, name: string) {
  return saveScreenshot(page, e2eEnv.featureScreenshotDir, `${name}.png`);
}

/** Opens "Add", fills an expense and saves it (the labels are the current language's). */
async function recordExpense(
  page: Page,
  labels: { add: RegExp; amount: string; description: string; save: string },
  entry: { amount: string; description: string; photo?: Buffer },
) {
  await page.getByRole("button", { name: labels.add }).first().click();
  const form = page.getByRole("dialog");
  await form.getByLabel(labels.amount).fill(entry.amount);
  await form.getByLabel(labels.description).first().fill(entry.description);
  if (entry.photo) {
    await form
      .locator('input[type="file"]')
      .first()
      .setInputFiles({ name: "fuel-receipt.png", mimeType: "image/png", buffer: entry.photo });
  }
  await form.getByRole("button", { name: labels.save }).click();
}

describe.skipIf(!available)("offline capture", () => {
  let stack: Stack;
  let browser: TestBrowser;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  async function booked(businessId: string, description: string) {
    const rows = await stack.db
      .select({
        id: transactions.id,
        businessId: transactions.businessId,
        description: transactions.description,
        clientRequestId: transactions.clientRequestId,
        amount: transactions.amountMinor,
      })
      .from(transactions);
    return rows.filter((row) => row.businessId === businessId && row.description === description);
  }

  it("records an expense with its photo offline, shows it queued, and books it exactly once back online", async () => {
    const page = await browser.newPage();
    const businessId = await signUpWithBusiness(page, stack, {
      fullName: "Wanjiru Kamau",
      email: `wanjiru.${suffix}@example.co.ke`,
      password: PASSWORD,
      legalName: `Wanjiru Deliveries ${suffix} Ltd`,
    });
    await page.goto(`${stack.appUrl}/b/${businessId}/transactions`);
    await seen(page.getByRole("heading", { name: "Transactions" }));

    // ── No connection: the entry is kept on the device, marked, and counted in the shell ──
    await page.context().setOffline(true);
    await seen(page.getByText("You're offline."));
    const sample = RECEIPT_SAMPLES.find((candidate) => candidate.name === "supermarket-1");
    if (!sample) throw new Error("sample missing");
    const photo = Buffer.from(await renderReceiptPng(sample));
    const english = { add: /^Add$/, amount: "Amount", description: "Description", save: "Add transaction" };
    await recordExpense(page, english, { amount: "1,250", description: "Fuel, offline", photo });
    await seen(page.getByText("Saved on this device"));
    const row = page.getByTestId("queued-row");
    await seen(row.getByText("Fuel, offline"));
    await seen(row.getByText("Waiting to sync"));
    await seen(page.getByRole("button", { name: "1 entry waiting to sync" }));
    expect(await booked(businessId, "Fuel, offline")).toHaveLength(0);
    await screenshot(page, "offline-queued-1280-en");
    await page.getByRole("button", { name: "1 entry waiting to sync" }).filter({ visible: true }).click();
    const sheet = page.getByRole("dialog", { name: "Waiting to sync" });
    await seen(sheet.getByText("With a receipt photo"));
    await seen(sheet.getByText("You're offline. These will be sent as soon as you're back online."));
    await screenshot(page, "offline-sync-queue-1280-en");
    // At phone width the sheet rises from the bottom: the toast ("Saved on this device") must not cover it.
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "offline-sync-queue-390-en");
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.keyboard.press("Escape");

    // ── Back online: sent once, with its photo; the row becomes an ordinary transaction ──
    await page.context().setOffline(false);
    await seen(page.getByText("1 entry synced"));
    await page.getByTestId("queued-row").waitFor({ state: "detached" });
    await seen(page.getByRole("button", { name: /Fuel, offline/ }));
    const rows = await booked(businessId, "Fuel, offline");
    expect(rows).toHaveLength(1);
    expect(rows[0]?.amount).toBe(125_000n);
    expect(rows[0]?.clientRequestId).toMatch(/^[0-9a-f-]{36}$/);
    const photos = (
      await stack.db.select({ status: files.status, transactionId: files.transactionId }).from(files)
    ).filter((file) => file.transactionId === rows[0]?.id);
    expect(photos.map((file) => file.status)).toEqual(["ready"]);
    // Nothing left to send: the indicator is gone, and a reload does not book it again.
    expect(await page.getByTestId("sync-queue-indicator").filter({ visible: true }).count()).toBe(0);
    await page.reload();
    await seen(page.getByRole("button", { name: /Fuel, offline/ }));
    expect(await booked(businessId, "Fuel, offline")).toHaveLength(1);

    // ── Kiswahili, phone width: the same flow's screens ──
    await page.getByRole("button", { name: new RegExp(`wanjiru\\.${suffix}`) }).click();
    await page.getByRole("menuitem", { name: "Kiswahili" }).click();
    await seen(page.getByText("Lugha imebadilishwa"));
    await page.setViewportSize({ width: 390, height: 844 });
    await page.context().setOffline(true);
    await seen(page.getByText("Huna mtandao."));
    const kiswahili = { add: /^Ongeza$/, amount: "Kiasi", description: "Maelezo", save: "Ongeza muamala" };
    await recordExpense(page, kiswahili, { amount: "300", description: "Nauli ya boda" });
    await seen(page.getByText("Imehifadhiwa kwenye kifaa hiki"));
    await seen(page.getByTestId("queued-row").getByText("Inasubiri kutumwa"));
    await screenshot(page, "offline-queued-390-sw");
    await page.getByRole("button", { name: "Rekodi 1 inasubiri kutumwa" }).filter({ visible: true }).click();
    await seen(page.getByRole("dialog", { name: "Zinasubiri kutumwa" }));
    await screenshot(page, "offline-sync-queue-390-sw");
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, "offline-sync-queue-1280-sw");
    await page.keyboard.press("Escape");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.context().setOffline(false);
    await seen(page.getByText("Rekodi 1 imetumwa"));
    expect(await booked(businessId, "Nauli ya boda")).toHaveLength(1);
  }, 240_000);

  it("shows a refused entry as a conflict with the server's reason, and books it once after an edit", async () => {
    const page = await browser.newPage({ width: 390, height: 844 });
    const businessId = await signUpWithBusiness(page, stack, {
      fullName: "Otieno Ouma",
      email: `otieno.${suffix}@example.co.ke`,
      password: PASSWORD,
      legalName: `Otieno Supplies ${suffix} Ltd`,
    });
    await page.goto(`${stack.appUrl}/b/${businessId}/transactions`);
    await seen(page.getByRole("heading", { name: "Transactions" }));

    // Recorded offline with a category that is archived before the entry reaches KAVI.
    await page.context().setOffline(true);
    await page.getByRole("button", { name: /^Add$/ }).first().click();
    const form = page.getByRole("dialog");
    await form.getByLabel("Amount").fill("800");
    await form.getByLabel("Description").first().fill("Packing bags");
    const category = form.getByLabel(/^Category/);
    await category.selectOption({ index: 1 });
    const categoryId = await category.inputValue();
    await form.getByRole("button", { name: "Add transaction" }).click();
    await seen(page.getByText("Saved on this device"));
    await stack.db.$client.query("update categories set archived_at = now() where id = $1", [categoryId]);

    await page.context().setOffline(false);
    await seen(page.getByText("1 entry needs your attention"));
    await seen(page.getByTestId("queued-row").getByText("Needs your attention"));
    await screenshot(page, "offline-conflict-390-en");
    await page
      .getByRole("button", { name: "1 entry needs your attention" })
      .filter({ visible: true })
      .click();
    const sheet = page.getByRole("dialog", { name: "Waiting to sync" });
    await seen(sheet.getByText(/KAVI did not accept this entry: .* is archived; choose another category/));
    await screenshot(page, "offline-conflict-sheet-390-en");
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, "offline-conflict-sheet-1280-en");
    expect(await booked(businessId, "Packing bags")).toHaveLength(0);

    // Edit: the same form, filled in; choose no category and send it again.
    await sheet.getByRole("button", { name: "Edit and retry" }).click();
    const edit = page.getByRole("dialog", { name: "Edit entry waiting to sync" });
    await seen(edit, 30_000);
    expect(await edit.getByLabel("Amount").inputValue()).toBe("800");
    await edit.getByLabel(/^Category/).selectOption("");
    await edit.getByRole("button", { name: "Save and retry" }).click();
    await seen(page.getByText("1 entry synced"));
    await seen(page.getByRole("button", { name: /Packing bags/ }));
    expect(await booked(businessId, "Packing bags")).toHaveLength(1);
  }, 240_000);
});
