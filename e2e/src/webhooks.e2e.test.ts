import { randomBytes } from "node:crypto";
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
const owner = { name: "Wairimu Njoroge", email: `wairimu.${suffix}@example.co.ke` };
/** Screenshots for people reviewing the screens (outside the repository). */
const SHOTS = e2eEnv.webhookScreenshots;

describe.skipIf(!available)(
  "an owner connects a webhook endpoint and watches signed deliveries arrive",
  () => {
    let stack: Stack;
    let browser: TestBrowser;

    function shot(page: Page, name: string) {
      return saveScreenshot(page, SHOTS, `${name}.png`, { fullPage: true });
    }

    beforeAll(async () => {
      stack = await startStack({ webhooks: true });
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await stack?.close();
    });

    it("adds an endpoint, copies its secret, sends a test event that verifies, and resends it", async () => {
      const receiver = stack.webhooks;
      if (!receiver) throw new Error("the stack has no webhook receiver");
      const page = await browser.newPage({ height: 800 });
      const businessId = await signUpWithBusiness(page, stack, {
        fullName: owner.name,
        email: owner.email,
        password: PASSWORD,
        legalName: `Maziwa Fresh ${suffix} Ltd`,
        industry: "Retail & shops",
        confirmBy: "link",
      });

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
        const phone = await browser.newPage({ width: 390, height: 844 });
        await phone.context().addCookies(await page.context().cookies());
        await phone.goto(`${stack.appUrl}/b/${businessId}/settings/webhooks`);
        await seen(phone.getByText("Online shop"));
        await shot(phone, "webhooks-390");
      }
    });
  },
);
