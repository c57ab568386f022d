import { AppError } from "@kavi/domain";
import { TRPCError } from "@trpc/server";

/**
 * The error type itself lives in packages/domain (no tRPC there, so the domain and the client share it); this
 * module maps it, and database errors, to what tRPC answers.
 */
export {
  AppError,
  type AppErrorCode,
  type AppErrorOptions,
  type AppErrorReason,
  describeWait,
  flattenIssues,
  hasIssues,
  notFound,
} from "@kavi/domain";

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
