import type { DarajaAmountInput } from "./validation";

export type DarajaEnvironment = "sandbox" | "production";

export const DARAJA_BASE_URLS: Readonly<Record<DarajaEnvironment, string>> = {
  sandbox: "https://sandbox.safaricom.co.ke",
  production: "https://api.safaricom.co.ke",
};

export type DarajaLogFields = Readonly<Record<string, string | number | boolean | undefined>>;

/** Secrets (passwords, tokens, credentials) are never passed to the logger. */
export interface DarajaLogger {
  debug(message: string, fields?: DarajaLogFields): void;
  warn(message: string, fields?: DarajaLogFields): void;
}

/** The B2C/status/balance/reversal initiator: a precomputed SecurityCredential, or what to compute it from. */
export type DarajaInitiator =
  | { name: string; securityCredential: string }
  | { name: string; password: string; certificatePem: string };

export interface DarajaClientOptions {
  consumerKey: string;
  consumerSecret: string;
  environment: DarajaEnvironment;
  /** Overrides the environment's host, e.g. the local simulator. Also allows http and localhost callback URLs. */
  baseUrl?: string;
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
  /** Clock for timestamps and token expiry. */
  now?: () => Date;
  logger?: DarajaLogger;
  initiator?: DarajaInitiator;
}

/** Per-call options shared by every request. */
export interface DarajaCallOptions {
  timeoutMs?: number;
}

export type StkTransactionType = "CustomerPayBillOnline" | "CustomerBuyGoodsOnline";

export type StkPushOptions = DarajaCallOptions &
  DarajaAmountInput & {
    /** Paybill number, or the store number of a Till. */
    businessShortCode: string | number;
    passkey: string;
    /** Default CustomerPayBillOnline. */
    transactionType?: StkTransactionType;
    /** The Till number for CustomerBuyGoodsOnline; defaults to the business shortcode. */
    partyB?: string | number;
    /** 07…, 01…, +254…, 254…: normalised to 2547XXXXXXXX. */
    phoneNumber: string;
    callbackUrl: string;
    /** At most 12 characters; shown to the customer for Paybill. */
    accountReference: string;
    /** At most 13 characters. */
    transactionDesc: string;
  };

export interface StkPushAccepted {
  merchantRequestId: string;
  checkoutRequestId: string;
  responseDescription: string;
  customerMessage: string | undefined;
  /** The Nairobi timestamp the password was built with. */
  timestamp: string;
  phoneNumber: string;
  amount: number;
}

export interface StkQueryOptions extends DarajaCallOptions {
  businessShortCode: string | number;
  passkey: string;
  checkoutRequestId: string;
}

export type StkQueryResult =
  | {
      status: "pending";
      checkoutRequestId: string;
      errorCode: string;
      errorMessage: string;
      requestId: string | undefined;
    }
  | {
      status: "completed";
      checkoutRequestId: string;
      merchantRequestId: string;
      resultCode: number;
      resultDesc: string;
      /** ResultCode 0. The query carries no receipt number: only the callback does. */
      success: boolean;
    };

export interface C2bRegisterOptions extends DarajaCallOptions {
  shortCode: string | number;
  /** What M-Pesa does when the validation URL cannot be reached. */
  responseType: "Completed" | "Cancelled";
  confirmationUrl: string;
  validationUrl: string;
  /** Default v1. */
  apiVersion?: "v1" | "v2";
}

export interface C2bRequestAccepted {
  originatorConversationId: string;
  responseCode: string;
  responseDescription: string;
}

export type C2bSimulateOptions = DarajaCallOptions &
  DarajaAmountInput & {
    shortCode: string | number;
    commandId: "CustomerPayBillOnline" | "CustomerBuyGoodsOnline";
    phoneNumber: string;
    /** The account number the customer types (Paybill); empty for Buy Goods. */
    billRefNumber?: string;
    apiVersion?: "v1" | "v2";
  };

export type B2cCommandId = "BusinessPayment" | "SalaryPayment" | "PromotionPayment";

export type B2cOptions = DarajaCallOptions &
  DarajaAmountInput & {
    /** Your idempotency reference for this payout; generated when absent. */
    originatorConversationId?: string;
    commandId: B2cCommandId;
    /** The B2C shortcode paying out. */
    partyA: string | number;
    /** The receiving phone. */
    phoneNumber: string;
    /** 2 to 100 characters. */
    remarks: string;
    occasion?: string;
    resultUrl: string;
    queueTimeOutUrl: string;
  };

export interface AsyncRequestAccepted {
  conversationId: string;
  originatorConversationId: string;
  responseCode: string;
  responseDescription: string;
}

export type IdentifierType = "msisdn" | "till" | "shortcode";

export type TransactionStatusOptions = DarajaCallOptions & {
  partyA: string | number;
  /** Default shortcode. */
  identifierType?: IdentifierType;
  remarks: string;
  occasion?: string;
  resultUrl: string;
  queueTimeOutUrl: string;
} & (
    | { transactionId: string; originalConversationId?: never }
    | { originalConversationId: string; transactionId?: never }
  );

export interface AccountBalanceOptions extends DarajaCallOptions {
  partyA: string | number;
  identifierType?: IdentifierType;
  remarks: string;
  resultUrl: string;
  queueTimeOutUrl: string;
}

export type ReversalOptions = DarajaCallOptions &
  DarajaAmountInput & {
    transactionId: string;
    /** The shortcode that received the payment being reversed. */
    receiverParty: string | number;
    remarks: string;
    occasion?: string;
    resultUrl: string;
    queueTimeOutUrl: string;
  };
