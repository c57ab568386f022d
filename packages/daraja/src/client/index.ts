export { DarajaClient, DEFAULT_DARAJA_TIMEOUT_MS, MIN_B2C_AMOUNT } from "./daraja-client";
export * from "./errors";
export { computeSecurityCredential } from "./security-credential";
export { clearDarajaTokenCache, TOKEN_REFRESH_MARGIN_MS } from "./token-cache";
export * from "./types";
export {
  type CallbackUrlRules,
  type DarajaAmountInput,
  FORBIDDEN_CALLBACK_URL_WORDS,
  findCallbackUrlProblem,
  MAX_ACCOUNT_REFERENCE_LENGTH,
  MAX_TRANSACTION_AMOUNT,
  MAX_TRANSACTION_DESC_LENGTH,
} from "./validation";
