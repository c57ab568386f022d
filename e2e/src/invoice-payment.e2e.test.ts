import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchBrowser, seen, signUpWithBusiness, type TestBrowser } from "./browser";
import { type Stack, startStack } from "./stack";

const available = chromiumAvailable();
const PASSWORD = "Mvua-Ya-Masika-2026";
const suffix = randomBytes(3).toString("hex");
const customerEmail = `orders.${suffix}@kilimaniflowers.example`;

describe.skipIf(!available)(
  "an owner invoices a new customer, who opens the link, and the payment is recorded",
  () => {
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

    it("creates the customer and a VAT-inclusive invoice, emails it with its PDF, shows it publicly, takes an overpayment as credit, and the dashboard follows", async () => {
      // ── Sign up and create a business ────────────────────────────────────────
      const page = await browser.newPage({ height: 800 });
      await signUpWithBusiness(page, stack, {
        fullName: "Njeri Kamau",
        email: `njeri.${suffix}@example.co.ke`,
        password: PASSWORD,
        legalName: `Maua Florists ${suffix} Ltd`,
      });

      // ── A new invoice, with the customer created on the spot ────────────────
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Invoices" }).click();
      await seen(page.getByText("No invoices yet"));
      await page.getByRole("link", { name: "New invoice" }).first().click();
      await page.getByRole("button", { name: "New customer" }).click();
      const dialog = page.getByRole("dialog", { name: "New customer" });
      await dialog.getByLabel("Name", { exact: true }).fill("Kilimani Flowers Ltd");
      await dialog.getByLabel("Email").fill(customerEmail);
      await dialog.getByRole("button", { name: "Add customer" }).click();
      await dialog.waitFor({ state: "detached" });
      expect(await page.getByLabel("Customer", { exact: true }).locator("option:checked").textContent()).toBe(
        "Kilimani Flowers Ltd",
      );
      await page.getByLabel("Description", { exact: true }).fill("Roses, bunch of 20");
      await page.getByLabel("Qty", { exact: true }).fill("3");
      await page.getByLabel("Unit price", { exact: true }).fill("1,160");
      await page.getByRole("checkbox", { name: /Prices include VAT/ }).check();
      // The editor totals with the same engine as the server: 3 × 1,160 incl. VAT is 480 VAT on 3,000.
      await seen(page.getByText("Includes VAT 16%"));
      await seen(page.getByText("480.00"));
      await seen(page.getByText("KES 3,480.00"));
      await page.getByRole("button", { name: "Save and send" }).click();

      // ── Sent: numbered, emailed with the PDF and the customer's link ────────
      await page.waitForURL(/\/invoices\/[0-9a-f-]{36}$/);
      const year = new Intl.DateTimeFormat("en-CA", { timeZone: "Africa/Nairobi", year: "numeric" }).format(
        new Date(),
      );
      await seen(page.getByRole("heading", { level: 1, name: `INV-${year}-0001` }));
      const message = await stack.mail.waitForMessage((caught) => caught.to.includes(customerEmail), {
        timeoutMs: 60_000,
      });
      expect(message.subject).toContain(`INV-${year}-0001`);
      expect(message.attachments.map((attachment) => attachment.filename)).toEqual([`INV-${year}-0001.pdf`]);
      expect(
        Buffer.from(message.attachments[0]?.content ?? [])
          .subarray(0, 5)
          .toString(),
      ).toBe("%PDF-");
      const link = /https?:\/\/[^\s"<>]+\/i\/[A-Za-z0-9_-]+/.exec(message.text)?.[0];
      expect(link?.startsWith(stack.appUrl)).toBe(true);

      // ── The customer opens the link on a phone ──────────────────────────────
      const phone = await browser.newPage({ width: 390, height: 844 });
      await phone.goto(String(link));
      await seen(phone.getByText("Amount due"));
      await seen(phone.getByText("KES 3,480.00"));
      const href = String(await phone.getByRole("link", { name: "Download PDF" }).getAttribute("href"));
      const pdf = await phone.request.get(new URL(href, stack.appUrl).toString());
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()["content-type"]).toBe("application/pdf");

      // ── The dashboard knows the customer owes 3,480 and nothing has come in yet ────
      const invoiceUrl = page.url();
      const kpi = (name: string) => page.getByRole("group", { name });
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
      await seen(kpi("Owed to you").getByText(/KES 3,480(\.00)?/));
      await seen(kpi("Money in").getByText(/KES 0(\.00)?$/));
      await page.goto(invoiceUrl);

      // ── The owner records an M-Pesa payment of 4,000: 520 becomes credit ────
      await page.getByRole("button", { name: "Record payment" }).click();
      const payment = page.getByRole("dialog", { name: "Record a payment" });
      await payment.getByLabel(/Amount/).fill("4000");
      await payment.getByLabel("M-Pesa receipt").fill(`QK${suffix.toUpperCase()}XY`);
      await payment.getByRole("button", { name: "Record payment" }).click();
      await payment.waitFor({ state: "detached" });
      await seen(page.getByText("Paid in full"));
      await seen(page.getByText("Has KES 520.00 of credit to use."));

      // …the dashboard shows the money in and nothing owed…
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
      await seen(kpi("Money in").getByText(/KES 4,000(\.00)?/));
      await seen(kpi("Owed to you").getByText(/KES 0(\.00)?$/));

      // …and the customer's page says so.
      await phone.reload();
      await seen(phone.getByText("Paid in full. Thank you!"));
    });
  },
);
