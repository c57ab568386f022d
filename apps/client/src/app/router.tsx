import { createBrowserRouter, type RouteObject } from "react-router";
import type { EnglishResources } from "../i18n/resources";
import { RootLayout } from "./root-layout";
import { RouteError } from "./route-error";
import { RequireGuest, RequireSession } from "./route-guards";

type Namespace = keyof EnglishResources;

/**
 * The routes, each page its own chunk loaded when first visited, together with (not after) the catalogues it
 * reads in the reader's language. A namespace left off a list still loads when a screen asks for it (the screen
 * suspends for that moment), so the lists only save a round trip.
 */
function appRoutes(loadNamespaces: (namespaces: Namespace[]) => Promise<unknown>): RouteObject[] {
  const page = (
    load: () => Promise<{ default: React.ComponentType }>,
    namespaces: Namespace[] = [],
  ): Pick<RouteObject, "lazy"> => ({
    lazy: async () => {
      const [module] = await Promise.all([load(), loadNamespaces(namespaces)]);
      return { Component: module.default };
    },
  });
  return [
    {
      element: <RootLayout />,
      errorElement: <RouteError />,
      children: [
        {
          element: <RequireGuest />,
          children: [
            { path: "sign-in", ...page(() => import("../features/auth/sign-in-page"), ["auth"]) },
            { path: "sign-up", ...page(() => import("../features/auth/sign-up-page"), ["auth"]) },
            {
              path: "forgot-password",
              ...page(() => import("../features/auth/forgot-password-page"), ["auth"]),
            },
          ],
        },
        {
          path: "reset-password/:token",
          ...page(() => import("../features/auth/reset-password-page"), ["auth"]),
        },
        // The link in the verification email: public, signed in or not, on any device.
        {
          path: "verify-email/:token",
          ...page(() => import("../features/verify-email/verify-email-link-page"), ["auth", "shell"]),
        },
        {
          path: "invite/:token",
          ...page(() => import("../features/invitations/accept-invitation-page"), ["team", "shell"]),
        },
        // The customer's invoice link: public, signed in or not.
        {
          path: "i/:token",
          ...page(() => import("../features/public-invoice/public-invoice-page"), ["publicInvoice"]),
        },
        // A lender's check of a credit report's code: public, signed in or not.
        { path: "verify/:code", ...page(() => import("../features/credit/verify-report-page"), ["credit"]) },
        {
          element: <RequireSession />,
          children: [
            { index: true, ...page(() => import("../features/shell/root-redirect")) },
            {
              path: "onboarding",
              ...page(() => import("../features/onboarding/create-business-page"), ["business"]),
            },
            {
              ...page(() => import("../features/shell/app-shell"), ["shell", "offline"]),
              children: [
                {
                  path: "account/profile",
                  ...page(() => import("../features/account/profile-page"), ["account"]),
                },
                {
                  path: "account/security",
                  ...page(() => import("../features/account/security-page"), ["account", "dataRights"]),
                },
                {
                  path: "verify-email",
                  ...page(() => import("../features/verify-email/verify-email-page"), ["auth", "shell"]),
                },
                {
                  path: "invitations",
                  ...page(() => import("../features/invitations/my-invitations-page"), ["team", "shell"]),
                },
                {
                  path: "notifications",
                  ...page(() => import("../features/notifications/notifications-page"), ["shell", "account"]),
                },
                { path: "admin", ...page(() => import("../features/admin/admin-page"), ["admin"]) },
                {
                  path: "lending",
                  ...page(() => import("../features/lending/lending-desk-page"), ["lending", "loanMoney"]),
                },
                {
                  path: "lending/:loanId",
                  ...page(() => import("../features/lending/loan-review-page"), ["lending", "loanMoney"]),
                },
                {
                  path: "b/:businessId",
                  ...page(() => import("../features/shell/business-layout"), ["shell"]),
                  children: [
                    {
                      index: true,
                      ...page(
                        () => import("../features/home/business-home-page"),
                        ["home", "transactions", "budgets", "cashFlow", "assistant"],
                      ),
                    },
                    { path: "settings/team", ...page(() => import("../features/team/team-page"), ["team"]) },
                    {
                      path: "settings/business",
                      ...page(
                        () => import("../features/business/business-settings-page"),
                        ["business", "dataRights"],
                      ),
                    },
                    {
                      path: "activity",
                      ...page(() => import("../features/activity/activity-page"), ["activity"]),
                    },
                    {
                      path: "dashboard",
                      ...page(
                        () => import("../features/dashboard/dashboard-page"),
                        ["dashboard", "transactions", "budgets", "cashFlow"],
                      ),
                    },
                    {
                      path: "transactions",
                      ...page(
                        () => import("../features/transactions/transactions-page"),
                        ["transactions", "offline"],
                      ),
                    },
                    {
                      path: "customers",
                      ...page(() => import("../features/customers/customers-page"), ["customers"]),
                    },
                    {
                      path: "customers/:customerId",
                      ...page(() => import("../features/customers/customer-page"), ["customers"]),
                    },
                    {
                      path: "suppliers",
                      ...page(() => import("../features/suppliers/suppliers-page"), ["customers"]),
                    },
                    {
                      path: "suppliers/:supplierId",
                      ...page(() => import("../features/suppliers/supplier-page"), ["customers"]),
                    },
                    {
                      path: "budgets",
                      ...page(() => import("../features/budgets/budgets-page"), ["budgets"]),
                    },
                    {
                      path: "cash-flow",
                      ...page(() => import("../features/cash-flow/cash-flow-page"), ["cashFlow"]),
                    },
                    {
                      path: "reports",
                      ...page(() => import("../features/reports/reports-page"), ["reports"]),
                    },
                    { path: "rates", ...page(() => import("../features/rates/rates-page"), ["rates"]) },
                    {
                      path: "credit-score",
                      ...page(() => import("../features/credit/credit-score-page"), ["credit"]),
                    },
                    {
                      path: "loans",
                      ...page(() => import("../features/loans/loans-page"), ["lending", "loanMoney"]),
                    },
                    {
                      path: "loans/:loanId",
                      ...page(() => import("../features/loans/loan-page"), ["lending", "loanMoney"]),
                    },
                    {
                      path: "settings/categories",
                      ...page(
                        () => import("../features/categories/categories-page"),
                        ["categories", "transactions"],
                      ),
                    },
                    {
                      path: "invoices",
                      ...page(
                        () => import("../features/invoices/invoices-page"),
                        ["invoices", "customers", "kra", "transactions"],
                      ),
                    },
                    {
                      path: "invoices/new",
                      ...page(
                        () => import("../features/invoices/new-invoice-page"),
                        ["invoices", "customers", "kra", "transactions"],
                      ),
                    },
                    {
                      path: "invoices/recurring",
                      ...page(
                        () => import("../features/invoices/recurring-invoices-page"),
                        ["invoices", "customers", "kra", "transactions"],
                      ),
                    },
                    {
                      path: "invoices/:invoiceId",
                      ...page(
                        () => import("../features/invoices/invoice-detail-page"),
                        ["invoices", "customers", "kra", "transactions"],
                      ),
                    },
                    {
                      path: "invoices/:invoiceId/edit",
                      ...page(
                        () => import("../features/invoices/edit-invoice-page"),
                        ["invoices", "customers", "kra", "transactions"],
                      ),
                    },
                    {
                      path: "settings/invoices",
                      ...page(
                        () => import("../features/invoices/invoice-settings-page"),
                        ["invoices", "customers", "kra", "transactions"],
                      ),
                    },
                    {
                      path: "mpesa/payments",
                      ...page(() => import("../features/mpesa/payments-page"), ["mpesa"]),
                    },
                    {
                      path: "mpesa/payments/:mpesaPaymentId",
                      ...page(() => import("../features/mpesa/payment-detail-page"), ["mpesa"]),
                    },
                    {
                      path: "mpesa/unreconciled",
                      ...page(() => import("../features/mpesa/unreconciled-page"), ["mpesa"]),
                    },
                    {
                      path: "mpesa/payouts",
                      ...page(() => import("../features/mpesa/payouts-page"), ["mpesa"]),
                    },
                    {
                      path: "settings/mpesa",
                      ...page(() => import("../features/mpesa/mpesa-settings-page"), ["mpesa"]),
                    },
                    {
                      path: "settings/api",
                      ...page(() => import("../features/api-keys/api-keys-page"), ["apiKeys"]),
                    },
                    {
                      path: "settings/webhooks",
                      ...page(() => import("../features/webhooks/webhooks-page"), ["webhooks"]),
                    },
                    { path: "*", ...page(() => import("../features/errors/not-found-page")) },
                  ],
                },
                { path: "*", ...page(() => import("../features/errors/not-found-page")) },
              ],
            },
          ],
        },
      ],
    },
  ];
}

export function createAppRouter(loadNamespaces: (namespaces: Namespace[]) => Promise<unknown>) {
  return createBrowserRouter(appRoutes(loadNamespaces));
}
