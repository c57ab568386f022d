/** Domain services for the worker and scripts (routers import them directly). */

export {
  createSmsClient,
  type SmsClient,
  type SmsSettings,
  smsClientFromEnv,
  smsSettingsFromEnv,
  ZSmsDeliveryReportSchema,
} from "@kavi/sms";
export {
  createSpeechClient,
  type SpeechClient,
  type SpeechSettings,
  speechEnvShape,
  speechSettingsFromEnv,
} from "@kavi/speech";
export * from "./activity";
export { analyticsSummary } from "./analytics";
export { API_KEY_REQUEST_RETENTION_DAYS, ApiKeyRequestLog } from "./api-key-requests";
export { FALLBACK_REASONS, type FallbackReason } from "./assistant/gemini/brain";
export {
  type AssistantGeminiSettings,
  assistantAiEnvShape,
  assistantGeminiFromEnv,
} from "./assistant/gemini/config";
export { purgeUnusedSpeech, synthesizeSpeech } from "./assistant/speech";
export * from "./budgets/alerts";
export * from "./budgets/schedule";
export { CallerCache } from "./caller-cache";
export { ensureDefaultCategories, findCategoryBySystemKey } from "./categories";
export * from "./categorisation";
export * from "./credit";
export * from "./data-rights/config";
export * from "./data-rights/deletion";
export * from "./data-rights/exports";
export * from "./digests";
export * from "./email-outbox";
export * from "./email-quota";
export * from "./exchange-rates";
export * from "./files/config";
export * from "./files/files";
export { businessLogoUrl, readBusinessLogo } from "./files/logo";
export { readReceiptScan } from "./files/receipts";
export * from "./forecast";
export * from "./invoices";
export * from "./lending/arrears";
export * from "./lending/lender-config";
export * from "./lending/transfers";
export { purgeExpiredAuthData } from "./maintenance";
export * from "./mpesa";
export * from "./notifications";
export { checkReadiness, isPlatformOperator, type ReadinessCheck } from "./operations";
export * from "./service-context";
export * from "./sms";
export { type LedgerBusiness, listTransactions } from "./transactions/queries";
export {
  type RecordTransactionInput,
  type RecordTransactionResult,
  recordTransaction,
  type TTransactionRow,
} from "./transactions/record";
export * from "./unit-of-work";
export * from "./webhooks";
