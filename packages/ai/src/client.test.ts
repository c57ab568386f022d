import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  buildCategorisationPrompt,
  CATEGORISATION_SYSTEM_INSTRUCTION,
  readCategorisationPrompt,
  ZCategorisationAnswerSchema,
} from "./categorisation";
import { AiError, createGeminiClient } from "./client";
import { type FakeGemini, startFakeGemini } from "./fake";

let fake: FakeGemini;
beforeAll(async () => {
  fake = await startFakeGemini();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

const client = (timeoutMs = 5_000) =>
  createGeminiClient({ apiKey: "test-key", baseUrl: fake.url, model: "gemini-2.5-flash", timeoutMs });

const prompt = buildCategorisationPrompt({
  businessName: "Duka la Mama",
  categories: [
    { ref: "c1", name: "Sales", kind: "income" },
    { ref: "c2", name: "Transport and fuel", kind: "expense" },
    { ref: "c3", name: "Utilities", kind: "expense" },
    { ref: "c4", name: "Other expenses", kind: "expense" },
  ],
  transactions: [
    {
      ref: "t1",
      type: "expense",
      description: "Mafuta Total Thika Road",
      counterparty: null,
      method: "mpesa",
      amount: "KES 1,500.00",
    },
    {
      ref: "t2",
      type: "expense",
      description: "Token za stima",
      counterparty: "KPLC",
      method: "mpesa",
      amount: "KES 2,000.00",
    },
    {
      ref: "t3",
      type: "expense",
      description: "Harambee",
      counterparty: null,
      method: "cash",
      amount: "KES 500.00",
    },
  ],
});

async function expectAiError(promise: Promise<unknown>, kind: AiError["kind"]) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AiError);
  expect((error as AiError).kind).toBe(kind);
  return error as AiError;
}

describe("the Gemini client against the local fake", () => {
  it("sends the wire format and reads a structured answer, with usage", async () => {
    const result = await client().generateStructured({
      schema: ZCategorisationAnswerSchema,
      prompt,
      system: CATEGORISATION_SYSTEM_INSTRUCTION,
    });
    expect(result.data.items).toEqual([
      { ref: "t1", category: "c2", confidence: 0.9 },
      { ref: "t2", category: "c3", confidence: 0.9 },
      { ref: "t3", category: "c4", confidence: 0.4 },
    ]);
    expect(result.usage.promptTokens).toBeGreaterThan(0);
    const [request] = fake.requests();
    expect(request?.apiKey).toBe("test-key");
    expect(request?.model).toBe("gemini-2.5-flash");
    expect(request?.body).toMatchObject({
      generationConfig: { responseMimeType: "application/json", responseJsonSchema: { type: "object" } },
      systemInstruction: { parts: [{ text: CATEGORISATION_SYSTEM_INSTRUCTION }] },
    });
  });

  it("answers any other JSON request with the smallest value of its schema", async () => {
    const schema = z.object({ title: z.string(), count: z.number().int().min(1), tags: z.array(z.string()) });
    const result = await client().generateStructured({ schema, prompt: "Summarise" });
    expect(result.data).toEqual({ title: "fake", count: 1, tags: [] });
  });

  it("says which failures are worth retrying", async () => {
    fake.injectFaults([
      { kind: "error", status: 503 },
      { kind: "error", status: 429 },
      { kind: "error", status: 400 },
    ]);
    expect(
      (
        await expectAiError(
          client().generateStructured({ schema: ZCategorisationAnswerSchema, prompt }),
          "unavailable",
        )
      ).retryable,
    ).toBe(true);
    expect(
      (
        await expectAiError(
          client().generateStructured({ schema: ZCategorisationAnswerSchema, prompt }),
          "rate_limited",
        )
      ).retryable,
    ).toBe(true);
    expect(
      (
        await expectAiError(
          client().generateStructured({ schema: ZCategorisationAnswerSchema, prompt }),
          "rejected",
        )
      ).retryable,
    ).toBe(false);
  });

  it("never trusts an answer that is not JSON, breaks the schema or was blocked", async () => {
    fake.injectFaults([{ kind: "malformed_json" }, { kind: "wrong_shape" }, { kind: "blocked" }]);
    await expectAiError(
      client().generateStructured({ schema: ZCategorisationAnswerSchema, prompt }),
      "malformed",
    );
    await expectAiError(
      client().generateStructured({ schema: ZCategorisationAnswerSchema, prompt }),
      "malformed",
    );
    await expectAiError(
      client().generateStructured({ schema: ZCategorisationAnswerSchema, prompt }),
      "blocked",
    );
  });

  it("gives up on a slow answer at its timeout", async () => {
    fake.injectFaults([{ kind: "slow", delayMs: 10_000 }]);
    await expectAiError(
      client(300).generateStructured({ schema: ZCategorisationAnswerSchema, prompt }),
      "timeout",
    );
  });
});

describe("the categorisation prompt", () => {
  it("round-trips its input, and is not confused with other prompts", () => {
    expect(readCategorisationPrompt(prompt)?.transactions).toHaveLength(3);
    expect(readCategorisationPrompt("Summarise my month")).toBeNull();
  });
});
