import { AppError } from "@kavi/domain";

/**
 * The one place that reads PostgreSQL errors. Errors caused by the input (a duplicate, a reference to
 * something gone, a value out of range) become AppErrors with words for people, never a 500; anything else is
 * left alone (a real failure). Unique constraints people can run into are named here, each with the field it
 * belongs to, in one table read at the moment of the error (no registration by import).
 */

/** Unique constraints (and unique indexes) → what a person should read, and at which field. */
export const CONSTRAINT_MESSAGES: Readonly<Record<string, { field?: string; message: string }>> = {
  users_email_key: { field: "email", message: "An account with this email already exists" },
  memberships_business_user_key: { message: "This person is already a member of the business" },
  invitations_open_email_key: { field: "email", message: "This person already has a pending invitation" },
  customers_business_account_key: {
    field: "accountNumber",
    message: "Another customer already has this account number",
  },
  categories_business_kind_name_key: { field: "name", message: "There is already a category with this name" },
  budgets_business_category_period_key: {
    field: "categoryId",
    message: "This category already has a budget for that period",
  },
  // Numbers come from the locked sequence, so these can only clash after the numbering settings were changed
  // back to a format already used; the issue then rolls back whole (no number is lost).
  invoices_business_number_key: {
    message: "That invoice number is already taken. Check the prefix and numbering in the invoice settings.",
  },
  credit_notes_business_number_key: {
    message:
      "That credit-note number is already taken. Check the credit-note prefix in the invoice settings.",
  },
};

export interface DatabaseError {
  /** The SQLSTATE, such as 23505 (unique violation). */
  code: string;
  constraint?: string;
  detail?: string;
}

function isDatabaseError(error: unknown): error is DatabaseError {
  return (
    typeof error === "object" &&
    error !== null &&
    "code" in error &&
    typeof error.code === "string" &&
    /^[0-9A-Z]{5}$/.test(error.code) &&
    ("severity" in error || "routine" in error)
  );
}

/** The PostgreSQL error behind what was thrown (drizzle wraps it in one or more causes), or null. */
function findDatabaseError(error: unknown): DatabaseError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth += 1) {
    if (isDatabaseError(current)) return current;
    current =
      typeof current === "object" && current !== null && "cause" in current ? current.cause : undefined;
  }
  return null;
}

/** A row that others still refer to (deleting a customer with invoices): the caller says what to do instead. */
export function isForeignKeyViolation(error: unknown): boolean {
  return findDatabaseError(error)?.code === "23503";
}

/** What pg's pool throws when no connection frees up within `connectionTimeoutMillis`. */
const POOL_TIMEOUT_MESSAGE = "timeout exceeded when trying to connect";
/** PostgreSQL refusing more work for now: too many connections, starting up or shutting down. */
const OVERLOAD_CODES = new Set(["53300", "57P03"]);
/** How long a client is asked to wait after an overload answer (Retry-After). */
export const OVERLOAD_RETRY_AFTER_SECONDS = 2;

/**
 * A moment of overload: every pooled connection busy past the pool's wait, or PostgreSQL refusing connections.
 * The request did nothing (it never got a connection), so it is safe to send again: a 503 with Retry-After says so,
 * where a 500 would say something broke.
 */
function overloadError(error: unknown): AppError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth += 1) {
    const overloaded =
      (current instanceof Error && current.message === POOL_TIMEOUT_MESSAGE) ||
      (isDatabaseError(current) && OVERLOAD_CODES.has(current.code));
    if (overloaded) {
      return new AppError(
        "SERVICE_UNAVAILABLE",
        "KAVI is very busy right now. Please try again in a moment.",
        {
          cause: current,
          retryAfterSeconds: OVERLOAD_RETRY_AFTER_SECONDS,
        },
      );
    }
    current =
      typeof current === "object" && current !== null && "cause" in current ? current.cause : undefined;
  }
  return null;
}

/** What a person reads for a database error the input caused (or a moment of overload), or null for a real failure. */
export function appErrorFromDatabase(error: unknown): AppError | null {
  const overload = overloadError(error);
  if (overload) return overload;
  const found = findDatabaseError(error);
  if (!found) return null;
  switch (found.code) {
    case "23505": {
      const known = found.constraint ? CONSTRAINT_MESSAGES[found.constraint] : undefined;
      const message = known?.message ?? "This already exists";
      return new AppError("CONFLICT", message, {
        cause: found,
        ...(known?.field ? { fieldErrors: { [known.field]: [message] } } : {}),
      });
    }
    case "23503":
      return new AppError("BAD_REQUEST", "Something this refers to does not exist (or no longer does)", {
        cause: found,
      });
    case "23502":
    case "23514":
    case "22001":
    case "22003":
    case "22007":
    case "22008":
    case "22P02":
      return new AppError("BAD_REQUEST", "Some of the values are not valid", { cause: found });
    case "40001":
    case "40P01":
      return new AppError("CONFLICT", "Someone else changed this at the same time. Please try again.", {
        cause: found,
      });
    default:
      return null;
  }
}
