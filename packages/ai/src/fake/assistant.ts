import {
  actionCallFor,
  type Lexicon,
  parseActionRequest,
  parseQuestion,
  planCalls,
} from "@kavi/insights/assistant";
import { readAssistantContext } from "../assistant";

/**
 * The fake's assistant: a deterministic stand-in for Gemini's function calling. It reads the business context
 * from the system instruction, picks the functions the offline parser would (so its calls are right for the
 * evaluation set; a request to do something becomes the matching action function), and once the results are
 * back writes a short answer that quotes only their figures. Faults
 * make it misbehave the ways a real model can: arguments that break the schema, a figure no function returned.
 */
export interface FakeAssistantTurn {
  question: string;
  /** The function results sent back so far in this turn, newest last. */
  responses: { name: string; response: Record<string, unknown> }[];
}

export type FakeAssistantReply =
  | { kind: "calls"; calls: { id: string; name: string; args: Record<string, unknown> }[] }
  | { kind: "text"; text: string };

/** A figure no function returned: what the grounding guard must catch. */
export const FAKE_INVENTED_AMOUNT = "987,654.32";

type Part = Record<string, unknown>;

/** The question and the function results of the current turn, from Gemini's `contents`. */
export function readAssistantTurn(
  contents: { role?: string | undefined; parts: Part[] }[],
): FakeAssistantTurn | null {
  let question: string | null = null;
  const responses: FakeAssistantTurn["responses"] = [];
  for (const content of contents) {
    for (const part of content.parts) {
      if (typeof part.text === "string" && content.role !== "model") {
        question = part.text;
        responses.length = 0;
      }
      const response = part.functionResponse as { name?: unknown; response?: unknown } | undefined;
      if (response && typeof response.name === "string") {
        responses.push({
          name: response.name,
          response: (response.response ?? {}) as Record<string, unknown>,
        });
      }
    }
  }
  return question === null ? null : { question, responses };
}

const isMoneyText = (value: unknown): value is string =>
  typeof value === "string" && /^-?[A-Z]{3} -?\d[\d,]*(\.\d+)?$/.test(value);

const SWAHILI_LABELS: Record<string, string> = {
  income: "mapato",
  expense: "matumizi",
  net: "faida halisi",
  total: "jumla",
  balance: "salio",
  amount: "kiasi",
  "balance due": "deni",
  actual: "halisi",
  remaining: "kilichobaki",
  score: "alama",
};

function label(key: string, sw = false): string {
  const words = key.replace(/([A-Z])/g, " $1").toLowerCase();
  return sw ? (SWAHILI_LABELS[words] ?? words) : words;
}

/** Every money figure (and a score) at the top of a result and in its first few items, as "label: KES 1,000.00". */
function figuresOf(output: Record<string, unknown>, sw: boolean): string[] {
  const figures: string[] = [];
  for (const [key, value] of Object.entries(output)) {
    if (isMoneyText(value)) figures.push(`${label(key, sw)}: ${value}`);
    // A score is a figure too (the credit score), though not money.
    if (key === "score" && typeof value === "number") figures.push(`${label(key, sw)}: ${value}`);
  }
  const items = Array.isArray(output.items) ? (output.items as Record<string, unknown>[]) : [];
  for (const item of items.slice(0, 3)) {
    const name =
      (typeof item.name === "string" && item.name) ||
      (typeof item.categoryName === "string" && item.categoryName) ||
      (typeof item.invoiceNumber === "string" && item.invoiceNumber) ||
      (typeof item.description === "string" && item.description) ||
      "item";
    const amounts = Object.entries(item)
      .filter(([, value]) => isMoneyText(value))
      .map(([key, value]) => `${label(key, sw)} ${value}`);
    if (amounts.length > 0) figures.push(`${name}: ${amounts.join(", ")}`);
  }
  const invoice = output.invoice as Record<string, unknown> | null | undefined;
  if (invoice && typeof invoice === "object") figures.push(...figuresOf(invoice, sw));
  // Other nested results (the forecast's lowest point): their money figures, named by the key.
  for (const [key, value] of Object.entries(output)) {
    if (key === "invoice" || !value || typeof value !== "object" || Array.isArray(value)) continue;
    const amounts = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => isMoneyText(item))
      .map(([name, item]) => `${label(name, sw)} ${item}`);
    if (amounts.length > 0) figures.push(`${label(key, sw)}: ${amounts.join(", ")}`);
  }
  return figures;
}

export function fakeAssistantReply(
  system: string,
  turn: FakeAssistantTurn,
  faults: { malformedArgs: boolean; inventNumber: boolean },
): FakeAssistantReply {
  const context = readAssistantContext(system);
  const lexicon: Lexicon = context ?? { categories: [], customers: [], suppliers: [] };
  const today = context?.today ?? "2026-01-01";
  const parsed = parseQuestion(turn.question, { today, lexicon, language: context?.language ?? null });
  const sw = parsed.language === "sw";
  if (turn.responses.length === 0) {
    // A request to do something: the action function the offline parser's reading maps to (it only proposes).
    const request = parseActionRequest(turn.question, {
      today,
      lexicon,
      language: context?.language ?? null,
    });
    if (request) {
      const call = actionCallFor(request);
      return {
        kind: "calls",
        calls: [
          {
            id: "fake-call-1",
            name: call.name,
            args: faults.malformedArgs ? { type: "gift", amount: "a lot", date: "today" } : call.args,
          },
        ],
      };
    }
    const planned = planCalls(parsed, today);
    if (planned.length > 0) {
      return {
        kind: "calls",
        calls: planned.map((call, index) => ({
          id: `fake-call-${index + 1}`,
          name: call.name,
          args: faults.malformedArgs ? { from: "last week", to: 7, limit: "many" } : call.input,
        })),
      };
    }
    return {
      kind: "text",
      text: sw
        ? "Samahani, siwezi kujibu hilo. Niulize kuhusu mapato, matumizi au ankara."
        : "Sorry, I can't answer that. Ask me about income, spending or invoices.",
    };
  }
  const sentences: string[] = [];
  for (const { response } of turn.responses) {
    const output = response.output as Record<string, unknown> | undefined;
    if (!output) {
      sentences.push(typeof response.message === "string" ? response.message : "That is not available.");
      continue;
    }
    const figures = figuresOf(output, sw);
    sentences.push(
      figures.length > 0
        ? `${sw ? "Hiki ndicho nilichopata" : "Here is what I found"}: ${figures.join("; ")}.`
        : sw
          ? "Sikupata chochote kwa hilo."
          : "I found nothing for that.",
    );
  }
  if (faults.inventNumber) {
    sentences.push(
      sw
        ? `Pia mlipata KES ${FAKE_INVENTED_AMOUNT} kutoka vyanzo vingine.`
        : `You also made KES ${FAKE_INVENTED_AMOUNT} from other sources.`,
    );
  }
  return { kind: "text", text: sentences.join(" ") };
}
