import { z } from "zod";

/**
 * The assistant's instructions to Gemini: who KAVI is, the rules (figures only from tools, answer in the
 * person's language) and the business's context as one JSON block (today's date, currency, time zone, and the
 * names with ids the tools take). The fake reads the same block back to answer deterministically.
 */
const ZNamedSchema = z.object({ id: z.string(), name: z.string() });

export const ZAssistantPromptContextSchema = z.object({
  businessName: z.string(),
  today: z.string(),
  timezone: z.string(),
  currency: z.string(),
  /** The language to answer in; null: the question's own. */
  language: z.enum(["en", "sw"]).nullable(),
  categories: z.array(
    ZNamedSchema.extend({ kind: z.enum(["income", "expense"]), systemKey: z.string().nullable() }),
  ),
  customers: z.array(ZNamedSchema),
  suppliers: z.array(ZNamedSchema),
});
export type TAssistantPromptContext = z.output<typeof ZAssistantPromptContextSchema>;

const CONTEXT_START = "BUSINESS CONTEXT (JSON):";
const CONTEXT_END = "END OF BUSINESS CONTEXT";

export function buildAssistantSystemInstruction(context: TAssistantPromptContext): string {
  const language =
    context.language === "sw"
      ? "Answer in Kiswahili."
      : context.language === "en"
        ? "Answer in English."
        : "Answer in the language of the question (English or Kiswahili; mixed questions: the main language).";
  return [
    `You are KAVI, the finance assistant of ${context.businessName}, a small business in Kenya.`,
    "Answer questions about the business's money using ONLY the functions provided. Call them for every figure.",
    "Rules:",
    "- Every amount, count and date you state must appear in a function result of this conversation turn. Never estimate, round, add up or invent a figure.",
    `- Write money as in the results, with the currency code first: ${context.currency} 12,500.00.`,
    "- Dates are YYYY-MM-DD on the business's calendar; today is given below. Resolve 'last week', 'mwezi huu' and the like yourself (weeks start on Monday).",
    "- Ids for categories, customers and suppliers are in the context below; use them in function arguments.",
    "- When the person asks you to do something (record money in or out, remind a customer, request an M-Pesa payment), call the matching propose_ function once and nothing else: it only proposes; the person confirms it on a card.",
    "- If a function says the person has no access, say so plainly and give no figure.",
    "- If no function can answer, say so in one sentence and suggest a question you can answer.",
    `- ${language} Be brief: two or three sentences.`,
    "",
    CONTEXT_START,
    JSON.stringify(context),
    CONTEXT_END,
  ].join("\n");
}

/** The context block of an instruction built above (the fake's way in); null when there is none. */
export function readAssistantContext(system: string): TAssistantPromptContext | null {
  const start = system.indexOf(CONTEXT_START);
  const end = system.indexOf(CONTEXT_END);
  if (start < 0 || end < start) return null;
  try {
    const parsed = ZAssistantPromptContextSchema.safeParse(
      JSON.parse(system.slice(start + CONTEXT_START.length, end).trim()),
    );
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
