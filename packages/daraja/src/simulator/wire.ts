import { z } from "zod";
import { FORBIDDEN_CALLBACK_URL_WORDS } from "../client/validation";

/** Reading requests the way Daraja does: field by field, answering "Bad Request - Invalid <Field>". */

export interface ApiReply {
  httpStatus: number;
  body: unknown;
}

/** Thrown inside a handler to answer with Daraja's error envelope. */
export class DarajaReply extends Error {
  readonly httpStatus: number;
  readonly errorCode: string;
  readonly errorMessage: string;

  constructor(httpStatus: number, errorCode: string, errorMessage: string) {
    super(`${errorCode} ${errorMessage}`);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
    this.errorMessage = errorMessage;
  }
}

export function invalidField(field: string): DarajaReply {
  return new DarajaReply(400, "400.002.02", `Bad Request - Invalid ${field}`);
}

export const ZRequestBodySchema = z.record(z.string(), z.unknown());
export type RequestBody = z.infer<typeof ZRequestBodySchema>;

const scalar = z.union([z.string(), z.number()]).transform((value) => String(value).trim());

export const wireSchemas = {
  text: scalar.pipe(z.string().min(1)),
  optionalText: z
    .union([z.string(), z.number(), z.null(), z.undefined()])
    .transform((value) => (value === null || value === undefined ? "" : String(value).trim())),
  shortCode: scalar.pipe(z.string().regex(/^\d{4,8}$/)),
  phone: scalar.pipe(z.string().regex(/^254[17]\d{8}$/)),
  timestamp: scalar.pipe(z.string().regex(/^\d{14}$/)),
  /** Whole shillings, as a number or a digit string; "1.5" and "1.00" are refused like Daraja does. */
  amount: z
    .union([z.number().int(), z.string().regex(/^\s*\d+\s*$/)])
    .transform(Number)
    .pipe(z.number().int().min(1).max(250_000)),
  url: z.string().refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === "http:" || url.protocol === "https:";
    } catch {
      return false;
    }
  }),
};

export function readField<Schema extends z.ZodType>(
  body: RequestBody,
  field: string,
  schema: Schema,
  error: () => DarajaReply = () => invalidField(field),
): z.output<Schema> {
  const parsed = schema.safeParse(body[field]);
  if (!parsed.success) throw error();
  return parsed.data;
}

export function containsForbiddenWord(url: string): boolean {
  const lowered = url.toLowerCase();
  return FORBIDDEN_CALLBACK_URL_WORDS.some((word) => lowered.includes(word));
}

/** A callback URL Daraja would take: absolute http(s), none of the forbidden words. */
export function readCallbackUrl(
  body: RequestBody,
  field: string,
  error: () => DarajaReply = () => invalidField(field),
): string {
  const url = readField(body, field, wireSchemas.url, error);
  if (containsForbiddenWord(url)) throw error();
  return url;
}
