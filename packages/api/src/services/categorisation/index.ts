export { getAiUsage, recordAiUsage, reserveAiRequest } from "./ai-usage";
export { type AiSettings, aiEnvShape, aiSettingsFromEnv } from "./config";
export {
  clearSuggestions,
  listReviewQueue,
  personChoseCategory,
  reviewCategory,
  uncategorisedCondition,
  ZReviewQueueSchema,
} from "./review";
export { createRule, deleteRule, listRules, loadActiveRules, matchRules, updateRule } from "./rules";
export {
  AI_AUTO_APPLY_CONFIDENCE,
  AI_BATCH_SIZE,
  type CategorisationSummary,
  runCategorisation,
} from "./run";
export { getRun, presentRun, startCategoriseAll } from "./runs";
export { scheduleCategorisation } from "./schedule";
