import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, CHROMIUM_PATH, CONTEXT_DEFAULTS, chromiumAvailable } from "./browser";
import { e2eEnv } from "./env";
import { type Stack, startStack } from "./stack";

const available = chromiumAvailable();
const PASSWORD = "Jua-Kali-Na-Mvua-2026";
const suffix = randomBytes(3).toString("hex");
const owner = { name: "Chebet Kiprono", email: `chebet.${suffix}@example.co.ke` };
/** Screenshots for people reviewing the screens (outside the repository). */
const SHOTS = e2eEnv.webhookScreenshots;

async function seen(locator: Locator): Promise<void> {
  await locator.filter({ visible: true }).first().waitFor({ state: "visible" });
}

describe.skipIf(!available)("an owner sees every call an API key made, reads included", () => {
  let stack: Stack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function newPage(width = 1280): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width, height: width < 500 ? 844 : 800 },
      ...CONTEXT_DEFAULTS,
    });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    return page;
  }

  async function shot(page: Page, name: string) {
    if (!SHOTS) return;
    await mkdir(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: false });
  }

  beforeAll(async () => {
    stack = await startStack();
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await stack?.close();
  });

  it("creates a key, calls the API with it, and finds the calls under Recent calls", async () => {
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
    await page.getByLabel("Legal name").fill(`Chebet Hardware ${suffix} Ltd`);
    await page.getByLabel("KRA PIN").fill("P051234568X");
    await page.getByLabel("Industry").selectOption("Retail & shops");
    await page.getByRole("button", { name: "Create business" }).click();
    await page.waitForURL(/\/b\/[0-9a-f-]{36}$/);
    const businessId = /\/b\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? "";

    await page.goto(`${stack.appUrl}/b/${businessId}/settings/api`);
    await page.getByRole("button", { name: "Create API key" }).first().click();
    await page.getByLabel("Name").fill("Hardware till");
    await page.getByRole("button", { name: "Create key" }).click();
    const secret = (await page.getByTestId("api-key-secret").textContent())?.trim() ?? "";
    expect(secret).toMatch(/^kavi_test_/);
    await page.getByRole("button", { name: "I have copied it" }).click();

    // Before any call, the key's log is empty and says so.
    await page.getByRole("button", { name: "Recent calls" }).click();
    const dialog = page.getByRole("dialog", { name: "Recent calls with Hardware till" });
    await seen(dialog.getByText("No calls yet"));
    await page.keyboard.press("Escape");

    const call = (path: string) =>
      fetch(`${stack.api.url}/api/v1${path}`, { headers: { authorization: `Bearer ${secret}` } });
    expect((await call(`/businesses/${businessId}`)).status).toBe(200);
    expect((await call("/nothing-here")).status).toBe(404);
    // The log is written in batches, at most a second after the call.
    await stack.api.resources.services.apiKeyRequests.flush();

    await page.getByRole("button", { name: "Recent calls" }).click();
    await seen(dialog.getByText("getBusiness"));
    await seen(dialog.getByText("/api/v1/nothing-here"));
    await expect.poll(() => dialog.getByText("404", { exact: true }).count()).toBe(1);
    await shot(page, "api-key-calls-1280");

    if (SHOTS) {
      const phone = await newPage(390);
      const cookies = await contexts[0]?.cookies();
      if (cookies) await phone.context().addCookies(cookies);
      await phone.goto(`${stack.appUrl}/b/${businessId}/settings/api`);
      await phone.getByRole("button", { name: "Recent calls" }).click();
      await seen(phone.getByText("getBusiness"));
      await shot(phone, "api-key-calls-390");
    }
  });
});
