import { type MpesaResultContext, mpesaResultMessage } from "@kavi/domain";

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

export type ResultMessageContext = MpesaResultContext;

/** A sentence a shop owner understands for an M-Pesa result code (number or string), in English: what is stored. */
export function humanResultMessage(
  resultCode: number | string,
  context: ResultMessageContext = "payment",
): string {
  return mpesaResultMessage({ resultCode }, "en", context);
}
