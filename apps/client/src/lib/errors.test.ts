import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { errorReason, formatWait, shouldRetry, toProblem } from "./errors";

/** What the client receives from our error formatter (packages/api/src/trpc.ts). */
function apiError(message: string, data: Record<string, unknown>) {
  return TRPCClientError.from({ error: { message, code: -32600, data } });
}

describe("toProblem", () => {
  it("keeps the API's plain-words message, request id and field errors", () => {
    const problem = toProblem(
      apiError("Some fields need your attention", {
        code: "BAD_REQUEST",
        httpStatus: 400,
        requestId: "req-123",
        fieldErrors: { "lines.0.quantity": ["Enter a quantity"], email: ["Enter a valid email address"] },
        reason: null,
        retryAfterSeconds: null,
      }),
    );
    expect(problem).toMatchObject({
      kind: "validation",
      message: "Some fields need your attention",
      requestId: "req-123",
      fieldErrors: { "lines.0.quantity": ["Enter a quantity"], email: ["Enter a valid email address"] },
    });
  });

  it("maps lock-outs with their reason and wait", () => {
    const error = apiError("Too many failed attempts.", {
      code: "TOO_MANY_REQUESTS",
      httpStatus: 429,
      requestId: "r",
      fieldErrors: null,
      reason: "ACCOUNT_LOCKED",
      retryAfterSeconds: 900,
    });
    expect(toProblem(error)).toMatchObject({
      kind: "rate-limited",
      reason: "ACCOUNT_LOCKED",
      retryAfterSeconds: 900,
    });
    expect(errorReason(error)).toBe("ACCOUNT_LOCKED");
  });

  it.each([
    ["UNAUTHORIZED", "unauthorized"],
    ["FORBIDDEN", "forbidden"],
    ["NOT_FOUND", "not-found"],
    ["CONFLICT", "conflict"],
    ["PRECONDITION_FAILED", "precondition"],
    ["INTERNAL_SERVER_ERROR", "server"],
  ])("maps %s to %s", (code, kind) => {
    expect(toProblem(apiError("x", { code, httpStatus: 500, reason: null })).kind).toBe(kind);
  });

  it("words transport failures itself (no API data: offline, or a proxy's HTML page)", () => {
    const problem = toProblem(TRPCClientError.from(new TypeError("Failed to fetch")));
    expect(problem.kind).toBe("network");
    expect(problem.message).toMatch(/couldn't reach KAVI|offline/);
    expect(problem.requestId).toBeNull();
  });

  it("never shows a raw exception", () => {
    expect(toProblem("weird").message).toBe(
      "Something went wrong on our side. Please try again in a moment.",
    );
  });
});

describe("shouldRetry", () => {
  it("retries network and server failures a couple of times, never client errors", () => {
    const network = TRPCClientError.from(new TypeError("Failed to fetch"));
    const forbidden = apiError("no", { code: "FORBIDDEN", httpStatus: 403 });
    expect(shouldRetry(0, network)).toBe(true);
    expect(shouldRetry(2, network)).toBe(false);
    expect(shouldRetry(0, forbidden)).toBe(false);
  });
});

describe("formatWait", () => {
  it("reads naturally", () => {
    expect(formatWait(1)).toBe("1 second");
    expect(formatWait(45)).toBe("45 seconds");
    expect(formatWait(60)).toBe("1 minute");
    expect(formatWait(125)).toBe("2 minutes 5 seconds");
  });
});
