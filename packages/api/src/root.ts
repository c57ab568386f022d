import { activityRouter } from "./routers/activity";
import { adminRouter } from "./routers/admin";
import { authRouter } from "./routers/auth";
import { businessRouter } from "./routers/business";
import { invitationsRouter } from "./routers/invitations";
import { invoicesRouter } from "./routers/invoices";
import { notificationsRouter } from "./routers/notifications";
import { profileRouter } from "./routers/profile";
import { publicInvoicesRouter } from "./routers/public-invoices";
import { teamRouter } from "./routers/team";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  profile: profileRouter,
  business: businessRouter,
  team: teamRouter,
  invitations: invitationsRouter,
  activity: activityRouter,
  notifications: notificationsRouter,
  admin: adminRouter,
  invoices: invoicesRouter,
  publicInvoices: publicInvoicesRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
