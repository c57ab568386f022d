/** The bodies Daraja expects back from C2B endpoints (other callbacks ignore the reply body, not its status). */

export const C2B_REJECTION_CODES = {
  invalidMsisdn: "C2B00011",
  invalidAccountNumber: "C2B00012",
  invalidAmount: "C2B00013",
  invalidKycDetails: "C2B00014",
  invalidShortcode: "C2B00015",
  otherError: "C2B00016",
} as const;

export type C2bRejectionReason = keyof typeof C2B_REJECTION_CODES;

export interface C2bValidationReply {
  ResultCode: string;
  ResultDesc: string;
}

export function buildC2bValidationAcceptance(): C2bValidationReply {
  return { ResultCode: "0", ResultDesc: "Accepted" };
}

export function buildC2bValidationRejection(reason: C2bRejectionReason): C2bValidationReply {
  return { ResultCode: C2B_REJECTION_CODES[reason], ResultDesc: "Rejected" };
}

export interface CallbackAcknowledgement {
  ResultCode: 0;
  ResultDesc: string;
}

export function buildC2bConfirmationReply(): CallbackAcknowledgement {
  return { ResultCode: 0, ResultDesc: "Success" };
}

/** For STK, B2C, status and timeout callbacks: Daraja only needs a 2xx, this body is conventional. */
export function buildCallbackAcknowledgement(): CallbackAcknowledgement {
  return { ResultCode: 0, ResultDesc: "Accepted" };
}
