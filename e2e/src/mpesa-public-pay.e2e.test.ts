import path from "node:path";
import { seedDemo } from "@kavi/db/seed";
import { type Browser, chromium, type Locator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable } from "./browser";
import { type Stack, startStack } from "./stack";

const available = chromiumAvailable();
const screenshots = path.resolve(import.meta.dirname, "../../docs/screenshots");

async function seen(locator: Locator, timeout?: number): Promise<void> {
  await locator
    .filter({ visible: true })
    .first()
    .waitFor({ state: "visible", ...(timeout ? { timeout } : {}) });
}

describe.skipIf(!available)("a customer pays an invoice with M-Pesa from its public link", () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack({ mpesa: true });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await stack?.close();
  });

  it("sees 'Payment received, confirming' until KAVI has confirmed it with M-Pesa, then the thank-you", async () => {
    const db = stack.api.resources.database.db;
    const daraja = stack.daraja;
    if (!daraja) throw new Error("the stack has no Daraja simulator");
    const { businessId } = await seedDemo(db);
    const open = await db.$client.query<{ id: string; public_token: string }>(
      "select id, public_token from invoices where business_id = $1 and status in ('sent', 'overdue') order by total_minor desc limit 1",
      [businessId],
    );
    const invoice = open.rows[0];
    if (!invoice) throw new Error("the demo has no open invoice");
    const requestOf = async () =>
      (
        await db.$client.query<{ status: string; settled_by: string | null; receipt: string | null }>(
          "select status, settled_by, receipt from mpesa_payment_requests where invoice_id = $1",
          [invoice.id],
        )
      ).rows[0];

    // M-Pesa will not confirm yet (its status queries fail): the payment must wait, visibly.
    daraja.setFault({ confirmation: "fail" });
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      reducedMotion: "reduce",
    });
    try {
      const phone = await context.newPage();
      phone.setDefaultTimeout(60_000);
      await phone.goto(`${stack.appUrl}/i/${invoice.public_token}`);
      await seen(phone.getByText("Amount due"));
      await phone.getByLabel("Your M-Pesa number").fill("0700 000 000");
      await phone.getByRole("button", { name: "Pay with M-Pesa" }).click();
      await seen(phone.getByText("Payment received, confirming"));
      expect((await requestOf())?.status).toBe("confirming");
      await phone.screenshot({ path: path.join(screenshots, "mpesa-public-pay-confirming-phone.png") });

      // M-Pesa answers again: the next query (30 s later) confirms it and the page says thank you.
      daraja.setFault({ confirmation: null });
      await seen(phone.getByText(/received\./), 90_000);
      const paid = await requestOf();
      expect(paid).toMatchObject({ status: "paid", settled_by: "callback" });
      expect(paid?.receipt).toMatch(/^[A-Z0-9]{10}$/);
      const queries = daraja.requests().filter((entry) => entry.path === "/mpesa/stkpushquery/v1/query");
      expect(queries.length).toBeGreaterThanOrEqual(2);
      await phone.screenshot({ path: path.join(screenshots, "mpesa-public-pay-paid-phone.png") });
    } finally {
      await context.close();
    }
  });
});
