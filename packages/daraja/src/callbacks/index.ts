export { type C2bEvent, type C2bStage, parseC2bConfirmation, parseC2bValidation } from "./c2b";
export { type DarajaCallbackEvent, dedupeKeyOf } from "./dedupe";
export { DarajaCallbackParseError } from "./fields";
export {
  type ClassifiedMsisdn,
  classifyMsisdn,
  hashMsisdn,
  type MsisdnKind,
  msisdnMatchesPhone,
} from "./msisdn";
export * from "./replies";
export {
  type AccountBalanceEntry,
  type AccountBalanceResultEvent,
  type B2cResultEvent,
  parseAccountBalanceResult,
  parseB2cResult,
  parseQueueTimeout,
  parseReversalResult,
  parseTransactionStatusResult,
  type QueueTimeoutEvent,
  type ReversalResultEvent,
  type TransactionStatusResultEvent,
} from "./results";
export { parseStkCallback, type StkCallbackEvent } from "./stk";
