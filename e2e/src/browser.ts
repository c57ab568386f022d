import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { DEMO_PASSWORD } from "@kavi/db/seed";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import type { Stack } from "./stack";

/** The system Chromium (Debian's package); we never download a browser build. */
export const CHROMIUM_PATH = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
];

/**
 * Context options every test's browser context shares. Service workers are blocked: the production build registers
 * one that precaches the app shell, and the tests load the app as the Vite dev server served it (no worker), so every
 * load reaches the stack. `newPage({ serviceWorkers: "allow" })` for a test about the installed app itself.
 */
export const CONTEXT_DEFAULTS = { reducedMotion: "reduce", serviceWorkers: "block" } as const;

/** The demo seed's owner (packages/db/src/seed/accounts.ts). */
export const DEMO_OWNER_EMAIL = "amina@demo.kavi.africa";

const BUSINESS_URL = /\/b\/([0-9a-f-]{36})/;

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/**
 * Waits until the first visible match shows: the same text may sit in a hidden desktop or phone layout too. If it
 * does not, fails with what the page showed instead (describePage), so a timeout seen only on a loaded CI machine
 * can be read from the log.
 */
export async function seen(locator: Locator, timeout?: number): Promise<void> {
  try {
    await locator
      .filter({ visible: true })
      .first()
      .waitFor({ state: "visible", ...(timeout ? { timeout } : {}) });
  } catch (error) {
    const shown = await describePage(locator.page()).catch(
      (failure: unknown) => `(not described: ${failure})`,
    );
    throw new Error(
      `${error instanceof Error ? error.message.split("\n")[0] : error}\nThe page showed: ${shown}`,
      {
        cause: error,
      },
    );
  }
}

/**
 * What a page shows, in one line: its address, language, visible headings, dialogs, alerts and status messages,
 * and the start of its text.
 */
export async function describePage(page: Page): Promise<string> {
  const shown = await page.evaluate(() => {
    const visible = (element: Element) =>
      element.closest("[aria-hidden=true]") === null && element.getClientRects().length > 0;
    const texts = (selector: string) =>
      [...document.querySelectorAll(selector)]
        .filter(visible)
        .map((element) => (element.textContent ?? "").replace(/\s+/g, " ").trim().slice(0, 80));
    return {
      lang: document.documentElement.lang,
      headings: texts("h1, h2, h3, [role=heading]"),
      dialogs: [...document.querySelectorAll("[role=dialog], [role=alertdialog]")].map((element) => ({
        name:
          document.getElementById(element.getAttribute("aria-labelledby") ?? "")?.textContent ??
          element.getAttribute("aria-label"),
        visible: visible(element),
      })),
      alerts: texts("[role=alert], [role=status]"),
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point (not hidden layouts)
      text: (document.body.innerText ?? "").replace(/\s+/g, " ").trim().slice(0, 300),
    };
  });
  return `${page.url()} ${JSON.stringify(shown)}`;
}

export interface PageOptions {
  width?: number;
  /** 900 unless given. */
  height?: number;
  locale?: string;
  /** "block" unless given (CONTEXT_DEFAULTS); "allow" for a test about the installed app (offline, updates). */
  serviceWorkers?: "allow" | "block";
}

/** One Chromium for a test file; each page gets a context of its own (its own cookies), closed with the browser. */
export interface TestBrowser {
  newPage(options?: PageOptions): Promise<Page>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];
  return {
    async newPage(options = {}) {
      const context = await browser.newContext({
        viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
        ...CONTEXT_DEFAULTS,
        ...(options.serviceWorkers ? { serviceWorkers: options.serviceWorkers } : {}),
        ...(options.locale ? { locale: options.locale } : {}),
      });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(60_000);
      return page;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
    },
  };
}

/** The business id in the page's address (/b/:id/…); empty when there is none. */
export function businessIdOf(page: Page): string {
  return BUSINESS_URL.exec(page.url())?.[1] ?? "";
}

/**
 * Signs in with a password and waits for the business's pages; returns the business id. The labels match in
 * English and Kiswahili, so a browser left in Kiswahili signs in too.
 */
