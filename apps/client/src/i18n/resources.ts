import enAccount from "../locales/en/account.json";
import enActivity from "../locales/en/activity.json";
import enAdmin from "../locales/en/admin.json";
import enApiKeys from "../locales/en/apiKeys.json";
import enAssistant from "../locales/en/assistant.json";
import enAuth from "../locales/en/auth.json";
import enBudgets from "../locales/en/budgets.json";
import enBusiness from "../locales/en/business.json";
import enCashFlow from "../locales/en/cashFlow.json";
import enCategories from "../locales/en/categories.json";
import enCommon from "../locales/en/common.json";
import enCredit from "../locales/en/credit.json";
import enCustomers from "../locales/en/customers.json";
import enDashboard from "../locales/en/dashboard.json";
import enDataRights from "../locales/en/dataRights.json";
import enHome from "../locales/en/home.json";
import enInvoices from "../locales/en/invoices.json";
import enKra from "../locales/en/kra.json";
import enLending from "../locales/en/lending.json";
import enLoanMoney from "../locales/en/loanMoney.json";
import enMpesa from "../locales/en/mpesa.json";
import enOffline from "../locales/en/offline.json";
import enPublicInvoice from "../locales/en/publicInvoice.json";
import enRates from "../locales/en/rates.json";
import enReports from "../locales/en/reports.json";
import enShell from "../locales/en/shell.json";
import enTeam from "../locales/en/team.json";
import enTransactions from "../locales/en/transactions.json";
import enWebhooks from "../locales/en/webhooks.json";
import swAccount from "../locales/sw/account.json";
import swActivity from "../locales/sw/activity.json";
import swAdmin from "../locales/sw/admin.json";
import swApiKeys from "../locales/sw/apiKeys.json";
import swAssistant from "../locales/sw/assistant.json";
import swAuth from "../locales/sw/auth.json";
import swBudgets from "../locales/sw/budgets.json";
import swBusiness from "../locales/sw/business.json";
import swCashFlow from "../locales/sw/cashFlow.json";
import swCategories from "../locales/sw/categories.json";
import swCommon from "../locales/sw/common.json";
import swCredit from "../locales/sw/credit.json";
import swCustomers from "../locales/sw/customers.json";
import swDashboard from "../locales/sw/dashboard.json";
import swDataRights from "../locales/sw/dataRights.json";
import swHome from "../locales/sw/home.json";
import swInvoices from "../locales/sw/invoices.json";
import swKra from "../locales/sw/kra.json";
import swLending from "../locales/sw/lending.json";
import swLoanMoney from "../locales/sw/loanMoney.json";
import swMpesa from "../locales/sw/mpesa.json";
import swOffline from "../locales/sw/offline.json";
import swPublicInvoice from "../locales/sw/publicInvoice.json";
import swRates from "../locales/sw/rates.json";
import swReports from "../locales/sw/reports.json";
import swShell from "../locales/sw/shell.json";
import swTeam from "../locales/sw/team.json";
import swTransactions from "../locales/sw/transactions.json";
import swWebhooks from "../locales/sw/webhooks.json";

/**
 * The message catalogues, one namespace per feature (locales/<language>/<namespace>.json), all of them at once:
 * for the types and the tests only. The app loads them lazily, one language and namespace at a time
 * (catalogue-loader.ts); `catalogues.test.ts` fails if this file is imported by app code. English is the
 * reference: its shape types every `t(...)` call (i18next.d.ts), and `catalogues.test.ts` fails when Kiswahili
 * lacks a key English has, has one English lacks, or a key is used nowhere.
 */
const en = {
  account: enAccount,
  team: enTeam,
  business: enBusiness,
  dataRights: enDataRights,
  auth: enAuth,
  common: enCommon,
  shell: enShell,
  publicInvoice: enPublicInvoice,
  customers: enCustomers,
  budgets: enBudgets,
  transactions: enTransactions,
  invoices: enInvoices,
  dashboard: enDashboard,
  home: enHome,
  mpesa: enMpesa,
  apiKeys: enApiKeys,
  lending: enLending,
  loanMoney: enLoanMoney,
  reports: enReports,
  kra: enKra,
  rates: enRates,
  categories: enCategories,
  assistant: enAssistant,
  activity: enActivity,
  admin: enAdmin,
  webhooks: enWebhooks,
  cashFlow: enCashFlow,
  credit: enCredit,
  offline: enOffline,
};

// Typed as English's shape, so a namespace missing from Kiswahili does not compile.
const sw: Record<keyof typeof en, Record<string, unknown>> = {
  account: swAccount,
  team: swTeam,
  business: swBusiness,
  dataRights: swDataRights,
  auth: swAuth,
  common: swCommon,
  shell: swShell,
  publicInvoice: swPublicInvoice,
  customers: swCustomers,
  budgets: swBudgets,
  transactions: swTransactions,
  invoices: swInvoices,
  dashboard: swDashboard,
  home: swHome,
  mpesa: swMpesa,
  apiKeys: swApiKeys,
  lending: swLending,
  loanMoney: swLoanMoney,
  reports: swReports,
  kra: swKra,
  rates: swRates,
  categories: swCategories,
  assistant: swAssistant,
  activity: swActivity,
  admin: swAdmin,
  webhooks: swWebhooks,
  cashFlow: swCashFlow,
  credit: swCredit,
  offline: swOffline,
};

export const RESOURCES = { en, sw } as const;
export type Namespace = keyof typeof en;
export const NAMESPACES = Object.keys(en) as Namespace[];
export type EnglishResources = typeof en;
