export * from "./credit";
export { gatherCreditInputs } from "./inputs";
export { renderCreditReportPdf } from "./pdf";
