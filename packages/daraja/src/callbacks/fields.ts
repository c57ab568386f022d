import { z } from "zod";
import { DarajaAmountError, parseDarajaAmountMinor } from "../amount";
import { parseDarajaResultDateTime, parseDarajaTimestamp } from "../timestamp";

/** Callback parse failures carry zod's issues so the webhook can log what was wrong with the body. */
export class DarajaCallbackParseError extends Error {
  override name = "DarajaCallbackParseError";
  readonly issues: readonly { path: string; message: string }[];

  constructor(callback: string, issues: readonly { path: string; message: string }[]) {
    super(
      `Unreadable ${callback}: ${issues.map((issue) => `${issue.path || "body"}: ${issue.message}`).join("; ")}`,
    );
    this.issues = issues;
  }
}

export function parseWith<Schema extends z.ZodType>(
  callback: string,
  schema: Schema,
  body: unknown,
): z.output<Schema> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new DarajaCallbackParseError(
    callback,
    result.error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message })),
  );
}

/** Daraja sends most scalars as either strings or numbers; read them as trimmed text. */
export const textSchema = z.union([z.string(), z.number()]).transform((value) => String(value).trim());
export const requiredTextSchema = textSchema.pipe(z.string().min(1, "is required"));
export const optionalTextSchema = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((value) => (value === null || value === undefined ? "" : String(value).trim()));

export const numericCodeSchema = textSchema
  .pipe(z.string().regex(/^-?\d+$/, "must be a numeric code"))
  .transform(Number);

/** An amount written as "5.00", 1.00 or 8959269.60, read exactly into cents. */
export const amountMinorSchema = z.union([z.string(), z.number()]).transform((value, context) => {
  try {
    return parseDarajaAmountMinor(value);
  } catch (error) {
    context.addIssue({
      code: "custom",
      message: error instanceof DarajaAmountError ? error.message : "bad amount",
    });
    return z.NEVER;
  }
});

export function readAmountMinor(value: string | number): bigint | undefined {
  try {
    return parseDarajaAmountMinor(value);
  } catch {
    return undefined;
  }
}

export const timestampSchema = z.union([z.string(), z.number()]).transform((value, context) => {
  try {
    return parseDarajaTimestamp(value);
  } catch (error) {
    context.addIssue({ code: "custom", message: error instanceof Error ? error.message : "bad timestamp" });
    return z.NEVER;
  }
});

export function readTimestamp(value: string | number | undefined): Date | undefined {
  if (value === undefined || value === "") return undefined;
  try {
    return parseDarajaTimestamp(value);
  } catch {
    return undefined;
  }
}

export function readResultDateTime(value: string | number | undefined): Date | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  try {
    return parseDarajaResultDateTime(value);
  } catch {
    return undefined;
  }
}

export const scalarValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]).optional();

/** Daraja lists are sometimes a bare object when they hold one element. */
export function oneOrMany<Schema extends z.ZodType>(schema: Schema) {
  return z
    .union([z.array(schema), schema])
    .transform((value): z.output<Schema>[] => (Array.isArray(value) ? value : [value]));
}
