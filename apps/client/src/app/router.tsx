import { createBrowserRouter, type RouteObject } from "react-router";
import { RootLayout } from "./root-layout";
import { RouteError } from "./route-error";
import { RequireGuest, RequireSession } from "./route-guards";

/** Each page is its own chunk, loaded when first visited. */
const page = (load: () => Promise<{ default: React.ComponentType }>): Pick<RouteObject, "lazy"> => ({
  lazy: async () => ({ Component: (await load()).default }),
});

export const routes: RouteObject[] = [
  {
    element: <RootLayout />,
    errorElement: <RouteError />,
    children: [
      {
        element: <RequireGuest />,
        children: [
          { path: "sign-in", ...page(() => import("../features/auth/sign-in-page")) },
          { path: "sign-up", ...page(() => import("../features/auth/sign-up-page")) },
          { path: "forgot-password", ...page(() => import("../features/auth/forgot-password-page")) },
        ],
      },
      { path: "reset-password/:token", ...page(() => import("../features/auth/reset-password-page")) },
      // The link in the verification email: public, signed in or not, on any device.
      {
        path: "verify-email/:token",
        ...page(() => import("../features/verify-email/verify-email-link-page")),
      },
      { path: "invite/:token", ...page(() => import("../features/invitations/accept-invitation-page")) },
      // The customer's invoice link: public, signed in or not.
      { path: "i/:token", ...page(() => import("../features/public-invoice/public-invoice-page")) },
      // A lender's check of a credit report's code: public, signed in or not.
      { path: "verify/:code", ...page(() => import("../features/credit/verify-report-page")) },
      {
        element: <RequireSession />,
        children: [
          { index: true, ...page(() => import("../features/shell/root-redirect")) },
          { path: "onboarding", ...page(() => import("../features/onboarding/create-business-page")) },
          {
            ...page(() => import("../features/shell/app-shell")),
            children: [
              { path: "account/profile", ...page(() => import("../features/account/profile-page")) },
              { path: "account/security", ...page(() => import("../features/account/security-page")) },
              { path: "verify-email", ...page(() => import("../features/verify-email/verify-email-page")) },
              { path: "invitations", ...page(() => import("../features/invitations/my-invitations-page")) },
              {
                path: "notifications",
                ...page(() => import("../features/notifications/notifications-page")),
              },
              { path: "admin", ...page(() => import("../features/admin/admin-page")) },
              { path: "lending", ...page(() => import("../features/lending/lending-desk-page")) },
              { path: "lending/:loanId", ...page(() => import("../features/lending/loan-review-page")) },
              {
                path: "b/:businessId",
                ...page(() => import("../features/shell/business-layout")),
                children: [
                  { index: true, ...page(() => import("../features/home/business-home-page")) },
                  { path: "settings/team", ...page(() => import("../features/team/team-page")) },
                  {
                    path: "settings/business",
                    ...page(() => import("../features/business/business-settings-page")),
                  },
                  { path: "activity", ...page(() => import("../features/activity/activity-page")) },
                  { path: "dashboard", ...page(() => import("../features/dashboard/dashboard-page")) },
                  {
                    path: "transactions",
                    ...page(() => import("../features/transactions/transactions-page")),
                  },
                  { path: "customers", ...page(() => import("../features/customers/customers-page")) },
                  {
                    path: "customers/:customerId",
                    ...page(() => import("../features/customers/customer-page")),
                  },
                  { path: "suppliers", ...page(() => import("../features/suppliers/suppliers-page")) },
                  {
                    path: "suppliers/:supplierId",
                    ...page(() => import("../features/suppliers/supplier-page")),
                  },
                  { path: "budgets", ...page(() => import("../features/budgets/budgets-page")) },
                  { path: "cash-flow", ...page(() => import("../features/cash-flow/cash-flow-page")) },
                  { path: "reports", ...page(() => import("../features/reports/reports-page")) },
                  { path: "rates", ...page(() => import("../features/rates/rates-page")) },
                  { path: "credit-score", ...page(() => import("../features/credit/credit-score-page")) },
                  { path: "loans", ...page(() => import("../features/loans/loans-page")) },
                  { path: "loans/:loanId", ...page(() => import("../features/loans/loan-page")) },
                  {
                    path: "settings/categories",
                    ...page(() => import("../features/categories/categories-page")),
                  },
                  { path: "invoices", ...page(() => import("../features/invoices/invoices-page")) },
                  { path: "invoices/new", ...page(() => import("../features/invoices/new-invoice-page")) },
                  {
                    path: "invoices/recurring",
                    ...page(() => import("../features/invoices/recurring-invoices-page")),
                  },
                  {
                    path: "invoices/:invoiceId",
                    ...page(() => import("../features/invoices/invoice-detail-page")),
                  },
                  {
                    path: "invoices/:invoiceId/edit",
                    ...page(() => import("../features/invoices/edit-invoice-page")),
                  },
                  {
                    path: "settings/invoices",
                    ...page(() => import("../features/invoices/invoice-settings-page")),
                  },
                  { path: "mpesa/payments", ...page(() => import("../features/mpesa/payments-page")) },
                  {
                    path: "mpesa/payments/:mpesaPaymentId",
                    ...page(() => import("../features/mpesa/payment-detail-page")),
                  },
                  {
                    path: "mpesa/unreconciled",
                    ...page(() => import("../features/mpesa/unreconciled-page")),
                  },
                  { path: "mpesa/payouts", ...page(() => import("../features/mpesa/payouts-page")) },
                  { path: "settings/mpesa", ...page(() => import("../features/mpesa/mpesa-settings-page")) },
                  { path: "settings/api", ...page(() => import("../features/api-keys/api-keys-page")) },
                  {
                    path: "settings/webhooks",
                    ...page(() => import("../features/webhooks/webhooks-page")),
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

export function createAppRouter() {
  return createBrowserRouter(routes);
}
