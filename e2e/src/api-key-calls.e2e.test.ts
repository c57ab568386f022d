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
const PASSWORD = "Jua-Kali-Na-Mvua-2026";
const suffix = randomBytes(3).toString("hex");
const owner = { name: "Chebet Kiprono", email: `chebet.${suffix}@example.co.ke` };
/** Screenshots for people reviewing the screens (outside the repository). */
const SHOTS = e2eEnv.webhookScreenshots;

describe.skipIf(!available)("an owner sees every call an API key made, reads included", () => {
  let stack: Stack;
  let browser: TestBrowser;

  const newPage = (width = 1280) => browser.newPage({ width, height: width < 500 ? 844 : 800 });

  const shot = (page: Page, name: string) => saveScreenshot(page, SHOTS, `${name}.png`);

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("creates a key, calls the API with it, and finds the calls under Recent calls", async () => {
    const page = await newPage();
    const businessId = await signUpWithBusiness(page, stack, {
      fullName: owner.name,
      email: owner.email,
      password: PASSWORD,
      legalName: `Chebet Hardware ${suffix} Ltd`,
      industry: "Retail & shops",
      confirmBy: "link",
    });

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
      await phone.context().addCookies(await page.context().cookies());
      await phone.goto(`${stack.appUrl}/b/${businessId}/settings/api`);
      await phone.getByRole("button", { name: "Recent calls" }).click();
      await seen(phone.getByText("getBusiness"));
      await shot(phone, "api-key-calls-390");
    }
  });
});
