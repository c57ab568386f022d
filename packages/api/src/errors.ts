import { TRPCError } from "@trpc/server";

export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PRECONDITION_FAILED"
  | "TOO_MANY_REQUESTS"
  | "INTERNAL_SERVER_ERROR";

/** Machine-readable refinements the client acts on (refresh the token, show the lock-out timer, …). */
export type AppErrorReason =
  | "TOKEN_EXPIRED"
  | "SESSION_ENDED"
  | "ACCOUNT_LOCKED"
  | "SIGN_IN_DELAYED"
  | "RATE_LIMITED"
  | "INVITATION_EXPIRED"
  | "INVITATION_USED"
  | "INVITATION_EMAIL_MISMATCH"
  | "LAST_OWNER"
  | "COMMON_PASSWORD"
  /** The action reaches other people and the account's email address is not verified yet. */
  | "EMAIL_NOT_VERIFIED"
  /** The business has sent its day's allowance of this kind of email. */
  | "EMAIL_QUOTA_EXCEEDED"
  /** A verification link or code that does not (or no longer) work. */
  | "VERIFICATION_INVALID";

export interface AppErrorOptions {
  /** Shown to people, in plain words. Defaults to the message. */
  userMessage?: string;
  /** Field → messages, for forms. Dotted paths for nested fields ("lines.0.quantity"). */
  fieldErrors?: Record<string, string[]>;
  reason?: AppErrorReason;
  retryAfterSeconds?: number;
  cause?: unknown;
}

/** The one error type domain code throws; the tRPC layer maps it to a code and a response shape. */
export class AppError extends Error {
  override name = "AppError";
  readonly code: AppErrorCode;
  readonly userMessage: string;
  readonly fieldErrors: Record<string, string[]> | undefined;
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

/** "1 second", "40 seconds", "15 minutes", "2 hours": how long to wait, in words a person reads. */
export function describeWait(seconds: number): string {
  const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? "" : "s"}`;
  if (seconds < 120) return plural(Math.max(1, Math.ceil(seconds)), "second");
  if (seconds < 7200) return plural(Math.ceil(seconds / 60), "minute");
  return plural(Math.ceil(seconds / 3600), "hour");
}

/** "Customer not found", attached to the input field that named it. */
export function notFound(what: string, field?: string): AppError {
  const message = `${what} not found`;
  return new AppError("NOT_FOUND", message, field ? { fieldErrors: { [field]: [message] } } : {});
}

interface IssueLike {
  path: readonly PropertyKey[];
  message: string;
}

export function hasIssues(value: unknown): value is { issues: IssueLike[] } {
  return typeof value === "object" && value !== null && "issues" in value && Array.isArray(value.issues);
}

/** zod issues → { "lines.0.quantity": ["…"] } for forms; "" holds errors about the whole input. */
export function flattenIssues(issues: readonly IssueLike[]): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join(".");
    const messages = fields[key] ?? [];
    messages.push(issue.message);
    fields[key] = messages;
  }
  return fields;
}

interface PgErrorLike {
  code: string;
  constraint?: string;
  detail?: string;
}

function isPgError(error: unknown): error is PgErrorLike {
  return (
    typeof error === "object" &&
    error !== null &&
    "code" in error &&
    typeof error.code === "string" &&
    /^[0-9A-Z]{5}$/.test(error.code) &&
    ("severity" in error || "routine" in error)
  );
}

/** Constraint names mapped to what a person should read. Domains add theirs. */
const constraintMessages = new Map<string, { field?: string; message: string }>([
  ["users_email_key", { field: "email", message: "An account with this email already exists" }],
  ["memberships_business_user_key", { message: "This person is already a member of the business" }],
  ["invitations_open_email_key", { field: "email", message: "This person already has a pending invitation" }],
]);

export function registerConstraintMessage(
  constraint: string,
  field: string | undefined,
  message: string,
): void {
  constraintMessages.set(constraint, field ? { field, message } : { message });
}

/**
 * Turns what a procedure threw into the TRPCError the client sees. Database errors caused by the input
 * (duplicates, bad references, values out of range) become 4xx, never 500; anything else stays internal.
 */
export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) {
    if (error.code === "INTERNAL_SERVER_ERROR" && error.cause && !(error.cause instanceof TRPCError)) {
      const inner = toTRPCError(error.cause);
      return inner.code === "INTERNAL_SERVER_ERROR" ? error : inner;
    }
    return error;
  }
  if (error instanceof AppError) {
    return new TRPCError({ code: error.code, message: error.userMessage, cause: error });
  }
  const pgError = findPgError(error);
  if (pgError) {
    const mapped = mapPgError(pgError);
    if (mapped) return new TRPCError({ code: mapped.code, message: mapped.userMessage, cause: mapped });
  }
  return new TRPCError({
    code: "INTERNAL_SERVER_ERROR",
    message: "Something went wrong on our side",
    cause: error instanceof Error ? error : undefined,
  });
}

function findPgError(error: unknown): PgErrorLike | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth += 1) {
    if (isPgError(current)) return current;
    current =
      typeof current === "object" && current !== null && "cause" in current ? current.cause : undefined;
  }
  return null;
}

function mapPgError(error: PgErrorLike): AppError | null {
  switch (error.code) {
    case "23505": {
      const known = error.constraint ? constraintMessages.get(error.constraint) : undefined;
      const message = known?.message ?? "This already exists";
      return new AppError("CONFLICT", message, {
        cause: error,
        ...(known?.field ? { fieldErrors: { [known.field]: [message] } } : {}),
      });
    }
    case "23503":
      return new AppError("BAD_REQUEST", "Something this refers to does not exist (or no longer does)", {
        cause: error,
      });
    case "23502":
    case "23514":
    case "22001":
    case "22003":
    case "22007":
    case "22008":
    case "22P02":
      return new AppError("BAD_REQUEST", "Some of the values are not valid", { cause: error });
    case "40001":
    case "40P01":
      return new AppError("CONFLICT", "Someone else changed this at the same time. Please try again.", {
        cause: error,
      });
    default:
      return null;
  }
}
