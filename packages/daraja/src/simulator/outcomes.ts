import { SANDBOX_TEST_MSISDN } from "../password";

/**
 * How the simulator decides what happens to a request. Magic phone numbers of the form
 * 2547 0 F 00 RRRR choose the result (RRRR) and the callback delivery fault (F); other numbers
 * get the simulator's default outcome and its global fault.
 */

export const STK_OUTCOMES = [
  "success",
  "insufficient-funds",
  "cancelled",
  "unreachable",
  "wrong-pin",
  "expired",
  /** Waits for a person to approve or cancel on the /phone page (or the control API). */
  "manual",
] as const;

export type StkOutcome = (typeof STK_OUTCOMES)[number];

export type SettledOutcome = Exclude<StkOutcome, "manual">;

export const DELIVERY_FAULTS = [
  "none",
  /** The same callback is POSTed several times. */
  "duplicated",
  /** Held with other out-of-order callbacks and delivered latest first. */
  "out-of-order",
  /** Delivered long after the result is known (STK query already reports it). */
  "delayed",
  /** Never POSTed (STK query still reports the result). */
  "never-delivered",
  /** Payouts and other Result requests: the QueueTimeOutURL is called instead of the ResultURL. */
  "queue-timeout",
] as const;

export type DeliveryFault = (typeof DELIVERY_FAULTS)[number];

export interface OutcomeResult {
  resultCode: number;
  resultDesc: string;
}

export const STK_OUTCOME_RESULTS: Readonly<Record<SettledOutcome, OutcomeResult>> = {
  success: { resultCode: 0, resultDesc: "The service request is processed successfully." },
  "insufficient-funds": { resultCode: 1, resultDesc: "The balance is insufficient for the transaction." },
  cancelled: { resultCode: 1032, resultDesc: "Request cancelled by user" },
  unreachable: { resultCode: 1037, resultDesc: "DS timeout user cannot be reached" },
  "wrong-pin": { resultCode: 2001, resultDesc: "The initiator information is invalid." },
  expired: { resultCode: 1019, resultDesc: "Transaction has expired" },
};

export const MAGIC_OUTCOME_DIGITS: Readonly<Record<string, StkOutcome>> = {
  "0000": "success",
  "0001": "insufficient-funds",
  "1019": "expired",
  "1032": "cancelled",
  "1037": "unreachable",
  "2001": "wrong-pin",
  "9999": "manual",
};

export const MAGIC_FAULT_DIGITS: Readonly<Record<string, DeliveryFault>> = {
  "0": "none",
  "1": "duplicated",
  "2": "out-of-order",
  "3": "delayed",
  "4": "never-delivered",
  "5": "queue-timeout",
};

const MAGIC_PHONE = /^25470(\d)00(\d{4})$/;

export interface PlannedOutcome {
  outcome: StkOutcome | undefined;
  fault: DeliveryFault | undefined;
}

/** Reads a 2547XXXXXXXX phone's magic digits; undefined parts fall back to the simulator's defaults. */
export function planOutcomeForPhone(phone: string): PlannedOutcome {
  if (phone === SANDBOX_TEST_MSISDN) return { outcome: "success", fault: undefined };
  const match = MAGIC_PHONE.exec(phone);
  if (!match) return { outcome: undefined, fault: undefined };
  const [, faultDigit = "", outcomeDigits = ""] = match;
  return { outcome: MAGIC_OUTCOME_DIGITS[outcomeDigits], fault: MAGIC_FAULT_DIGITS[faultDigit] };
}

/** Builds the magic phone for an outcome and fault, e.g. ("cancelled", "duplicated") → 254701001032. */
export function magicPhoneFor(outcome: StkOutcome, fault: DeliveryFault = "none"): string {
  const outcomeDigits = Object.entries(MAGIC_OUTCOME_DIGITS).find(([, value]) => value === outcome)?.[0];
  const faultDigit = Object.entries(MAGIC_FAULT_DIGITS).find(([, value]) => value === fault)?.[0];
  if (outcomeDigits === undefined || faultDigit === undefined)
    throw new RangeError("Unknown outcome or fault");
  return `25470${faultDigit}00${outcomeDigits}`;
}
