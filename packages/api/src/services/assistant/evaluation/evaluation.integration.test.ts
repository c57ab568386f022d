import { DEMO_PASSWORD, DEMO_PEOPLE, seedDemo } from "@kavi/db/seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestHarness, type TestHarness } from "../../../testing";
import { formatTally, runEvaluation } from "./evaluate";
import { storeModelOutputs } from "./expected";
import { EVALUATION_CLOCK, EVALUATION_QUESTIONS } from "./questions";

let harness: TestHarness;

beforeAll(async () => {
  harness = await createTestHarness();
  harness.setNow(EVALUATION_CLOCK);
});
afterAll(async () => {
  await harness.close();
});

describe("the assistant's evaluation set", () => {
  it("is large enough and balanced: at least 150 questions, as many in English as in Kiswahili, some mixed", () => {
    const count = (language: string) => EVALUATION_QUESTIONS.filter((q) => q.language === language).length;
    expect(EVALUATION_QUESTIONS.length).toBeGreaterThanOrEqual(150);
    expect(count("en")).toBe(count("sw"));
    expect(count("mixed")).toBeGreaterThan(0);
  });

  it("the offline engine answers at least 95 % exactly (the figure SQL computes, and the right intent)", async () => {
    const { businessId } = await seedDemo(harness.db, { now: EVALUATION_CLOCK });
    await storeModelOutputs(harness.serviceContext(), businessId, EVALUATION_CLOCK);
    const { caller: anonymous, cookies } = await harness.client();
    const signedIn = await anonymous.auth.signIn({
      email: DEMO_PEOPLE[0]?.email ?? "",
      password: DEMO_PASSWORD,
    });
    if (!("accessToken" in signedIn)) throw new Error("demo sign-in needs a second step");
    const { caller } = await harness.client({ accessToken: signedIn.accessToken, cookies });
    const report = await runEvaluation(harness.db, businessId, (message) =>
      caller.assistant.ask({ businessId, message }),
    );
    const wrong = report.outcomes
      .filter((outcome) => !outcome.correct)
      .map(
        (outcome) =>
          `${outcome.question.question} → [${outcome.intent}] ${outcome.reply} (expected ${outcome.question.intent}, ${outcome.expected ?? "no amount"})`,
      );
    // The figures per language and intent, in the test's output (the benchmark prints the same).
    process.stdout.write(
      `${[
        `accuracy ${(report.accuracy * 100).toFixed(1)} %`,
        ...formatTally(report.byLanguage),
        ...formatTally(report.byIntent),
        ...wrong.map((line) => `  ✗ ${line}`),
      ].join("\n")}\n`,
    );
    expect(report.accuracy, wrong.join("\n")).toBeGreaterThanOrEqual(0.95);
  }, 180_000);
});