export async function signIn(
  page: Page,
  stack: Pick<Stack, "appUrl">,
  credentials: { email: string; password: string },
  options: { timeout?: number } = {},
): Promise<string> {
  await page.goto(`${stack.appUrl}/sign-in`);
  await page.getByLabel(/^(Email|Barua pepe)$/).fill(credentials.email);
  await page.getByLabel(/^(Password|Nenosiri)$/).fill(credentials.password);
  await page.getByRole("button", { name: /^(Sign in|Ingia)$/ }).click();
  await page.waitForURL(BUSINESS_URL, options.timeout ? { timeout: options.timeout } : {});
  return businessIdOf(page);
}

/** Signs in as the demo seed's owner (run seedDemo first); returns the demo business's id. */
export function signInAsDemoOwner(
  page: Page,
  stack: Pick<Stack, "appUrl">,
  options: { timeout?: number } = {},
) {
  return signIn(page, stack, { email: DEMO_OWNER_EMAIL, password: DEMO_PASSWORD }, options);
}

export interface NewPerson {
  fullName: string;
  email: string;
  password: string;
  /**
   * How the address is confirmed: the 6-digit code typed into the sign-up page (which also signs in), or the
   * emailed link, after which the person signs in with the password.
   */
  confirmBy?: "code" | "link";
}

export interface NewOwner extends NewPerson {
  legalName: string;
  /** An option of onboarding's Industry list; left as it is when absent. */
  industry?: string;
}

/** Sign-up → the emailed confirmation → signed in on onboarding, with no business yet. */
export async function signUp(
  page: Page,
  stack: Pick<Stack, "appUrl" | "mail">,
  person: NewPerson,
): Promise<void> {
  await page.goto(`${stack.appUrl}/sign-up`);
  await page.getByLabel("Full name").fill(person.fullName);
  await page.getByLabel("Work email").fill(person.email);
  await page.getByLabel("Password", { exact: true }).fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await seen(page.getByRole("heading", { level: 1, name: "Check your email" }));
  const verification = await stack.mail.waitForMessage(
    (caught) => caught.to.includes(person.email) && /is your KAVI code$/.test(caught.subject),
    { timeoutMs: 60_000 },
  );
  if (person.confirmBy === "link") {
    const link = /https?:\/\/[^\s"<>]+\/verify-email\/[A-Za-z0-9_-]+/.exec(verification.text)?.[0];
    if (!link?.startsWith(stack.appUrl))
      throw new Error(`the email does not link to /verify-email/: ${link}`);
    await page.goto(link);
    await seen(page.getByRole("heading", { level: 1, name: "Your email is confirmed" }));
    // The link proves the address but signs nobody in: sign in with the password (the address is filled in).
    await page.getByRole("link", { name: "Sign in to continue" }).click();
    const prefilled = await page.getByLabel("Email").inputValue();
    if (prefilled !== person.email) throw new Error(`sign-in after the link shows "${prefilled}"`);
    await page.getByLabel("Password", { exact: true }).fill(person.password);
    await page.getByRole("button", { name: "Sign in" }).click();
  } else {
    await page
      .getByLabel("Code from the email")
      .fill(String(/code in KAVI: (\d{6})/.exec(verification.text)?.[1]));
    await page.getByRole("button", { name: "Confirm and continue" }).click();
  }
  await page.waitForURL(/\/onboarding$/);
}

/** Sign-up → the emailed confirmation → onboarding → the new business's dashboard; returns the business id. */
export async function signUpWithBusiness(
  page: Page,
  stack: Pick<Stack, "appUrl" | "mail">,
  owner: NewOwner,
): Promise<string> {
  await signUp(page, stack, owner);
  await page.getByLabel("Legal name").fill(owner.legalName);
  await page.getByLabel("KRA PIN").fill("P051234567X");
  if (owner.industry) await page.getByLabel("Industry").selectOption(owner.industry);
  await page.getByRole("button", { name: "Create business" }).click();
  await page.waitForURL(/\/b\/[0-9a-f-]{36}$/);
  return businessIdOf(page);
}

/** Keeps a picture of the page when `directory` is set (each test names its own environment variable). */
export async function saveScreenshot(
  page: Page,
  directory: string | null | undefined,
  file: string,
  options: { fullPage?: boolean } = {},
): Promise<void> {
  if (!directory) return;
  await mkdir(directory, { recursive: true });
  await page.screenshot({ path: path.join(directory, file), ...options });
}
