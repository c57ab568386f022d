import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable } from "./browser";
import { e2eEnv } from "./env";
import { type Stack, startStack } from "./stack";

const available = chromiumAvailable();
const PASSWORD = "Mvua-Ya-Masika-2026";
const suffix = randomBytes(3).toString("hex");
const owner = { name: "Wairimu Njoroge", email: `wairimu.${suffix}@example.co.ke` };
/** Screenshots for people reviewing the screens (outside the repository). */
const SHOTS = e2eEnv.webhookScreenshots;

async function seen(locator: Locator): Promise<void> {
  await locator.filter({ visible: true }).first().waitFor({ state: "visible" });
}

describe.skipIf(!available)(
  "an owner connects a webhook endpoint and watches signed deliveries arrive",
  () => {
    let stack: Stack;
    let browser: Browser;
    const contexts: BrowserContext[] = [];

    async function newPage(width = 1280): Promise<Page> {
      const context = await browser.newContext({
        viewport: { width, height: width < 500 ? 844 : 800 },
        reducedMotion: "reduce",
      });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(60_000);
      return page;
    }

    async function shot(page: Page, name: string) {
      if (!SHOTS) return;
      await mkdir(SHOTS, { recursive: true });
      await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
    }

    beforeAll(async () => {
      stack = await startStack({ webhooks: true });
      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    });

    afterAll(async () => {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser?.close().catch(() => undefined);
      await stack?.close();
    });

    it("adds an endpoint, copies its secret, sends a test event that verifies, and resends it", async () => {
      const receiver = stack.webhooks;
      if (!receiver) throw new Error("the stack has no webhook receiver");
      const page = await newPage();
      await page.goto(`${stack.appUrl}/sign-up`);
      await page.getByLabel("Full name").fill(owner.name);
      await page.getByLabel("Work email").fill(owner.email);
      await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
      await page.getByRole("button", { name: "Create account" }).click();
      await seen(page.getByRole("heading", { level: 1, name: "Check your email" }));
      const verification = await stack.mail.waitForMessage(
        (caught) => caught.to.includes(owner.email) && /is your KAVI code$/.test(caught.subject),
        { timeoutMs: 60_000 },
      );
      const verifyLink = /https?:\/\/[^\s"<>]+\/verify-email\/[A-Za-z0-9_-]+/.exec(verification.text)?.[0];
      await page.goto(String(verifyLink));
      await page.getByRole("link", { name: "Sign in to continue" }).click();
      await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/onboarding$/);
      await page.getByLabel("Legal name").fill(`Maziwa Fresh ${suffix} Ltd`);
      await page.getByLabel("KRA PIN").fill("P051234567X");
      await page.getByLabel("Industry").selectOption("Retail & shops");
      await page.getByRole("button", { name: "Create business" }).click();
      await page.waitForURL(/\/b\/[0-9a-f-]{36}$/);
      const businessId = /\/b\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? "";

      // ── Settings → Webhooks starts empty, with a way to begin ────────────────
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Webhooks" }).click();
      await page.waitForURL(`**/b/${businessId}/settings/webhooks`);
      await seen(page.getByText("No webhook endpoints yet"));
      await shot(page, "webhooks-empty-1280");

      // ── Add an endpoint at the local receiver ─────────────────────────────────
      await page.getByRole("button", { name: "Add endpoint" }).click();
      const dialog = page.getByRole("dialog", { name: "Add a webhook endpoint" });
      // A private address is refused with a clear message under the field.
      await dialog.getByLabel("Endpoint URL").fill("http://169.254.169.254/latest/meta-data/");
      await dialog.getByRole("button", { name: "Add endpoint" }).click();
      await seen(dialog.getByText(/private or local network/));
      await dialog.getByLabel("Endpoint URL").fill(`${receiver.url}/hooks/e2e`);
      await dialog.getByLabel("Description").fill("Online shop");
      await dialog.getByText("A transaction is recorded").click();
      await shot(page, "webhooks-add-1280");
      await dialog.getByRole("button", { name: "Add endpoint" }).click();

      // ── The secret is shown once ──────────────────────────────────────────────
      const secretDialog = page.getByRole("dialog", { name: "Copy the signing secret now" });
      await seen(secretDialog);
      const secret = (await secretDialog.locator("code").textContent())?.trim() ?? "";
      expect(secret).toMatch(/^whsec_/);
      receiver.setSecret("/hooks/e2e", secret);
      await shot(page, "webhooks-secret-1280");
      await secretDialog.getByRole("button", { name: "I have copied it" }).click();

      // ── Send a test event: it arrives signed, and the log says Delivered ──────
      await page.getByRole("button", { name: "Send test event" }).click();
      const delivered = await receiver.waitForDelivery((d) => d.path === "/hooks/e2e", { timeoutMs: 60_000 });
      expect(delivered.verification).toEqual({ state: "verified" });
      expect(JSON.parse(delivered.body)).toMatchObject({ type: "webhook.test" });
      await seen(page.getByText("Delivered", { exact: true }));
      await shot(page, "webhooks-delivered-1280");

      // ── Open the delivery and resend it: same webhook-id, verified again ──────
      await page
        .getByRole("button", { name: /webhook\.test/ })
        .first()
        .click();
      const detail = page.getByRole("dialog", { name: "webhook.test" });
      await seen(detail.getByText("Attempts (1)"));
      await shot(page, "webhooks-delivery-1280");
      await detail.getByRole("button", { name: "Resend" }).click();
      const again = await receiver.waitForDelivery((d) => d.path === "/hooks/e2e" && d.id !== delivered.id, {
        timeoutMs: 60_000,
      });
      expect(again.headers["webhook-id"]).toBe(delivered.headers["webhook-id"]);
      expect(again.verification).toEqual({ state: "verified" });

      // ── On a phone the page still reads well ──────────────────────────────────
      if (SHOTS) {
        const phone = await newPage(390);
        const cookies = await contexts[0]?.cookies();
        if (cookies) await phone.context().addCookies(cookies);
        await phone.goto(`${stack.appUrl}/b/${businessId}/settings/webhooks`);
        await seen(phone.getByText("Online shop"));
        await shot(phone, "webhooks-390");
      }
    });
  },
);
