/**
 * Screenshots of every page at desktop and phone sizes, against a running app (pnpm dev or your own ports):
 *   BASE_URL=http://localhost:5173 pnpm --filter @kavi/e2e screenshots [name-filter]
 * Signs in as the seeded demo accounts. PNGs go to OUT_DIR (default .artifacts/screenshots).
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../src/browser";
import { e2eEnv } from "../src/env";

const baseUrl = e2eEnv.baseUrl;
const outDir = path.resolve(e2eEnv.screenshotDir);
const password = e2eEnv.demoPassword;
const filter = process.argv[2] ?? "";

const accounts = {
  owner: "amina@demo.kavi.africa",
  staff: "brian@demo.kavi.africa",
  viewer: "grace@demo.kavi.africa",
  admin: "ops@demo.kavi.africa",
} as const;
type Who = keyof typeof accounts | null;

interface Shot {
  name: string;
  as: Who;
  /** A path, or a function of the business id. */
  path: string | ((businessId: string) => string);
  /** Something to do before the picture (open a dialog…). */
  act?: (page: Page) => Promise<void>;
  fullPage?: boolean;
}

const shots: Shot[] = [
  { name: "sign-in", as: null, path: "/sign-in" },
  { name: "sign-up", as: null, path: "/sign-up" },
  { name: "forgot-password", as: null, path: "/forgot-password" },
  { name: "reset-password", as: null, path: "/reset-password/not-a-real-token-but-long-enough" },
  { name: "invite-invalid", as: null, path: "/invite/not-a-real-token-but-long-enough" },
  { name: "home-owner", as: "owner", path: (id) => `/b/${id}` },
  { name: "team-owner", as: "owner", path: (id) => `/b/${id}/settings/team` },
  {
    name: "team-invite-dialog",
    as: "owner",
    path: (id) => `/b/${id}/settings/team`,
    act: async (page) => {
      await page.getByRole("button", { name: "Invite", exact: true }).click();
      await page.getByRole("dialog").waitFor();
    },
    fullPage: false,
  },
  { name: "business-settings", as: "owner", path: (id) => `/b/${id}/settings/business`, fullPage: true },
  { name: "api-keys", as: "owner", path: (id) => `/b/${id}/settings/api`, fullPage: true },
  {
    name: "api-keys-create-dialog",
    as: "owner",
    path: (id) => `/b/${id}/settings/api`,
    act: async (page) => {
      await page.getByRole("button", { name: "Create API key" }).first().click();
      await page.getByRole("dialog").waitFor();
    },
    fullPage: false,
  },
  {
    name: "api-keys-secret",
    as: "owner",
    path: (id) => `/b/${id}/settings/api`,
    act: async (page) => {
      await page.getByRole("button", { name: "Create API key" }).first().click();
      await page.getByLabel("Name").fill("Duka online shop");
      await page.getByRole("button", { name: "Create key" }).click();
      await page.getByTestId("api-key-secret").waitFor();
    },
    fullPage: false,
  },
  { name: "activity", as: "owner", path: (id) => `/b/${id}/activity` },
  { name: "profile", as: "owner", path: "/account/profile", fullPage: true },
  { name: "security", as: "owner", path: "/account/security" },
  { name: "notifications", as: "owner", path: "/notifications" },
  { name: "onboarding", as: "owner", path: "/onboarding", fullPage: true },
  {
    name: "switcher-open",
    as: "owner",
    path: (id) => `/b/${id}`,
    act: async (page) => {
      const trigger = page.getByRole("button", { name: /switch business/i }).first();
      if (await trigger.isVisible()) await trigger.click();
    },
    fullPage: false,
  },
  { name: "invoices", as: "owner", path: (id) => `/b/${id}/invoices` },
  { name: "invoices-overdue", as: "owner", path: (id) => `/b/${id}/invoices?status=overdue` },
  {
    name: "invoice-new",
    as: "owner",
    path: (id) => `/b/${id}/invoices/new`,
    act: async (page) => {
      const customer = page.getByLabel("Customer", { exact: true });
      await customer.selectOption({ index: 3 });
      await page.getByLabel("Description", { exact: true }).first().fill("Tomatoes, 64 kg crate");
      await page.getByLabel("Qty", { exact: true }).first().fill("3");
      await page.getByLabel("Unit price", { exact: true }).first().fill("1,160");
      await page.getByRole("button", { name: "Add line" }).click();
      await page.getByLabel("Description", { exact: true }).nth(1).fill("Delivery to Westlands");
      await page.getByLabel("Unit price", { exact: true }).nth(1).fill("500");
    },
  },
  {
    name: "invoice-editor-errors",
    as: "owner",
    path: (id) => `/b/${id}/invoices/new`,
    act: async (page) => {
      // Saved with no customer: the API's schema, checked in the browser, puts its message under the field.
      await page.getByLabel("Description", { exact: true }).first().fill("Tomatoes, crate");
      await page.getByLabel("Unit price", { exact: true }).first().fill("2,400");
      await page.getByRole("button", { name: "Save draft" }).click();
      await page.getByText("This id is not valid").waitFor();
    },
  },
  {
    name: "team-invite-errors",
    as: "owner",
    path: (id) => `/b/${id}/settings/team`,
    act: async (page) => {
      await page.getByRole("button", { name: "Invite", exact: true }).click();
      await page.getByRole("button", { name: "Send invitation" }).click();
      await page.getByText(/Enter a valid email/).waitFor();
    },
    fullPage: false,
  },
  {
    name: "import-mapping",
    as: "owner",
    path: (id) => `/b/${id}/transactions`,
    act: async (page) => {
      await page.getByRole("button", { name: "Import" }).first().click();
      await page.getByRole("dialog").waitFor();
      const csv = "Date,Description,Amount\n2026-11-02,Sale of sukuma,1500\n2026-11-03,Transport,-400\n";
      await page
        .locator('input[type="file"]')
        .setInputFiles({ name: "bank.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
      await page.getByText("Which column holds what").waitFor();
    },
    fullPage: false,
  },
  {
    name: "invoice-detail",
    as: "owner",
    path: (id) => `/b/${id}/invoices?status=overdue`,
    act: openFirstInvoice,
  },
  {
    name: "invoice-record-payment",
    as: "owner",
    path: (id) => `/b/${id}/invoices?status=overdue`,
    act: async (page) => {
      await openFirstInvoice(page);
      await page.getByRole("button", { name: "Record payment" }).click();
      await page.getByRole("dialog").waitFor();
    },
    fullPage: false,
  },
  {
    name: "invoice-detail-paid",
    as: "owner",
    path: (id) => `/b/${id}/invoices?status=paid`,
    act: openFirstInvoice,
  },
  { name: "invoice-settings", as: "owner", path: (id) => `/b/${id}/settings/invoices` },
  { name: "invoices-recurring", as: "owner", path: (id) => `/b/${id}/invoices/recurring` },
  {
    name: "public-invoice",
    as: "owner",
    path: (id) => `/b/${id}/invoices?status=open`,
    act: async (page) => {
      await openFirstInvoice(page);
      const link = await page.locator("code").first().textContent();
      await page.goto(`${baseUrl}${new URL(String(link)).pathname}`);
      await page.getByText("Amount due").waitFor();
    },
  },
  { name: "public-invoice-missing", as: null, path: "/i/this-link-does-not-exist-at-all-0000000" },
  { name: "home-staff", as: "staff", path: (id) => `/b/${id}` },
  { name: "invoices-staff", as: "staff", path: (id) => `/b/${id}/invoices` },
  { name: "team-refused-staff", as: "staff", path: (id) => `/b/${id}/settings/team` },
  { name: "team-viewer", as: "viewer", path: (id) => `/b/${id}/settings/team` },
  { name: "not-found-business", as: "owner", path: "/b/00000000-0000-4000-8000-000000000000" },
  { name: "admin", as: "admin", path: "/admin" },
  { name: "mpesa-payments", as: "owner", path: (id) => `/b/${id}/mpesa/payments` },
  {
    name: "mpesa-request-dialog",
    as: "owner",
    path: (id) => `/b/${id}/mpesa/payments`,
    act: async (page) => {
      await page.getByRole("button", { name: "Request payment" }).click();
      await page.getByRole("dialog").waitFor();
    },
    fullPage: false,
  },
  {
    name: "mpesa-request-live-status",
    as: "owner",
    path: (id) => `/b/${id}/mpesa/payments`,
    act: async (page) => {
      await page.getByRole("button", { name: "Request payment" }).click();
      await page.getByRole("dialog").getByRole("button").filter({ hasText: "INV-" }).first().click();
      await page.getByLabel("Customer's M-Pesa number").fill("0700 000 000");
      await page.getByRole("button", { name: "Send prompt" }).click();
      // The simulator settles magic number 0700 000 000 as paid; the dialog polls until it says so.
      await page
        .getByText(/^Paid KES/)
        .waitFor({ timeout: 15_000 })
        .catch(() => undefined);
    },
    fullPage: false,
  },
  { name: "mpesa-unreconciled", as: "owner", path: (id) => `/b/${id}/mpesa/unreconciled` },
  {
    // Runs "Categorise all" first, so the queue below shows what the learned model and Gemini (the fake) left.
    name: "review-queue-run",
    as: "owner",
    path: (id) => `/b/${id}/transactions?view=review`,
    act: async (page) => {
      await page.getByRole("button", { name: "Categorise all uncategorised" }).click();
      await page.getByText(/^Last run:/).waitFor({ timeout: 60_000 });
    },
    fullPage: false,
  },
  {
    name: "review-queue",
    as: "owner",
    path: (id) => `/b/${id}/transactions?view=review`,
    act: async (page) => {
      await page.getByTestId("review-row").first().waitFor();
    },
  },
  {
    name: "review-queue-correct",
    as: "owner",
    path: (id) => `/b/${id}/transactions?view=review`,
    act: async (page) => {
      const row = page.getByTestId("review-row").first();
      await row.getByRole("button", { name: /Correct|Choose/ }).click();
      await row.getByRole("checkbox", { name: /Make it a rule/ }).check();
    },
    fullPage: false,
  },
  { name: "category-rules", as: "owner", path: (id) => `/b/${id}/settings/categories`, fullPage: true },
  {
    name: "category-rule-dialog",
    as: "owner",
    path: (id) => `/b/${id}/settings/categories`,
    act: async (page) => {
      await page.getByRole("button", { name: "New rule" }).click();
      await page.getByRole("dialog").waitFor();
    },
    fullPage: false,
  },
  { name: "mpesa-payouts", as: "owner", path: (id) => `/b/${id}/mpesa/payouts` },
  {
    name: "mpesa-payout-dialog",
    as: "owner",
    path: (id) => `/b/${id}/mpesa/payouts`,
    act: async (page) => {
      await page.getByRole("button", { name: "New payout" }).click();
      await page.getByRole("dialog").waitFor();
    },
    fullPage: false,
  },
  { name: "mpesa-settings", as: "owner", path: (id) => `/b/${id}/settings/mpesa`, fullPage: true },
  { name: "mpesa-payments-staff", as: "staff", path: (id) => `/b/${id}/mpesa/payments` },
  {
    name: "invoice-send-dialog",
    as: "owner",
    path: (id) => `/b/${id}/invoices?status=draft`,
    act: async (page) => {
      await openFirstInvoice(page);
      await page.getByRole("button", { name: "Send", exact: true }).click();
      await page.getByRole("dialog").waitFor();
    },
    fullPage: false,
  },
  // Email verification, as a newcomer: these run in order in one signed-out browser, which signs up on the way.
  { name: "verify-email-link-invalid", as: null, path: "/verify-email/not-a-real-token-but-long-enough" },
  {
    name: "sign-up-check-email",
    as: null,
    path: "/sign-up",
    act: async (page) => {
      newcomerEmail = `newcomer.${Date.now().toString(36)}@example.co.ke`;
      await page.getByLabel("Full name").fill("Wairimu Newcomer");
      await page.getByLabel("Work email").fill(newcomerEmail);
      await page.getByLabel("Password", { exact: true }).fill(password);
      await page.getByRole("button", { name: "Create account" }).click();
      await page.getByRole("heading", { name: "Check your email" }).waitFor();
    },
  },
  {
    name: "unverified-onboarding",
    as: null,
    path: "/sign-in",
    act: async (page) => {
      await page.getByLabel("Email").fill(newcomerEmail);
      await page.getByLabel("Password", { exact: true }).fill(password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/onboarding$/);
      await page.getByText("Confirm your email address").first().waitFor();
    },
  },
  { name: "verify-email-code", as: null, path: "/verify-email" },
];

/** The account the newcomer shots sign up with (a fresh one per run and size). */
let newcomerEmail = "";

const viewports = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

/** From an invoice list, opens the first invoice and waits for its page. */
async function openFirstInvoice(page: Page) {
  await page.locator("tbody a").first().click();
  await page.waitForURL(/\/invoices\/[0-9a-f-]{36}$/);
  await page.getByRole("heading", { name: "History" }).waitFor();
}

async function signIn(page: Page, email: string): Promise<string> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/(b\/[0-9a-f-]{36}|onboarding|invitations)/, { timeout: 15_000 });
  // Accounts without a business (the platform operator) land on onboarding: no business id then.
  return /\/b\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? "";
}

