import { activityRouter } from "./routers/activity";
import { adminRouter } from "./routers/admin";
import { apiKeysRouter } from "./routers/api-keys";
import { assistantRouter } from "./routers/assistant";
import { authRouter } from "./routers/auth";
import { budgetsRouter } from "./routers/budgets";
import { businessRouter } from "./routers/business";
import { cashFlowRouter } from "./routers/cash-flow";
import { categoriesRouter } from "./routers/categories";
import { categorisationRouter } from "./routers/categorisation";
import { creditRouter, publicCreditReportsRouter } from "./routers/credit";
import { customersRouter } from "./routers/customers";
import { dashboardRouter } from "./routers/dashboard";
import { dataRightsRouter } from "./routers/data-rights";
import { forecastRouter } from "./routers/forecast";
import { invitationsRouter } from "./routers/invitations";
import { invoicesRouter } from "./routers/invoices";
import { lendingRouter } from "./routers/lending/desk";
import { loansRouter } from "./routers/lending/loans";
import { mpesaRouter } from "./routers/mpesa";
import { notificationsRouter } from "./routers/notifications";
import { profileRouter } from "./routers/profile";
import { publicInvoicesRouter } from "./routers/public-invoices";
import { ratesRouter } from "./routers/rates";
import { receiptsRouter } from "./routers/receipts";
import { reportsRouter } from "./routers/reports";
import { suppliersRouter } from "./routers/suppliers";
import { teamRouter } from "./routers/team";
import { transactionsRouter } from "./routers/transactions";
import { webhooksRouter } from "./routers/webhooks";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  profile: profileRouter,
  business: businessRouter,
  team: teamRouter,
  invitations: invitationsRouter,
  activity: activityRouter,
  apiKeys: apiKeysRouter,
  notifications: notificationsRouter,
  mpesa: mpesaRouter,
  admin: adminRouter,
  invoices: invoicesRouter,
  publicInvoices: publicInvoicesRouter,
  categories: categoriesRouter,
  categorisation: categorisationRouter,
  customers: customersRouter,
  suppliers: suppliersRouter,
  transactions: transactionsRouter,
  receipts: receiptsRouter,
  budgets: budgetsRouter,
  cashFlow: cashFlowRouter,
  reports: reportsRouter,
  forecast: forecastRouter,
  rates: ratesRouter,
  credit: creditRouter,
  loans: loansRouter,
  lending: lendingRouter,
  publicCreditReports: publicCreditReportsRouter,
  dashboard: dashboardRouter,
  dataRights: dataRightsRouter,
  assistant: assistantRouter,
  webhooks: webhooksRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
