import { getMpesaStatus } from "../../services/mpesa/settings";
import { businessProcedure, createTRPCRouter } from "../../trpc";
import { mpesaBalanceRouter } from "./balance";
import { mpesaPaymentsRouter } from "./payments";
import { mpesaPayoutsRouter } from "./payouts";
import { mpesaPublicRouter } from "./public";
import { mpesaRequestsRouter } from "./requests";
import { mpesaReversalsRouter } from "./reversals";
import { mpesaSettingsRouter } from "./settings";

export const mpesaRouter = createTRPCRouter({
  /** Whether M-Pesa is usable here (for buttons any member may see); never a secret. */
  status: businessProcedure("business.read").query(({ ctx }) => getMpesaStatus(ctx.db, ctx.business.id)),
  settings: mpesaSettingsRouter,
  balance: mpesaBalanceRouter,
  requests: mpesaRequestsRouter,
  payments: mpesaPaymentsRouter,
  payouts: mpesaPayoutsRouter,
  reversals: mpesaReversalsRouter,
  public: mpesaPublicRouter,
});
