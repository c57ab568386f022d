import { z } from "zod";

/**
 * The contract of "categorise these transactions" between KAVI and a model: the prompt (with its input as one
 * JSON document after a marker line, so the local fake can read it) and the answer's schema. Short refs ("c3",
 * "t7") stand for categories and transactions, so the model never sees or returns an id.
 */
export const CATEGORISATION_TASK_MARKER = "KAVI-TASK: categorise-transactions";
const INPUT_MARKER = "INPUT:";

export interface TCategorisationPromptInput {
  businessName: string;
  categories: { ref: string; name: string; kind: "income" | "expense" }[];
  transactions: {
    ref: string;
    type: "income" | "expense";
    description: string;
    counterparty: string | null;
    method: string;
    /** Major units with the currency, e.g. "KES 1,250.00". */
    amount: string;
  }[];
}

export const ZCategorisationAnswerSchema = z.object({
  items: z
    .array(
      z.object({
        ref: z.string().max(20),
        category: z.string().max(20),
        confidence: z.number().min(0).max(1),
      }),
    )
    .max(200),
});
export type TCategorisationAnswer = z.output<typeof ZCategorisationAnswerSchema>;

export const CATEGORISATION_SYSTEM_INSTRUCTION =
  "You are the bookkeeper of a small business in Kenya. Descriptions may be in English, Kiswahili or Sheng and " +
  "often follow M-Pesa statement wording. Give each transaction exactly one category ref from the list, of the " +
  "same kind as the transaction (income for money in, expense for money out), and your confidence from 0 to 1. " +
  "If nothing fits, use the most general category of that kind with a low confidence. Answer only with JSON.";

export function buildCategorisationPrompt(input: TCategorisationPromptInput): string {
  return [
    CATEGORISATION_TASK_MARKER,
    `Business: ${input.businessName}`,
    "Categorise every transaction below. Use only the category refs given.",
    INPUT_MARKER,
    JSON.stringify({ categories: input.categories, transactions: input.transactions }),
  ].join("\n");
}

const ZPromptInputSchema = z.object({
  categories: z.array(z.object({ ref: z.string(), name: z.string(), kind: z.enum(["income", "expense"]) })),
  transactions: z.array(
    z.object({
      ref: z.string(),
      type: z.enum(["income", "expense"]),
      description: z.string(),
      counterparty: z.string().nullable(),
      method: z.string(),
      amount: z.string(),
    }),
  ),
});

/** Reads a categorisation prompt back (the fake does), or null when the text is not one. */
export function readCategorisationPrompt(
  prompt: string,
): Pick<TCategorisationPromptInput, "categories" | "transactions"> | null {
  if (!prompt.includes(CATEGORISATION_TASK_MARKER)) return null;
  const at = prompt.indexOf(`${INPUT_MARKER}\n`);
  if (at < 0) return null;
  try {
    const parsed = ZPromptInputSchema.safeParse(JSON.parse(prompt.slice(at + INPUT_MARKER.length + 1)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
