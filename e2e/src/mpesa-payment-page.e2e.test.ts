import { tmpdir } from "node:os";
import path from "node:path";
import { mpesaPayments, mpesaReversals } from "@kavi/db";
import { seedDemo } from "@kavi/db/seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchBrowser, seen, signInAsDemoOwner, type TestBrowser } from "./browser";
import { type Stack, startStack } from "./stack";

const available = chromiumAvailable();
/** Screenshots to look at, kept out of the repository. */
const screenshots = process.env.E2E_SCREENSHOTS_DIR ?? tmpdir();

describe.skipIf(!available)("an owner sends back an M-Pesa payment from its own page", () => {
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

  it("asks for a reversal from the payment's page, and approves another member's request there", async () => {
    const { businessId } = await seedDemo(stack.db);
    const db = stack.db;
    const paidAt = new Date("2026-11-20T09:30:00Z");
    const [mistaken, second] = await db
      .insert(mpesaPayments)
      .values([
        {
          businessId,
          source: "c2b",
          receipt: "TKA1B2C3D4",
          amountMinor: 4_500_00n,
          paidAt,
          billRefNumber: "WRONG-REF",
          phone: "254712345678",
          payerName: "JOHN KAMAU",
          status: "unreconciled",
          unreconciledReason: "No invoice or customer account matches WRONG-REF",
          confirmedAt: paidAt,
        },
        {
          businessId,
          source: "c2b",
          receipt: "TKA9Z8Y7X6",
          amountMinor: 1_200_00n,
          paidAt,
          billRefNumber: "DEPOSIT",
          phone: "254733000111",
          payerName: "MARY ATIENO",
          status: "unreconciled",
          unreconciledReason: "No invoice or customer account matches DEPOSIT",
          confirmedAt: paidAt,
        },
      ])
      .returning();
    if (!mistaken || !second) throw new Error("payments not stored");
    // Someone else already asked to send the second one back: Amina is the checker for it.
    const [brian] = (
      await db.$client.query<{ id: string }>("select id from users where email = $1", [
        "brian@demo.kavi.africa",
      ])
    ).rows;
    if (!brian) throw new Error("the demo has no Brian");
    const [pending] = await db
      .insert(mpesaReversals)
      .values({
        businessId,
        mpesaPaymentId: second.id,
        receipt: "TKA9Z8Y7X6",
        amountMinor: second.amountMinor,
        reason: "Customer paid twice",
        requestedByUserId: brian.id,
      })
      .returning();
    if (!pending) throw new Error("reversal not stored");

    const page = await browser.newPage();
    await signInAsDemoOwner(page, stack, { timeout: 150_000 });

    // From the Payments list to the payment's own page.
    await page.goto(`${stack.appUrl}/b/${businessId}/mpesa/payments`);
    await page.getByRole("link", { name: "KES 4,500.00" }).filter({ visible: true }).first().click();
    await page.waitForURL(new RegExp(`/mpesa/payments/${mistaken.id}$`));
    await seen(page.getByText("TKA1B2C3D4"));
    await seen(page.getByText("Nothing yet: it is in the Unreconciled inbox"));
    await seen(page.getByText("Can be sent back: one owner asks, another approves"));
    await page.screenshot({ path: path.join(screenshots, "h14b-payment-page-1280.png"), fullPage: true });

    // Amina asks; the page then shows the request waiting for another owner.
    await page.getByRole("button", { name: "Send back" }).click();
    await page.getByLabel("Why is it going back?").fill("Paid to the wrong Paybill");
    await page.getByRole("button", { name: "Ask to reverse" }).click();
    await seen(page.getByText("Waiting for approval"));
    await seen(page.getByText("Another owner approves"));
    await expect(page.getByRole("button", { name: "Send back" }).count()).resolves.toBe(0);
    await page.screenshot({ path: path.join(screenshots, "h14b-payment-asked-1280.png"), fullPage: true });

    // Brian's request on the other payment: Amina approves it on that payment's page, on a phone.
    const phone = page;
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${stack.appUrl}/b/${businessId}/mpesa/payments/${second.id}`);
    await seen(phone.getByText("Customer paid twice"), 150_000);
    await phone.screenshot({ path: path.join(screenshots, "h14b-payment-pending-390.png"), fullPage: true });
    await phone.getByRole("button", { name: "Approve" }).click();
    await seen(phone.getByText("Approved: M-Pesa is reversing it"));
    const [decided] = (
      await db.$client.query<{ status: string }>("select status from mpesa_reversals where id = $1", [
        pending.id,
      ])
    ).rows;
    expect(decided?.status).not.toBe("awaiting_approval");
    const toBrian = (
      await db.$client.query<{ link: string }>(
        "select link from notifications where user_id = $1 and kind = 'mpesa.reversal_decided'",
        [brian.id],
      )
    ).rows;
    expect(toBrian).toHaveLength(1);
    await phone.screenshot({ path: path.join(screenshots, "h14b-payment-approved-390.png"), fullPage: true });
    expect(toBrian[0]?.link).toBe(`/b/${businessId}/mpesa/payments/${second.id}`);

    // Another business's payment, or a wrong link: a clear "not found".
    await phone.goto(`${stack.appUrl}/b/${businessId}/mpesa/payments/00000000-0000-4000-8000-000000000000`);
    await seen(phone.getByText("Payment not found"));
  });
});
