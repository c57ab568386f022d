export * from "./forecast";
export { gatherForecastInputs } from "./inputs";
