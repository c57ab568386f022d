export { supplierPunctuality } from "./punctuality";
export {
  bandOf,
  CREDIT_FACTORS,
  CREDIT_MODEL_VERSION,
  computeCreditScore,
  creditFactorValues,
  MAX_SCORE,
  MIN_ACTIVE_MONTHS,
  MIN_SCORE,
  scoreFromValues,
  subscoreOf,
} from "./score";
export * from "./types";
