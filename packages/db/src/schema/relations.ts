import { relations } from "drizzle-orm";
import { sessions, userProfiles, users } from "./accounts";
import { activityLog } from "./activity";
import { businesses, invitations, memberships, moduleAssignments } from "./businesses";

export const usersRelations = relations(users, ({ one, many }) => ({
  profile: one(userProfiles, { fields: [users.id], references: [userProfiles.userId] }),
  memberships: many(memberships),
  sessions: many(sessions),
}));

export const businessesRelations = relations(businesses, ({ many }) => ({
  memberships: many(memberships),
  invitations: many(invitations),
}));

export const membershipsRelations = relations(memberships, ({ one, many }) => ({
  business: one(businesses, { fields: [memberships.businessId], references: [businesses.id] }),
  user: one(users, { fields: [memberships.userId], references: [users.id] }),
  modules: many(moduleAssignments),
}));

export const moduleAssignmentsRelations = relations(moduleAssignments, ({ one }) => ({
  membership: one(memberships, { fields: [moduleAssignments.membershipId], references: [memberships.id] }),
}));

export const activityLogRelations = relations(activityLog, ({ one }) => ({
  actor: one(users, { fields: [activityLog.actorUserId], references: [users.id] }),
}));
