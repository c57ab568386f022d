import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import { fieldErrorsFromCause } from "../trpc";

/** Awaits a call that must be refused and returns the TRPCError it was refused with. */
export async function refusal(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error, "expected the call to be refused").toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

/** The field messages a client would receive for this error (as the error formatter computes them). */
export function fieldErrorsOf(error: TRPCError): Record<string, string[]> {
  return fieldErrorsFromCause(error.cause) ?? {};
}

/** A refusal's code, message and field messages, for tests that compare all three. */
export async function refusalDetails(promise: Promise<unknown>) {
  const error = await refusal(promise);
  return { code: error.code, message: error.message, fieldErrors: fieldErrorsOf(error), cause: error.cause };
}