async function settle(page: Page) {
  await page.waitForLoadState("networkidle").catch(() => undefined);
  await page.waitForTimeout(250);
}

async function run(browser: Browser) {
  await mkdir(outDir, { recursive: true });
  const sizes = e2eEnv.screenshotSizes;
  for (const [size, viewport] of Object.entries(viewports).filter(([name]) => sizes.includes(name))) {
    const groups = new Map<Who, Shot[]>();
    for (const shot of shots.filter((item) => item.name.includes(filter))) {
      groups.set(shot.as, [...(groups.get(shot.as) ?? []), shot]);
    }
    for (const [who, list] of groups) {
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1, reducedMotion: "reduce" });
      const page = await context.newPage();
      const businessId = who ? await signIn(page, accounts[who]) : "";
      for (const shot of list) {
        const target = typeof shot.path === "function" ? shot.path(businessId) : shot.path;
        await page.goto(`${baseUrl}${target}`);
        await settle(page);
        await shot.act?.(page);
        await settle(page);
        const file = path.join(outDir, `${shot.name}.${size}.png`);
        await page.screenshot({ path: file, fullPage: shot.fullPage ?? true });
        process.stdout.write(`${file}\n`);
      }
      await context.close();
    }
  }
}

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  await run(browser);
} finally {
  await browser.close();
}
