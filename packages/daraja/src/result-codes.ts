/** M-Pesa result codes, from the STK, B2C and status callbacks, with what a shop owner should be told. */

export const STK_RESULT_CODES = {
  success: 0,
  insufficientBalance: 1,
  limitExceeded: 2,
  lessThanMinimum: 3,
  moreThanMaximum: 4,
  maximumBalanceReached: 8,
  duplicateWithinTwoMinutes: 17,
  systemBusy: 26,
  unableToLockSubscriber: 1001,
  expired: 1019,
  pushSendError: 1025,
  cancelledByUser: 1032,
  unreachable: 1037,
  wrongPin: 2001,
  notPermitted: 2028,
  credentialLocked: 8006,
} as const;

const MESSAGES: Readonly<Record<string, string>> = {
  "0": "The payment was received.",
  "1": "The customer has insufficient M-Pesa balance.",
  "2": "The amount is below the M-Pesa minimum for this transaction.",
  "3": "The amount is below the M-Pesa minimum for this transaction.",
  "4": "The amount is above the customer's M-Pesa transaction limit.",
  "8": "The customer's M-Pesa account has reached its limit.",
  "17": "The same amount was requested from this customer less than two minutes ago. Wait two minutes and try again.",
  "26": "M-Pesa is busy right now. Try again in a minute.",
  "1001": "The customer's phone is busy with another M-Pesa transaction. Try again in a minute.",
  "1019": "The request expired before the customer answered.",
  "1025": "M-Pesa could not send the prompt to the customer's phone. Try again.",
  "1032": "The customer cancelled the payment.",
  "1037": "The customer's phone could not be reached.",
  "2001": "The customer entered the wrong PIN.",
  "2028": "This M-Pesa account is not allowed to make this transaction.",
  "8006": "The M-Pesa security credential is locked. Ask Safaricom to unlock the API user.",
  "9999": "M-Pesa could not send the prompt to the customer's phone. Try again.",
};

/** For payouts (B2C, reversal) the same codes are about the business, not the customer. */
const PAYOUT_MESSAGES: Readonly<Record<string, string>> = {
  "0": "The payout was sent.",
  "1": "The business M-Pesa account has insufficient funds for this payout.",
  "2001": "The payout initiator's username or password is wrong.",
  "2028": "This M-Pesa account is not allowed to make payouts of this kind.",
  "8006": "The payout initiator is locked. Ask Safaricom to unlock the API user.",
  SFC_IC0003: "The receiving phone number is not an M-Pesa customer.",
};

export type ResultMessageContext = "payment" | "payout";

/** A sentence a shop owner understands for an M-Pesa result code (number or string). */
export function humanResultMessage(
  resultCode: number | string,
  context: ResultMessageContext = "payment",
): string {
  const key = String(resultCode).trim();
  const specific = context === "payout" ? PAYOUT_MESSAGES[key] : undefined;
  const noun = context === "payout" ? "payout" : "payment";
  return specific ?? MESSAGES[key] ?? `M-Pesa could not complete the ${noun} (code ${key || "unknown"}).`;
}
