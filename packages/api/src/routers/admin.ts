import { signDashboardToken } from "../services/access-tokens";
import { getPlatformOverview } from "../services/operations";
import { createTRPCRouter, superAdminProcedure } from "../trpc";

export const DASHBOARD_COOKIE = "kavi_dashboard";
export const DASHBOARD_PATH = "/admin/queues";

/** Platform operations, for super-admins only (others get NOT_FOUND, as if it did not exist). */
export const adminRouter = createTRPCRouter({
  overview: superAdminProcedure.query(({ ctx }) => getPlatformOverview(ctx.db, ctx.jobs, ctx.now())),
  /** Sets a short-lived cookie that opens the queue dashboard in a new tab. */
  openQueueDashboard: superAdminProcedure.mutation(async ({ ctx }) => {
    const { token, maxAgeSeconds } = await signDashboardToken(ctx.config.auth, ctx.user.id, ctx.now());
    ctx.request.cookies.set(DASHBOARD_COOKIE, token, {
      httpOnly: true,
      secure: ctx.config.auth.cookieSecure,
      sameSite: "strict",
      path: DASHBOARD_PATH,
      maxAgeSeconds,
    });
    return { url: DASHBOARD_PATH };
  }),
});
