import { AppError } from "@kavi/domain";
import { TRPCError } from "@trpc/server";
import { appErrorFromDatabase } from "./database-errors";

/**
 * The error type itself lives in packages/domain (no tRPC there, so the domain and the client share it); this
 * module maps it, and database errors, to what tRPC answers.
 */
export {
  AppError,
  type AppErrorCode,
  type AppErrorReason,
  describeWait,
  flattenIssues,
  hasIssues,
  notFound,
} from "@kavi/domain";

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
  const fromDatabase = appErrorFromDatabase(error);
  if (fromDatabase) {
    return new TRPCError({ code: fromDatabase.code, message: fromDatabase.userMessage, cause: fromDatabase });
  }
  return new TRPCError({
    code: "INTERNAL_SERVER_ERROR",
    message: "Something went wrong on our side",
    cause: error instanceof Error ? error : undefined,
  });
}
