export { dateOfIndex, dayIndex, monthPartOf, weekdayOf } from "./calendar";
export { evaluateForecast, type HorizonScore } from "./evaluate";
export { buildForecast, customerHabits, FORECAST_MODEL_VERSION, type ForecastResult } from "./forecast";
export { backtestBand, denseHistory, type ErrorBand, projectFromHistory } from "./history-model";
export { type DailyPattern, fitDailyPattern, predictDaily } from "./pattern";
export { detectRecurringExpenses, projectRecurringDays } from "./recurring";
export { type ForecastSummary, shortDay, summariseForecast } from "./summary";
export {
  SYNTHETIC_BUSINESS_NAMES,
  type SyntheticBusiness,
  seededRandom,
  syntheticBusiness,
} from "./synthetic";
export * from "./types";
