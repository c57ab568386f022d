import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CHROMIUM_PATH,
  chromiumAvailable,
  launchBrowser,
  seen,
  signUpWithBusiness,
  type TestBrowser,
} from "./browser";
import { e2eEnv } from "./env";
import { type Stack, startStack } from "./stack";

const available = chromiumAvailable();
const inCi = e2eEnv.ci;

if (!available && !inCi) {
  console.warn(
    `\n⚠️  ${CHROMIUM_PATH} is missing: SKIPPING the browser end-to-end test. Install Debian's chromium package to run it.\n`,
  );
}

describe.runIf(!available && inCi)("browser end-to-end prerequisites", () => {
  it("needs Chromium in CI", () => {
    throw new Error(
      `Chromium is required in CI but ${CHROMIUM_PATH} does not exist (apt-get install chromium).`,
    );
  });
});

const PASSWORD = "Mvua-Ya-Masika-2026";
const suffix = randomBytes(3).toString("hex");
const owner = { name: "Achieng Odhiambo", email: `achieng.${suffix}@example.co.ke` };
const staff = { name: "Kiprono Langat", email: `kiprono.${suffix}@example.co.ke` };
const legalName = `Soko Safi Traders ${suffix} Ltd`;

interface TrpcResponse {
  result?: { data: { accessToken?: string } };
  error?: { message: string; data: { code: string } };
}

/** A tRPC call over plain HTTP, to check the server's own answer (not just what the page shows). */
async function callApi(
  apiUrl: string,
  procedure: string,
  init: { input: unknown; token?: string; mutation?: boolean },
) {
  const body = JSON.stringify(init.input);
  const url = init.mutation
    ? `${apiUrl}/api/trpc/${procedure}`
    : `${apiUrl}/api/trpc/${procedure}?input=${encodeURIComponent(body)}`;
  const response = await fetch(url, {
    method: init.mutation ? "POST" : "GET",
    headers: {
      "content-type": "application/json",
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.mutation ? { body } : {}),
  });
  return { status: response.status, body: (await response.json()) as TrpcResponse };
}

describe.skipIf(!available)("a business owner invites a colleague who may use only Transactions", () => {
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

  it("signs up, confirms the address by the emailed link, creates a business, invites, accepts through the emailed link, and refuses Team to the new staff member", async () => {
    // ── The owner signs up and creates a business ────────────────────────────
    // (…confirming the address by the emailed link, which signs nobody in: then the password.)
    const ownerPage = await browser.newPage({ height: 800 });
    const businessId = await signUpWithBusiness(ownerPage, stack, {
      fullName: owner.name,
      email: owner.email,
      password: PASSWORD,
      legalName,
      industry: "Retail & shops",
      confirmBy: "link",
    });
    expect(await ownerPage.getByText("Confirm your email address").count()).toBe(0);
    await seen(ownerPage.getByRole("heading", { level: 1, name: /Achieng/ }));

    // ── …and invites a colleague as staff with only Transactions ────────────
    await ownerPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Team" }).click();
    await ownerPage.waitForURL(`**/b/${businessId}/settings/team`);
    await ownerPage.getByRole("button", { name: "Invite", exact: true }).click();
    const dialog = ownerPage.getByRole("dialog", { name: "Invite a colleague" });
    await dialog.getByLabel("Email").fill(staff.email);
    expect(await dialog.getByLabel("Role").inputValue()).toBe("staff");
    expect(await dialog.getByLabel("Transactions").isChecked()).toBe(true);
    for (const other of ["Invoices", "Payments", "Budgets", "Reports", "Assistant", "Team"]) {
      expect(await dialog.getByLabel(other, { exact: true }).isChecked()).toBe(false);
    }
    await dialog.getByRole("button", { name: "Send invitation" }).click();
    await seen(ownerPage.getByText("Invitation sent", { exact: true }));
    await seen(ownerPage.getByText(staff.email));

    // ── The invitation arrives by email (worker → SMTP → mail catcher) ───────
    const message = await stack.mail.waitForMessage((caught) => caught.to.includes(staff.email), {
      timeoutMs: 60_000,
    });
    const link = /https?:\/\/[^\s"<>]+\/invite\/[A-Za-z0-9_-]+/.exec(message.text)?.[0];
    expect(link, "the invitation email contains an /invite/ link").toBeTruthy();
    expect(link?.startsWith(stack.appUrl)).toBe(true);

    // ── In a fresh browser, the colleague opens it and signs up through it ───
    const staffPage = await browser.newPage({ height: 800 });
    await staffPage.goto(String(link));
    await seen(staffPage.getByRole("heading", { level: 1, name: /^Join / }));
    await seen(staffPage.getByText("Staff", { exact: true }));
    expect(await staffPage.getByLabel("Work email").inputValue()).toBe(staff.email);
    await staffPage.getByLabel("Full name").fill(staff.name);
    await staffPage.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await staffPage.getByRole("button", { name: "Create account and join" }).click();

    // …and lands in the business, where the navigation offers no Team.
    await staffPage.waitForURL(`**/b/${businessId}`);
    await seen(staffPage.getByRole("heading", { level: 1, name: /Kiprono/ }));
    const nav = staffPage.getByRole("navigation", { name: "Main" });
    await seen(nav.getByRole("link", { name: "Home" }));
    expect(await nav.getByRole("link", { name: "Team" }).count()).toBe(0);

    // ── Team settings are not one of their modules: a clear refusal ─────────
    await staffPage.goto(`${stack.appUrl}/b/${businessId}/settings/team`);
    await seen(staffPage.getByText("You don't have access to this page"));
    await seen(
      staffPage.getByText("You don't have access to Team. Ask an owner or admin to give it to you."),
    );

    // The server refuses it too, with the same words.
    const signIn = await callApi(stack.api.url, "auth.signIn", {
      input: { email: staff.email, password: PASSWORD },
      mutation: true,
    });
    expect(signIn.status).toBe(200);
    const token = String(signIn.body.result?.data.accessToken);
    const refused = await callApi(stack.api.url, "team.members", { input: { businessId }, token });
    expect(refused.status).toBe(403);
    expect(refused.body.error?.data.code).toBe("FORBIDDEN");
    expect(refused.body.error?.message).toBe(
      "You don't have access to Team. Ask an owner or admin to give it to you.",
    );

    // ── The owner sees the new member, as staff with Transactions ───────────
    await ownerPage.reload();
    const row = ownerPage.getByRole("row", { name: new RegExp(staff.name) });
    await seen(row);
    await seen(row.getByText("Staff", { exact: true }));
    await seen(row.getByText("Transactions", { exact: true }));
    expect(await ownerPage.getByText("Pending invitations").count()).toBe(0);
  });
});
