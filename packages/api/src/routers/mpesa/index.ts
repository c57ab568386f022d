import { mpesaSettings } from "@kavi/db";
import { eq } from "drizzle-orm";
import { businessProcedure, createTRPCRouter } from "../../trpc";
import { mpesaPaymentsRouter } from "./payments";
import { mpesaPayoutsRouter } from "./payouts";
import { mpesaPublicRouter } from "./public";
import { mpesaRequestsRouter } from "./requests";
import { mpesaSettingsRouter } from "./settings";

export const mpesaRouter = createTRPCRouter({
  /** Whether M-Pesa is usable here (for buttons any member may see); never a secret. */
  status: businessProcedure({ module: null, access: "read" }).query(async ({ ctx }) => {
    const [row] = await ctx.db
      .select({
        accountType: mpesaSettings.accountType,
        shortcode: mpesaSettings.shortcode,
        environment: mpesaSettings.environment,
        initiatorName: mpesaSettings.initiatorName,
        b2cShortcode: mpesaSettings.b2cShortcode,
      })
      .from(mpesaSettings)
      .where(eq(mpesaSettings.businessId, ctx.business.id))
      .limit(1);
    return row
      ? {
          configured: true as const,
          accountType: row.accountType,
          shortcode: row.shortcode,
          environment: row.environment,
          payoutsReady: Boolean(row.initiatorName && row.b2cShortcode),
        }
      : { configured: false as const };
  }),
  settings: mpesaSettingsRouter,
  requests: mpesaRequestsRouter,
  payments: mpesaPaymentsRouter,
  payouts: mpesaPayoutsRouter,
  public: mpesaPublicRouter,
});
