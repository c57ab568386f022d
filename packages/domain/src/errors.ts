/**
 * The one error type domain code and services throw. It carries a code (which the API maps to an HTTP status
 * through tRPC, in packages/api/src/errors.ts), words for people, field messages for forms, and a machine-readable
 * reason the client acts on. It imports nothing, so the domain's own errors are AppErrors too and the client
 * reads the same reasons.
 */

export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PRECONDITION_FAILED"
  | "TOO_MANY_REQUESTS"
  /** Overloaded for a moment (no database connection free in time): try again after `retryAfterSeconds`. */
  | "SERVICE_UNAVAILABLE"
  | "INTERNAL_SERVER_ERROR";

/** Machine-readable refinements the client acts on (refresh the token, show the lock-out timer, …). */
export const APP_ERROR_REASONS = [
  "TOKEN_EXPIRED",
  "SESSION_ENDED",
  "ACCOUNT_LOCKED",
  "SIGN_IN_DELAYED",
  "RATE_LIMITED",
  "INVITATION_EXPIRED",
  "INVITATION_USED",
  "INVITATION_EMAIL_MISMATCH",
  "LAST_OWNER",
  "COMMON_PASSWORD",
  /** The action reaches other people and the account's email address is not verified yet. */
  "EMAIL_NOT_VERIFIED",
  /** The business has sent its day's allowance of this kind of email. */
  "EMAIL_QUOTA_EXCEEDED",
  /** A verification link or code that does not (or no longer) work. */
  "VERIFICATION_INVALID",
] as const;
export type AppErrorReason = (typeof APP_ERROR_REASONS)[number];

export function isAppErrorReason(value: unknown): value is AppErrorReason {
  return typeof value === "string" && (APP_ERROR_REASONS as readonly string[]).includes(value);
}

/** Field → messages, for forms. Dotted paths for nested fields ("lines.0.quantity"); "" is the whole input. */
export type FieldErrors = Record<string, string[]>;

export interface AppErrorOptions {
  /** Shown to people, in plain words. Defaults to the message. */
  userMessage?: string;
  fieldErrors?: FieldErrors;
  reason?: AppErrorReason;
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class AppError extends Error {
  override name = "AppError";
  readonly code: AppErrorCode;
  readonly userMessage: string;
  readonly fieldErrors: FieldErrors | undefined;
  readonly reason: AppErrorReason | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: AppErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.userMessage = options.userMessage ?? message;
    this.fieldErrors = options.fieldErrors;
    this.reason = options.reason;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/**
 * Input the domain cannot use (an amount that is not money, a quantity with too many decimals). The domain's
 * parsers throw subclasses of it, so an uncaught one is a 400 with the parser's words, never a 500; a service
 * that knows which field the text came from attaches it with `inField`.
 */
export class InvalidInputError extends AppError {
  override name = "InvalidInputError";

  constructor(message: string, options: Omit<AppErrorOptions, "userMessage"> = {}) {
    super("BAD_REQUEST", message, options);
  }
}

/** A 400 about one field of the input: the message is shown at the field and as the error's message. */
export function badField(field: string, message: string): AppError {
  return new AppError("BAD_REQUEST", message, { fieldErrors: { [field]: [message] } });
}

/** "Customer not found", attached to the input field that named it. */
export function notFound(what: string, field?: string): AppError {
  const message = `${what} not found`;
  return new AppError("NOT_FOUND", message, field ? { fieldErrors: { [field]: [message] } } : {});
}

/**
 * Runs a parse of one input field and, if the domain refuses the text, says so at that field:
 * `inField("amount", () => parseMoney(input.amount, currency))`. Other errors pass through untouched.
 */
export function inField<T>(field: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof InvalidInputError && !error.fieldErrors) {
      throw new AppError("BAD_REQUEST", error.message, {
        fieldErrors: { [field]: [error.message] },
        cause: error,
      });
    }
    throw error;
  }
}

/** "1 second", "40 seconds", "15 minutes", "2 hours": how long to wait, in words a person reads. */
export function describeWait(seconds: number): string {
  const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? "" : "s"}`;
  if (seconds < 120) return plural(Math.max(1, Math.ceil(seconds)), "second");
  if (seconds < 7200) return plural(Math.ceil(seconds / 60), "minute");
  return plural(Math.ceil(seconds / 3600), "hour");
}

interface IssueLike {
  path: readonly PropertyKey[];
  message: string;
}

/** A zod error (or anything shaped like one). */
export function hasIssues(value: unknown): value is { issues: IssueLike[] } {
  return typeof value === "object" && value !== null && "issues" in value && Array.isArray(value.issues);
}

/** zod issues → { "lines.0.quantity": ["…"] } for forms; "" holds errors about the whole input. */
export function flattenIssues(issues: readonly IssueLike[]): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join(".");
    const messages = fields[key] ?? [];
    messages.push(issue.message);
    fields[key] = messages;
  }
  return fields;
}
