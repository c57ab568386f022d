import path from "node:path";
import { seedDemo } from "@kavi/db/seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchBrowser, seen, type TestBrowser } from "./browser";
import { type Stack, startStack } from "./stack";

const available = chromiumAvailable();
/** The pictures go to the run's artefacts; PUBLIC_PAY_SCREENSHOTS=docs/screenshots refreshes the documented ones. */
const screenshots = process.env.PUBLIC_PAY_SCREENSHOTS
  ? path.resolve(process.env.PUBLIC_PAY_SCREENSHOTS)
  : path.resolve(import.meta.dirname, "../../.artifacts/public-pay");

describe.skipIf(!available)("a customer pays an invoice with M-Pesa from its public link", () => {
  let stack: Stack;
  let browser: TestBrowser;

  beforeAll(async () => {
    stack = await startStack({ mpesa: true });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
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
    const phone = await browser.newPage({ width: 390, height: 844 });
    await phone.goto(`${stack.appUrl}/i/${invoice.public_token}`);
    // A cold Vite compile on a busy machine can take a while.
    await seen(phone.getByText("Amount due"), 150_000);
    await phone.getByLabel("Your M-Pesa number").fill("0700 000 000");
    await phone.getByRole("button", { name: "Pay with M-Pesa" }).click();
    await seen(phone.getByText("Payment received, confirming"));
    expect((await requestOf())?.status).toBe("confirming");
    await phone.screenshot({ path: path.join(screenshots, "mpesa-public-pay-confirming-phone.png") });

    // M-Pesa answers again: the next query (30 s later) confirms it and the page says thank you.
    daraja.setFault({ confirmation: null });
    // The whole balance was paid: the page thanks the customer (the invoice itself now reads paid in full).
    await seen(phone.getByText(/received\.|Paid in full/), 90_000);
    const paid = await requestOf();
    expect(paid).toMatchObject({ status: "paid", settled_by: "callback" });
    expect(paid?.receipt).toMatch(/^[A-Z0-9]{10}$/);
    const queries = daraja.requests().filter((entry) => entry.path === "/mpesa/stkpushquery/v1/query");
    expect(queries.length).toBeGreaterThanOrEqual(2);
    await phone.screenshot({ path: path.join(screenshots, "mpesa-public-pay-paid-phone.png") });
  });
});
