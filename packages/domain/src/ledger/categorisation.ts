import { z } from "zod";
import { ZIdSchema } from "../schemas/common";
import { type CategoryKind, PAYMENT_METHODS, type PaymentMethod } from "./constants";
import { ZAmountInputSchema } from "./schemas";

/**
 * How a transaction got its category, shown beside it ("auto · rule", "auto · learned") so people can tell what
 * they chose from what KAVI chose. Nothing automatic ever overrides `person` or `rule`.
 */
export const CATEGORY_SOURCES = ["person", "rule", "learned", "ai", "import", "system"] as const;
export type CategorySource = (typeof CATEGORY_SOURCES)[number];

export const CATEGORY_SOURCE_LABELS: Record<CategorySource, string> = {
  person: "Chosen by a person",
  rule: "Your rule",
  learned: "Learned from your history",
  ai: "Suggested by AI",
  import: "From the imported file",
  system: "Set by KAVI",
};

/** Sources applied by KAVI without a person looking: the list marks them "auto". */
export const AUTO_CATEGORY_SOURCES: readonly CategorySource[] = ["rule", "learned", "ai"];

export const CATEGORY_RULE_FIELDS = ["description", "counterparty", "any"] as const;
export type CategoryRuleField = (typeof CATEGORY_RULE_FIELDS)[number];
export const CATEGORY_RULE_OPERATORS = ["contains", "equals"] as const;
export type CategoryRuleOperator = (typeof CATEGORY_RULE_OPERATORS)[number];

export const CATEGORY_RULE_FIELD_LABELS: Record<CategoryRuleField, string> = {
  description: "Description",
  counterparty: "Customer, supplier or M-Pesa name",
  any: "Description or name",
};

/** A rule as the matcher sees it; the money-in / money-out condition is the category's kind. */
export interface TCategoryRuleMatcher {
  id: string;
  categoryId: string;
  categoryKind: CategoryKind;
  field: CategoryRuleField;
  operator: CategoryRuleOperator;
  /** Null: no text condition. */
  text: string | null;
  minAmountMinor: bigint | null;
  maxAmountMinor: bigint | null;
  paymentMethod: PaymentMethod | null;
  /** Lower runs first. */
  priority: number;
  enabled: boolean;
  createdAt: Date;
}

export interface TRuleSubject {
  type: "income" | "expense" | "transfer";
  description: string | null;
  /** The linked customer's or supplier's name, or the name read from an M-Pesa line. */
  counterparty: string | null;
  /** In the business's base currency. */
  amountMinor: bigint;
  paymentMethod: PaymentMethod;
}

/**
 * The other side named in an M-Pesa statement or bank line, as written: "Pay Bill Online to 888880 - KPLC
 * PREPAID Acc. 5432" → "KPLC PREPAID"; "Funds received from 0722***123 JOHN KAMAU" → "JOHN KAMAU";
 * "Tomatoes — Serena Hotel" → "Serena Hotel". Null when the line names nobody.
 */
export function counterpartyNameFromDescription(text: string | null | undefined): string | null {
  if (!text) return null;
  const match =
    /(?:\bto|\bfrom)\s+(?:[\d*x]+\s*[-–—]?\s*)?([^,;()]+?)(?:\s+acc\.?.*|\s+via.*|\s*$)/i.exec(text) ??
    /\s[-–—]\s*([^,;()]+?)\s*$/.exec(text);
  const name = match?.[1]?.replace(/^[\d*x\s-]+(?=[a-z])/i, "").trim();
  return name ? name : null;
}

function normalise(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

function textMatches(value: string | null, operator: CategoryRuleOperator, wanted: string): boolean {
  if (!value) return false;
  const haystack = normalise(value);
  return operator === "equals" ? haystack === wanted : haystack.includes(wanted);
}

export function ruleMatches(rule: TCategoryRuleMatcher, subject: TRuleSubject): boolean {
  if (!rule.enabled || subject.type !== rule.categoryKind) return false;
  if (rule.paymentMethod && rule.paymentMethod !== subject.paymentMethod) return false;
  if (rule.minAmountMinor !== null && subject.amountMinor < rule.minAmountMinor) return false;
  if (rule.maxAmountMinor !== null && subject.amountMinor > rule.maxAmountMinor) return false;
  if (rule.text) {
    const wanted = normalise(rule.text);
    const inDescription =
      rule.field !== "counterparty" && textMatches(subject.description, rule.operator, wanted);
    const inCounterparty =
      rule.field !== "description" && textMatches(subject.counterparty, rule.operator, wanted);
    if (!inDescription && !inCounterparty) return false;
  }
  return true;
}

/** The first matching rule by priority (then the oldest), or null. */
export function findMatchingRule<Rule extends TCategoryRuleMatcher>(
  rules: readonly Rule[],
  subject: TRuleSubject,
): Rule | null {
  const ordered = [...rules].sort(
    (left, right) => left.priority - right.priority || left.createdAt.getTime() - right.createdAt.getTime(),
  );
  return ordered.find((rule) => ruleMatches(rule, subject)) ?? null;
}

const ZRuleFieldsSchema = z.object({
  categoryId: ZIdSchema,
  field: z.enum(CATEGORY_RULE_FIELDS).default("any"),
  operator: z.enum(CATEGORY_RULE_OPERATORS).default("contains"),
  text: z
    .string()
    .trim()
    .max(200, { error: "Keep the text under 200 characters" })
    .nullish()
    .transform((value) => value || null),
  /** Major units in the base currency ("1,000"), inclusive. */
  minAmount: ZAmountInputSchema.nullish(),
  maxAmount: ZAmountInputSchema.nullish(),
  paymentMethod: z.enum(PAYMENT_METHODS).nullish(),
  priority: z.number().int().min(0).max(10_000).default(100),
  enabled: z.boolean().default(true),
});

export const ZCreateCategoryRuleSchema = ZRuleFieldsSchema.refine(
  (rule) => rule.text || rule.minAmount || rule.maxAmount || rule.paymentMethod,
  { error: "Give the rule at least one condition: text, an amount or a payment method", path: ["text"] },
);

export const ZUpdateCategoryRuleSchema = ZRuleFieldsSchema.extend({ ruleId: ZIdSchema }).refine(
  (rule) => rule.text || rule.minAmount || rule.maxAmount || rule.paymentMethod,
  { error: "Give the rule at least one condition: text, an amount or a payment method", path: ["text"] },
);

/** Accept the suggestion, or choose another category (and optionally make a rule from it). */
export const ZReviewCategorySchema = z.object({
  transactionId: ZIdSchema,
  /** Omit to accept the suggestion as it is. */
  categoryId: ZIdSchema.nullish(),
  /** Make a rule: future transactions whose description or name contains this text get the same category. */
  ruleText: z.string().trim().min(2, { error: "Use at least 2 characters" }).max(200).nullish(),
  ruleField: z.enum(CATEGORY_RULE_FIELDS).default("any"),
});
