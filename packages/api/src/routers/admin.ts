import { businesses, users } from "@kavi/db";
import { readQueueDepths } from "@kavi/jobs";
import { count, desc, gte } from "drizzle-orm";
import { signDashboardToken } from "../services/access-tokens";
import { createTRPCRouter, superAdminProcedure } from "../trpc";

export const DASHBOARD_COOKIE = "kavi_dashboard";
export const DASHBOARD_PATH = "/admin/queues";

/** Platform operations, for super-admins only (others get NOT_FOUND, as if it did not exist). */
export const adminRouter = createTRPCRouter({
  overview: superAdminProcedure.query(async ({ ctx }) => {
    const weekAgo = new Date(ctx.now().getTime() - 7 * 86_400_000);
    const [[userCount], [businessCount], [newUsers], recentUsers, queues] = await Promise.all([
      ctx.db.select({ value: count() }).from(users),
      ctx.db.select({ value: count() }).from(businesses),
      ctx.db.select({ value: count() }).from(users).where(gte(users.createdAt, weekAgo)),
      ctx.db
        .select({ id: users.id, fullName: users.fullName, email: users.email, createdAt: users.createdAt })
        .from(users)
        .orderBy(desc(users.createdAt))
        .limit(10),
      readQueueDepths(ctx.jobs).catch(() => []),
    ]);
    return {
      users: userCount?.value ?? 0,
      businesses: businessCount?.value ?? 0,
      usersThisWeek: newUsers?.value ?? 0,
      recentUsers,
      queues,
    };
  }),
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
