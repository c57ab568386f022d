import { randomBytes } from "node:crypto";
import path from "node:path";
import { silentLogger } from "@kavi/api";
import { ingestExchangeRates } from "@kavi/api/services";
import { invoices } from "@kavi/db";
import { createCbkClient } from "@kavi/fx";
import { type FakeFx, startFakeFx } from "@kavi/fx/fake";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  chromiumAvailable,
  launchBrowser,
  saveScreenshot,
  seen,
  signIn,
  signUpWithBusiness,
  type TestBrowser,
} from "./browser";
import { type Stack, startStack } from "./stack";

const available = chromiumAvailable();
const PASSWORD = "Jua-Kali-Nairobi-2026";
const suffix = randomBytes(3).toString("hex");
const ownerEmail = `wanjiru.${suffix}@example.co.ke`;
const BUYER_PIN = "P051111111A";
const CLASSIFICATION = "5020230500";

/** Where the pictures go (looked at by a person; .artifacts is not committed). */
const screenshots =
  process.env.KENYA_CHANNELS_SCREENSHOTS ??
  path.resolve(import.meta.dirname, "../../.artifacts/kenya-channels");

describe.skipIf(!available)(
  "an owner fills in eTIMS, shares the invoice on WhatsApp and by SMS, and reads today's exchange rates",
  () => {
    let stack: Stack;
    let fx: FakeFx;
    let browser: TestBrowser;

    beforeAll(async () => {
      stack = await startStack({ sms: true });
      // The daily rates job's work, once, against the local CBK fake (its 120 seeded days end today).
      fx = await startFakeFx({ port: 0 });
      await ingestExchangeRates(
        { db: stack.db, logger: silentLogger, now: () => new Date() },
        createCbkClient({ baseUrl: fx.url }),
      );
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await fx?.close();
      await stack?.close();
    });

    it("saves and shows the eTIMS fields, puts amount, due date and pay link in the wa.me link and the SMS, and draws the rates in en and sw", async () => {
      const page = await browser.newPage();
      // WhatsApp opens in a new window: keep its address instead of leaving for wa.me.
      await page.addInitScript(() => {
        window.open = (url?: string | URL) => {
          (window as unknown as { openedUrl: string }).openedUrl = String(url);
          return null;
        };
      });
      const businessId = await signUpWithBusiness(page, stack, {
        fullName: "Wanjiru Otieno",
        email: ownerEmail,
        password: PASSWORD,
        legalName: `Jua Kali Hardware ${suffix} Ltd`,
      });

      // ── An invoice with a customer reachable by phone, two lines and the eTIMS fields ──
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Invoices" }).click();
      await page.getByRole("link", { name: "New invoice" }).first().click();
      await page.getByRole("button", { name: "New customer" }).click();
      const dialog = page.getByRole("dialog", { name: "New customer" });
      await dialog.getByLabel("Name", { exact: true }).fill("Kisumu Builders");
      await dialog.getByLabel("Email").fill(`accounts.${suffix}@kisumubuilders.example`);
      await dialog.getByLabel("Phone").fill("0712 345 678");
      await dialog.getByRole("button", { name: "Add customer" }).click();
      await dialog.waitFor({ state: "detached" });
      await page.getByLabel("Description", { exact: true }).fill("Iron sheets, gauge 30");
      await page.getByLabel("Qty", { exact: true }).fill("2");
      await page.getByLabel("Unit price", { exact: true }).fill("1,000");
      await page.getByRole("button", { name: "Add line" }).click();
      await page.getByLabel("Description", { exact: true }).nth(1).fill("Delivery to site");
      await page.getByLabel("Qty", { exact: true }).nth(1).fill("1");
      await page.getByLabel("Unit price", { exact: true }).nth(1).fill("500");
      await page.getByLabel("VAT", { exact: true }).nth(1).selectOption("exempt");
      // 2 × 1,000 + 16 % VAT, and 500 exempt.
      await seen(page.getByText("KES 2,820.00"));

      await page.getByText("KRA eTIMS").click();
      await page.getByLabel("Buyer's KRA PIN").fill(BUYER_PIN);
      await page.getByLabel("Item classification").first().fill(CLASSIFICATION);
      // Each line's tax type follows its VAT: B for 16 %, A for exempt.
      await seen(page.getByText("Tax type B"));
      await seen(page.getByText("Tax type A"));
      await page.getByRole("button", { name: "Save and send" }).click();
      await page.waitForURL(/\/invoices\/[0-9a-f-]{36}$/);
      const invoiceId = page.url().split("/").at(-1) ?? "";

      // ── The invoice page shows what eTIMS will be told ───────────────────────
      await seen(page.getByText(`Buyer's KRA PIN: ${BUYER_PIN}`));
      await seen(page.getByText(`Item classification ${CLASSIFICATION} · Tax type B`));
      await seen(page.getByText("Tax type A"));
      await saveScreenshot(page, screenshots, "invoice-etims-en-1280.png", { fullPage: true });
      const [saved] = await stack.db
        .select({ buyerPin: invoices.buyerPin, dueDate: invoices.dueDate, number: invoices.invoiceNumber })
        .from(invoices)
        .where(eq(invoices.id, invoiceId));
      expect(saved?.buyerPin).toBe(BUYER_PIN);
      const [dueYear, , dueDay] = String(saved?.dueDate).split("-");

      // ── Share on WhatsApp: the customer's number, the amount, the due date and the pay link ──
      await page.getByRole("button", { name: "More actions" }).click();
      await page.getByRole("menuitem", { name: "Share on WhatsApp" }).click();
      await page.waitForFunction(() => Boolean((window as unknown as { openedUrl?: string }).openedUrl));
      const opened = new URL(
        await page.evaluate(() => (window as unknown as { openedUrl: string }).openedUrl),
      );
      expect(`${opened.origin}${opened.pathname}`).toBe("https://wa.me/254712345678");
      const whatsappText = opened.searchParams.get("text") ?? "";
      expect(whatsappText).toContain(String(saved?.number));
      const shared = /: KES 2,820\.00 due by (.+)\. View and pay: (\S+)$/.exec(whatsappText);
      expect(shared, whatsappText).not.toBeNull();
      expect(shared?.[1]).toContain(String(Number(dueDay)));
      expect(shared?.[1]).toContain(String(dueYear));
      const payLink = String(shared?.[2]);
      expect(payLink).toMatch(new RegExp(`^${stack.appUrl}/i/[A-Za-z0-9_-]+$`));

      // ── Send by SMS: the message reaches the Africa's Talking inbox ──────────
      await page.getByRole("button", { name: "More actions" }).click();
      await page.getByRole("menuitem", { name: "Send by SMS" }).click();
      const smsDialog = page.getByRole("dialog", { name: "Send by SMS" });
      await smsDialog.getByLabel("Mobile number").fill("0712 345 678");
      await smsDialog.getByRole("button", { name: "Send SMS" }).click();
      await smsDialog.waitFor({ state: "detached" });
      const sms = await stack.sms?.waitForMessage((message) => message.to === "+254712345678", 60_000);
      expect(sms?.text).toContain("KES 2,820.00");
      expect(sms?.text).toContain(String(saved?.number));
      expect(sms?.text).toContain(payLink);

      const phoneSignedIn = async (locale: string) => {
        const phone = await browser.newPage({ width: 390, height: 844, locale });
        await signIn(phone, stack, { email: ownerEmail, password: PASSWORD });
        return phone;
      };

      // ── Exchange rates: today's table and the 90-day chart, in English… ──────
      for (const width of [1280, 390]) {
        const rates = width === 1280 ? page : await phoneSignedIn("en-KE");
        await rates.goto(`${stack.appUrl}/b/${businessId}/rates`);
        await seen(rates.getByRole("heading", { level: 1, name: "Exchange rates" }));
        const table = rates.getByRole("table", { name: "Today's rates" });
        await seen(table.getByRole("row", { name: /USD\s+KES [\d,.]+/ }));
        const chart = rates.getByRole("img", { name: "Chart of KES per USD over the last 90 days" });
        await seen(chart.locator("svg path.recharts-curve"));
        await saveScreenshot(rates, screenshots, `rates-en-${width}.png`, { fullPage: true });
      }

      // …and in Kiswahili, once the owner chooses it.
      await page.getByRole("button", { name: new RegExp(ownerEmail.replace(/\./g, "\\.")) }).click();
      await page.getByRole("menuitem", { name: "Kiswahili" }).click();
      await seen(page.getByText("Lugha imebadilishwa"));
      for (const width of [1280, 390]) {
        const rates = width === 1280 ? page : await phoneSignedIn("sw-KE");
        await rates.goto(`${stack.appUrl}/b/${businessId}/rates`);
        await seen(rates.getByRole("heading", { level: 1, name: "Viwango vya kubadilisha fedha" }));
        await seen(rates.getByRole("table", { name: "Viwango vya leo" }).getByRole("row", { name: /USD/ }));
        const chart = rates.getByRole("img", { name: "Chati ya KES kwa USD katika siku 90 zilizopita" });
        await seen(chart.locator("svg path.recharts-curve"));
        await saveScreenshot(rates, screenshots, `rates-sw-${width}.png`, { fullPage: true });
      }
    });
  },
);
