import { seedDemo } from "@kavi/db/seed";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  chromiumAvailable,
  launchBrowser,
  saveScreenshot,
  seen,
  signIn,
  signInAsDemoOwner,
  signUpWithBusiness,
  type TestBrowser,
} from "./browser";
import { e2eEnv } from "./env";
import { type Stack, startStack } from "./stack";

const available = chromiumAvailable();

async function noSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
}

describe.skipIf(!available)("the demo owner exports their data and sees the deletion safeguards", () => {
  let stack: Stack;
  let browser: TestBrowser;

  async function signedIn(width: number): Promise<{ page: Page; businessId: string }> {
    const page = await browser.newPage({ width });
    return { page, businessId: await signInAsDemoOwner(page, stack) };
  }

  beforeAll(async () => {
    stack = await startStack();
    await seedDemo(stack.db);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("requests an export of their own data, follows its progress and gets the link by email", async () => {
    const { page } = await signedIn(1280);
    await page.goto(`${stack.appUrl}/account/security`);
    await seen(page.getByRole("heading", { name: "Your data" }));
    await seen(page.getByText("No exports yet."));
    await page.getByRole("button", { name: "Export my data" }).click();
    await seen(page.getByText("Your export is being prepared. We'll email you the link."));
    const list = page.getByTestId("data-exports");
    await seen(list.getByText("Ready", { exact: true }));
    await seen(list.getByRole("button", { name: "Download" }));
    // A second request while one is still fresh is fine; while one is preparing it is refused (tested in the API).
    const email = await stack.mail.waitForMessage(
      (message) =>
        message.to.includes("amina@demo.kavi.africa") && /data export is ready/.test(message.subject),
      { timeoutMs: 60_000 },
    );
    const link = /https?:\/\/\S+X-Amz-Signature=\S+/.exec(email.text)?.[0];
    expect(link).toBeDefined();
    expect((await fetch(String(link))).headers.get("content-type")).toMatch(/zip/);
    await seen(page.getByRole("heading", { name: "Delete my account" }));
    await saveScreenshot(page, e2eEnv.featureScreenshotDir, "data-rights-security-desktop-en.png", {
      fullPage: true,
    });

    const phone = await signedIn(390);
    await phone.page.goto(`${stack.appUrl}/account/security`);
    await seen(phone.page.getByTestId("data-exports").getByText("Ready", { exact: true }));
    await noSidewaysScroll(phone.page);
    await saveScreenshot(phone.page, e2eEnv.featureScreenshotDir, "data-rights-security-phone-en.png", {
      fullPage: true,
    });
  });

  it("exports the business, schedules its deletion with a warning, and restores it", async () => {
    const { page, businessId } = await signedIn(1280);
    await page.goto(`${stack.appUrl}/b/${businessId}/settings/business`);
    await seen(page.getByRole("heading", { name: "Export business data" }));
    await page.getByRole("button", { name: "Export business data" }).click();
    await seen(page.getByTestId("data-exports").getByText("Ready", { exact: true }));

    await page.getByRole("button", { name: "Delete", exact: true }).click();
    const dialog = page.getByRole("dialog");
    await seen(dialog.getByText(/After a grace period it is deleted for good/));
    const legalName = (await dialog.locator("label span.font-semibold").first().textContent()) ?? "";
    await dialog.getByRole("textbox").fill(legalName);
    await saveScreenshot(page, e2eEnv.featureScreenshotDir, "data-rights-delete-dialog-desktop-en.png");
    await dialog.getByRole("button", { name: "Delete", exact: true }).click();
    const banner = page.getByRole("alert").filter({ hasText: "will be deleted on" });
    await seen(banner);
    await saveScreenshot(page, e2eEnv.featureScreenshotDir, "data-rights-business-settings-desktop-en.png", {
      fullPage: true,
    });

    const phone = await signedIn(390);
    await phone.page.goto(`${stack.appUrl}/b/${businessId}/settings/business`);
    await seen(phone.page.getByRole("alert").filter({ hasText: "will be deleted on" }));
    await noSidewaysScroll(phone.page);
    await saveScreenshot(
      phone.page,
      e2eEnv.featureScreenshotDir,
      "data-rights-business-settings-phone-en.png",
      { fullPage: true },
    );

    await banner.getByRole("button", { name: "Restore business" }).click();
    await banner.waitFor({ state: "detached" });
  });

  it("shows the same screens in Kiswahili at both widths", async () => {
    const { page, businessId } = await signedIn(1280);
    await page.getByRole("button", { name: /amina@demo\.kavi\.africa/ }).click();
    await page.getByRole("menuitem", { name: "Kiswahili" }).click();
    await seen(page.getByText("Lugha imebadilishwa"));
    await page.goto(`${stack.appUrl}/account/security`);
    await seen(page.getByRole("heading", { name: "Data yako" }));
    await seen(page.getByRole("heading", { name: "Futa akaunti yangu" }));
    await saveScreenshot(page, e2eEnv.featureScreenshotDir, "data-rights-security-desktop-sw.png", {
      fullPage: true,
    });
    await page.goto(`${stack.appUrl}/b/${businessId}/settings/business`);
    await seen(page.getByRole("heading", { name: "Hamisha data ya biashara" }));
    await saveScreenshot(page, e2eEnv.featureScreenshotDir, "data-rights-business-settings-desktop-sw.png", {
      fullPage: true,
    });

    const phone = await signedIn(390);
    await phone.page.goto(`${stack.appUrl}/account/security`);
    await seen(phone.page.getByRole("heading", { name: "Data yako" }));
    await noSidewaysScroll(phone.page);
    await saveScreenshot(phone.page, e2eEnv.featureScreenshotDir, "data-rights-security-phone-sw.png", {
      fullPage: true,
    });
    await phone.page.goto(`${stack.appUrl}/b/${businessId}/settings/business`);
    await seen(phone.page.getByRole("heading", { name: "Hamisha data ya biashara" }));
    await noSidewaysScroll(phone.page);
    await saveScreenshot(
      phone.page,
      e2eEnv.featureScreenshotDir,
      "data-rights-business-settings-phone-sw.png",
      { fullPage: true },
    );
  });

  it("deletes a new account after a warning, signs it out, and restores it on the next sign-in", async () => {
    const person = {
      fullName: "Baraka Otieno",
      email: `baraka.${Date.now()}@example.com`,
      password: "Tamu-Chai-Ya-Asubuhi-42",
      legalName: "Baraka Solo Kiosk Ltd",
    };
    const page = await browser.newPage({ width: 1280 });
    await signUpWithBusiness(page, stack, person);
    await page.goto(`${stack.appUrl}/account/security`);
    await seen(page.getByText(/after a grace period, deletes your account and profile/));
    await page.getByRole("button", { name: "Delete my account" }).click();
    const dialog = page.getByRole("dialog");
    await seen(dialog.getByText(/we will email you the date your account is deleted/));
    await dialog.getByLabel("Your password").fill(person.password);
    await dialog.getByRole("button", { name: "Delete my account" }).click();
    await page.waitForURL(/\/sign-in/);
    const warning = await stack.mail.waitForMessage(
      (message) => message.to.includes(person.email) && /account will be deleted on/.test(message.subject),
      { timeoutMs: 60_000 },
    );
    expect(warning.text).toMatch(/Restore my account/);

    await signIn(page, stack, person);
    await page.goto(`${stack.appUrl}/account/security`);
    const banner = page.getByRole("alert").filter({ hasText: "Your account will be deleted on" });
    await seen(banner);
    await saveScreenshot(page, e2eEnv.featureScreenshotDir, "data-rights-account-scheduled-desktop-en.png", {
      fullPage: true,
    });
    const phone = await browser.newPage({ width: 390 });
    await signIn(phone, stack, person);
    await phone.goto(`${stack.appUrl}/account/security`);
    await seen(phone.getByRole("alert").filter({ hasText: "Your account will be deleted on" }));
    await noSidewaysScroll(phone);
    await saveScreenshot(phone, e2eEnv.featureScreenshotDir, "data-rights-account-scheduled-phone-en.png", {
      fullPage: true,
    });
    await phone.getByRole("button", { name: "Your account" }).click();
    await phone.getByRole("menuitem", { name: "Kiswahili" }).click();
    await seen(phone.getByText("Lugha imebadilishwa"));
    await seen(phone.getByRole("alert").filter({ hasText: "Akaunti yako itafutwa tarehe" }));
    await saveScreenshot(phone, e2eEnv.featureScreenshotDir, "data-rights-account-scheduled-phone-sw.png", {
      fullPage: true,
    });

    await banner.getByRole("button", { name: "Restore my account" }).click();
    await banner.waitFor({ state: "detached" });
    await seen(page.getByRole("button", { name: "Delete my account" }));
  });
});
