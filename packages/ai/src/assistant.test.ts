import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  buildAssistantSystemInstruction,
  readAssistantContext,
  type TAssistantPromptContext,
} from "./assistant";
import { AiError, createGeminiClient, type TFunctionDeclaration } from "./client";
import { FAKE_INVENTED_AMOUNT, type FakeGemini, startFakeGemini } from "./fake";

let fake: FakeGemini;
beforeAll(async () => {
  fake = await startFakeGemini();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

const client = () =>
  createGeminiClient({ apiKey: "test-key", baseUrl: fake.url, model: "gemini-2.5-flash", timeoutMs: 5_000 });

const context: TAssistantPromptContext = {
  businessName: "Duka la Mama",
  today: "2026-11-19",
  timezone: "Africa/Nairobi",
  currency: "KES",
  language: null,
  categories: [],
  customers: [{ id: "0195f3c2-7a1e-7b6c-9d0e-3f4a5b6c7d8e", name: "Naivas Supermarket" }],
  suppliers: [],
};
const system = buildAssistantSystemInstruction(context);
const functions: TFunctionDeclaration[] = [
  {
    name: "period_summary",
    description: "Income, expenses and profit (net) over a period",
    parameters: {
      type: "object",
      properties: { from: { type: "string" }, to: { type: "string" } },
      required: ["from", "to"],
    },
  },
];
const ask = (text: string) => [{ role: "user", parts: [{ text }] }];

describe("the assistant's prompt", () => {
  it("carries the business context, which reads back whole", () => {
    expect(system).toContain("Duka la Mama");
    expect(readAssistantContext(system)).toEqual(context);
    expect(readAssistantContext("no context here")).toBeNull();
  });
});

describe("function calling against the fake", () => {
  it("asks for the function the question needs, then streams an answer from its result", async () => {
    const first = await client().generateStep({
      system,
      contents: ask("How much did we make last week?"),
      functions,
    });
    expect(first.functionCalls).toEqual([
      { id: "fake-call-1", name: "period_summary", args: { from: "2026-11-09", to: "2026-11-15" } },
    ]);
    expect(first.usage.totalTokens).toBeGreaterThan(0);

    const pieces: string[] = [];
    const second = await client().generateStep({
      system,
      functions,
      contents: [
        ...ask("How much did we make last week?"),
        first.content,
        {
          role: "user",
          parts: [
            {
              functionResponse: {
                name: "period_summary",
                response: { output: { income: "KES 12,500.00", expense: "KES 4,300.50" } },
              },
            },
          ],
        },
      ],
      onText: (delta) => pieces.push(delta),
    });
    expect(second.functionCalls).toEqual([]);
    expect(second.text).toContain("KES 12,500.00");
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join("")).toBe(second.text);
  });

  it("injects a model's faults: malformed arguments, an invented figure, 429", async () => {
    fake.injectFaults([{ kind: "invented_number" }, { kind: "malformed_args" }]);
    const malformed = await client().generateStep({
      system,
      contents: ask("How much did we make last week?"),
      functions,
    });
    expect(malformed.functionCalls[0]?.args).toMatchObject({ from: "last week" });
    const invented = await client().generateStep({
      system,
      functions,
      contents: [
        ...ask("How much did we make last week?"),
        { role: "user", parts: [{ functionResponse: { name: "period_summary", response: { output: {} } } }] },
      ],
    });
    expect(invented.text).toContain(FAKE_INVENTED_AMOUNT);

    fake.injectFaults([{ kind: "error", status: 429 }]);
    const limited = await client()
      .generateStep({ system, contents: ask("How much did we make last week?"), functions })
      .catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(AiError);
    expect(limited).toMatchObject({ kind: "rate_limited", status: 429 });
  });

  it("says plainly when no function fits, with no figure", async () => {
    const step = await client().generateStep({ system, contents: ask("Tell me a joke"), functions });
    expect(step.functionCalls).toEqual([]);
    expect(step.text).toMatch(/^Sorry, I can't answer that/);
  });
});
