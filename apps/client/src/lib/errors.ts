import { type AppErrorReason, isAppErrorReason } from "@kavi/domain";
import { TRPCClientError } from "@trpc/client";

/** Reasons the API attaches to errors: the same list the server throws (packages/domain/src/errors.ts). */
export type ApiErrorReason = AppErrorReason;

export type ProblemKind =
  | "validation"
  | "unauthorized"
  | "forbidden"
  | "not-found"
  | "conflict"
  | "precondition"
  | "rate-limited"
  | "network"
  | "server";

/** What a screen needs to say about a failed call, in plain words. */
export interface Problem {
  kind: ProblemKind;
  title: string;
  message: string;
  code: string | null;
  reason: ApiErrorReason | null;
  requestId: string | null;
  /** Dotted path → messages ("" holds messages about the whole input). */
  fieldErrors: Record<string, string[]> | null;
  retryAfterSeconds: number | null;
}

interface ErrorData {
  code?: unknown;
  httpStatus?: unknown;
  requestId?: unknown;
  fieldErrors?: unknown;
  reason?: unknown;
  retryAfterSeconds?: unknown;
}

function readData(error: unknown): ErrorData | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data: unknown = error.data ?? error.shape?.data;
  return typeof data === "object" && data !== null ? (data as ErrorData) : null;
}

export function errorCode(error: unknown): string | null {
  const code = readData(error)?.code;
  return typeof code === "string" ? code : null;
}

export function errorReason(error: unknown): ApiErrorReason | null {
  const reason = readData(error)?.reason;
  return isAppErrorReason(reason) ? reason : null;
}

function readFieldErrors(value: unknown): Record<string, string[]> | null {
  if (typeof value !== "object" || value === null) return null;
  const result: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(value)) {
    if (Array.isArray(messages)) result[key] = messages.filter((item) => typeof item === "string");
  }
  return Object.keys(result).length > 0 ? result : null;
}

const TITLES: Record<ProblemKind, string> = {
  validation: "Check the highlighted fields",
  unauthorized: "Please sign in",
  forbidden: "You don't have access",
  "not-found": "Not found",
  conflict: "That clashes with something",
  precondition: "That can't be done yet",
  "rate-limited": "Slow down a little",
  network: "Can't reach KAVI",
  server: "Something went wrong",
};

function kindFor(code: string | null, httpStatus: number | null): ProblemKind {
  switch (code) {
    case "BAD_REQUEST":
    case "PARSE_ERROR":
      return "validation";
    case "UNAUTHORIZED":
      return "unauthorized";
    case "FORBIDDEN":
      return "forbidden";
    case "NOT_FOUND":
      return "not-found";
    case "CONFLICT":
      return "conflict";
    case "PRECONDITION_FAILED":
      return "precondition";
    case "TOO_MANY_REQUESTS":
      return "rate-limited";
    default:
      return httpStatus !== null && httpStatus < 500 ? "validation" : "server";
  }
}

/**
 * Turns anything a call can throw into a Problem. Messages from the API are already written for people;
 * transport failures (no network, a proxy's HTML error page) get our own wording.
 */
export function toProblem(error: unknown): Problem {
  const data = readData(error);
  if (error instanceof TRPCClientError && data) {
    const code = typeof data.code === "string" ? data.code : null;
    const httpStatus = typeof data.httpStatus === "number" ? data.httpStatus : null;
    const kind = kindFor(code, httpStatus);
    const reason = isAppErrorReason(data.reason) ? data.reason : null;
    return {
      kind,
      title: TITLES[kind],
      message: error.message || TITLES[kind],
      code,
      reason,
      requestId: typeof data.requestId === "string" ? data.requestId : null,
      fieldErrors: readFieldErrors(data.fieldErrors),
      retryAfterSeconds: typeof data.retryAfterSeconds === "number" ? data.retryAfterSeconds : null,
    };
  }
  const offline = typeof navigator !== "undefined" && navigator.onLine === false;
  const transport =
    error instanceof TRPCClientError || error instanceof TypeError || (error instanceof Error && !data);
  if (transport) {
    return {
      kind: "network",
      title: TITLES.network,
      message: offline
        ? "You seem to be offline. Check your connection and try again."
        : "We couldn't reach KAVI. Check your connection and try again in a moment.",
      code: null,
      reason: null,
      requestId: null,
      fieldErrors: null,
      retryAfterSeconds: null,
    };
  }
  return {
    kind: "server",
    title: TITLES.server,
    message: "Something went wrong on our side. Please try again in a moment.",
    code: null,
    reason: null,
    requestId: null,
    fieldErrors: null,
    retryAfterSeconds: null,
  };
}

/** Client errors never get better by retrying; transport and server errors sometimes do. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  const problem = toProblem(error);
  if (problem.kind !== "network" && problem.kind !== "server") return false;
  return failureCount < 2;
}

/** "1 minute 5 seconds" style, for lock-out and rate-limit messages. */
type WaitUnit = "minutes" | "seconds";
const englishWaitUnit = (unit: WaitUnit, count: number) =>
  `${count} ${unit === "minutes" ? "minute" : "second"}${count === 1 ? "" : "s"}`;

/** A wait in whole minutes and seconds; `unit` words each part (the screens pass their language's). */
export function formatWait(
  seconds: number,
  unit: (unit: WaitUnit, count: number) => string = englishWaitUnit,
): string {
  const whole = Math.max(0, Math.ceil(seconds));
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  const parts: string[] = [];
  if (minutes > 0) parts.push(unit("minutes", minutes));
  if (rest > 0 || minutes === 0) parts.push(unit("seconds", rest));
  return parts.join(" ");
}

/** A Problem built on the client (a check the server would make too), shown like one from the API. */
export function clientProblem(message: string, fieldErrors: Record<string, string[]> | null = null): Problem {
  return {
    kind: "validation",
    title: TITLES.validation,
    message,
    code: null,
    reason: null,
    requestId: null,
    fieldErrors,
    retryAfterSeconds: null,
  };
}
