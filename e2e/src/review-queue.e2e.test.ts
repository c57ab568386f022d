import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchBrowser, seen, signUpWithBusiness, type TestBrowser } from "./browser";
import { type Stack, startStack } from "./stack";

const available = chromiumAvailable();
const PASSWORD = "Mvua-Ya-Masika-2026";
const suffix = randomBytes(3).toString("hex");

interface TrpcAnswer {
  result?: { data: unknown };
  error?: { message: string };
}

/** A tRPC call over plain HTTP: setting up the ledger is not what this test is about. */
async function callApi(apiUrl: string, procedure: string, input: unknown, token?: string, mutation = true) {
  const body = JSON.stringify(input);
  const response = await fetch(
    mutation
      ? `${apiUrl}/api/trpc/${procedure}`
      : `${apiUrl}/api/trpc/${procedure}?input=${encodeURIComponent(body)}`,
    {
      method: mutation ? "POST" : "GET",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(mutation ? { body } : {}),
    },
  );
  const answer = (await response.json()) as TrpcAnswer;
  if (answer.error) throw new Error(`${procedure}: ${answer.error.message}`);
  return answer.result?.data;
}

describe.skipIf(!available)("an owner works through the Review queue", () => {
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

  it("categorises all, accepts a suggestion in one click, corrects one into a rule, and the rule catches the next", async () => {
    const page = await browser.newPage();

    // ── Sign up and create a business ────────────────────────────────────────
    const email = `wanjiku.${suffix}@example.co.ke`;
    const businessId = await signUpWithBusiness(page, stack, {
      fullName: "Wanjiku Mwangi",
      email,
      password: PASSWORD,
      legalName: `Duka la Wanjiku ${suffix} Ltd`,
    });

    // ── A little history, and three rows nobody categorised (through the API) ─
    const signIn = (await callApi(stack.api.url, "auth.signIn", { email, password: PASSWORD })) as {
      accessToken: string;
    };
    const token = signIn.accessToken;
    const categories = (await callApi(stack.api.url, "categories.list", { businessId }, token, false)) as {
      id: string;
      systemKey: string | null;
    }[];
    const transport = categories.find((category) => category.systemKey === "transport_fuel")?.id;
    const expense = (description: string, categoryId: string | null = null) =>
      callApi(
        stack.api.url,
        "transactions.create",
        {
          businessId,
          type: "expense",
          amount: "1500",
          description,
          categoryId,
          transactionDate: "2026-11-20",
        },
        token,
      ) as Promise<{ id: string }>;
    for (const place of [
      "Rubis Kahawa",
      "Total Thika Road",
      "Shell Westlands",
      "Rubis Langata",
      "Total Ngong",
    ]) {
      await expense(`Fuel ${place}`, transport);
    }
    await expense("Fuel Rubis Ruaka");
    await expense("Harambee contribution");
    await expense("Chai for the loaders");

    // ── The Review tab: run "Categorise all" and watch it finish ────────────
    await page.goto(`${stack.appUrl}/b/${businessId}/transactions?view=review`);
    await page.getByRole("button", { name: "Categorise all uncategorised" }).click();
    await seen(page.getByText(/^Last run:/));
    const rows = page.getByTestId("review-row");
    // The learned model was sure of the fuel; Gemini (the fake) only suggests for the other two.
    await seen(rows.filter({ hasText: "Harambee contribution" }));
    await expect.poll(() => rows.filter({ hasText: "Fuel Rubis Ruaka" }).count()).toBe(0);

    // ── One click accepts a suggestion ───────────────────────────────────────
    const harambee = rows.filter({ hasText: "Harambee contribution" });
    await seen(harambee.getByText("Other expenses"));
    await harambee.getByRole("button", { name: "Accept" }).click();
    await seen(page.getByText("Suggestion accepted"));
    await harambee.waitFor({ state: "detached" });

    // ── A correction becomes a rule ──────────────────────────────────────────
    const chai = rows.filter({ hasText: "Chai for the loaders" });
    await chai.getByRole("button", { name: /Correct|Choose/ }).click();
    await chai.getByLabel("Category for Chai for the loaders").selectOption({ label: "Salaries and wages" });
    await chai.getByRole("checkbox", { name: /Make it a rule/ }).check();
    await chai.getByLabel("Rule text").fill("loaders");
    await chai.getByRole("button", { name: "Save" }).click();
    await seen(page.getByText("Category saved"));
    await seen(page.getByText("Nothing to review"));

    // ── The rule is in Settings › Categories, and catches the next one as it is booked ─
    await page.goto(`${stack.appUrl}/b/${businessId}/settings/categories`);
    await seen(
      page.getByTestId("rule-row").filter({ hasText: "loaders" }).filter({ hasText: "Salaries and wages" }),
    );
    const next = await expense("Lunch for the loaders");
    const booked = (await callApi(
      stack.api.url,
      "transactions.get",
      { businessId, transactionId: next.id },
      token,
      false,
    )) as { categoryName: string | null; categorySource: string | null };
    expect(booked).toMatchObject({ categoryName: "Salaries and wages", categorySource: "rule" });
  });
});
