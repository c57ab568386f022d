import { PhoneFormatError, toMpesaMsisdn } from "@kavi/domain";
import { z } from "zod";
import { KES_MINOR_PER_SHILLING } from "../amount";
import { type DarajaOperation, DarajaValidationError } from "./errors";

/** Daraja refuses callback URLs containing these words (integrators' lesson 3). */
export const FORBIDDEN_CALLBACK_URL_WORDS = [
  "mpesa",
  "m-pesa",
  "safaricom",
  "exe",
  "exec",
  "cmd",
  "sql",
  "query",
];

export const MAX_TRANSACTION_AMOUNT = 250_000;
export const MAX_ACCOUNT_REFERENCE_LENGTH = 12;
export const MAX_TRANSACTION_DESC_LENGTH = 13;

export interface CallbackUrlRules {
  /** http:// and localhost/private hosts are fine against the sandbox or a local simulator only. */
  allowInsecure: boolean;
}

const PRIVATE_HOST =
  /^(localhost|.*\.localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1?\]|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+)$/i;

export function findCallbackUrlProblem(value: string, rules: CallbackUrlRules): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be an absolute URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must be an http(s) URL";
  if (url.protocol === "http:" && !rules.allowInsecure) return "must use https in production";
  if (PRIVATE_HOST.test(url.hostname) && !rules.allowInsecure) return "must be publicly reachable";
  if (url.username || url.password) return "must not carry credentials";
  const lowered = value.toLowerCase();
  const forbidden = FORBIDDEN_CALLBACK_URL_WORDS.find((word) => lowered.includes(word));
  if (forbidden) return `must not contain the word "${forbidden}" (Daraja rejects it)`;
  return undefined;
}

export const callbackUrlSchema = (rules: CallbackUrlRules) =>
  z.string().superRefine((value, context) => {
    const problem = findCallbackUrlProblem(value, rules);
    if (problem) context.addIssue({ code: "custom", message: problem });
  });

export const msisdnSchema = z.string().transform((value, context) => {
  try {
    return toMpesaMsisdn(value);
  } catch (error) {
    context.addIssue({
      code: "custom",
      message: error instanceof PhoneFormatError ? error.message : "is not a phone number",
    });
    return z.NEVER;
  }
});

export const shortCodeSchema = z
  .union([z.string(), z.number().int()])
  .transform((value) => String(value).trim())
  .pipe(z.string().regex(/^\d{4,8}$/, "must be an M-Pesa shortcode (digits only)"));

/**
 * Exactly one of `amount` (whole shillings, a number) or `amountMinor` (cents, a bigint).
 * Fractions are refused: Daraja rejects decimal amounts, and rounding money silently is worse.
 */
export type DarajaAmountInput =
  | { amount: number; amountMinor?: never }
  | { amountMinor: bigint; amount?: never };

export const amountFieldsSchema = z.object({
  amount: z.number().optional(),
  amountMinor: z.bigint().optional(),
});

export function readWholeShillings(
  fields: z.infer<typeof amountFieldsSchema>,
  context: z.RefinementCtx,
  minimum = 1,
): number | undefined {
  const { amount, amountMinor } = fields;
  const fail = (message: string, path: string) => {
    context.addIssue({ code: "custom", message, path: [path] });
    return undefined;
  };
  if (amount !== undefined && amountMinor !== undefined)
    return fail("give amount or amountMinor, not both", "amount");
  let shillings: number;
  if (amountMinor !== undefined) {
    if (amountMinor % KES_MINOR_PER_SHILLING !== 0n) {
      return fail("must be whole shillings: M-Pesa does not accept cents", "amountMinor");
    }
    shillings = Number(amountMinor / KES_MINOR_PER_SHILLING);
  } else if (amount !== undefined) {
    if (!Number.isInteger(amount))
      return fail("must be whole shillings: M-Pesa does not accept cents", "amount");
    shillings = amount;
  } else {
    return fail("is required", "amount");
  }
  const field = amountMinor !== undefined ? "amountMinor" : "amount";
  if (shillings < minimum || shillings > MAX_TRANSACTION_AMOUNT) {
    return fail(
      `must be between KES ${minimum} and KES ${MAX_TRANSACTION_AMOUNT.toLocaleString("en-KE")}`,
      field,
    );
  }
  return shillings;
}

/** An amount-bearing request schema whose output's `amount` is the whole shillings readWholeShillings allows. */
export function withWholeShillings<Fields extends z.infer<typeof amountFieldsSchema>>(
  schema: z.ZodType<Fields>,
  minimum?: number,
) {
  return schema.transform((fields, context) => {
    const amount = readWholeShillings(fields, context, minimum);
    return amount === undefined ? z.NEVER : { ...fields, amount };
  });
}

export const remarksSchema = z
  .string()
  .trim()
  .min(2, "must be 2 to 100 characters")
  .max(100, "must be 2 to 100 characters");
export const occasionSchema = z.string().trim().max(100, "must be at most 100 characters");

/** Parses request options with a zod schema, turning its issues into a DarajaValidationError. */
export function validateRequest<Schema extends z.ZodType>(
  operation: DarajaOperation,
  schema: Schema,
  input: unknown,
): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new DarajaValidationError(
    operation,
    result.error.issues.map((issue) => ({
      field: issue.path.map(String).join(".") || "request",
      message: issue.message,
    })),
  );
}
