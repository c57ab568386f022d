import { type DbOrTx, userProfiles, users } from "@kavi/db";
import {
  DEFAULT_NOTIFICATION_PREFERENCES,
  type TNotificationPreferences,
  ZNotificationPreferencesSchema,
  type ZUpdateProfileSchema,
} from "@kavi/domain";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { AppError } from "../errors";
import { diffChanges, recordActivity } from "./activity";
import { definedFields } from "./patch";
import type { ServiceContext } from "./service-context";
import { inTransaction } from "./unit-of-work";

const PROFILE_FIELDS = [
  "phone",
  "bio",
  "avatarUrl",
  "dateOfBirth",
  "jobTitle",
  "company",
  "country",
  "city",
  "timezone",
  "language",
  "currency",
  "notificationPreferences",
  "riskTolerance",
] as const;

export async function getProfile(db: DbOrTx, userId: string) {
  const [row] = await db
    .select({ user: users, profile: userProfiles })
    .from(users)
    .leftJoin(userProfiles, eq(userProfiles.userId, users.id))
    .where(eq(users.id, userId))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "Account not found");
  const { user, profile } = row;
  const preferences = ZNotificationPreferencesSchema.safeParse(profile?.notificationPreferences);
  return {
    id: user.id,
    email: user.email,
    fullName: user.fullName,
    isSuperAdmin: user.isSuperAdmin,
    emailVerified: user.emailVerifiedAt !== null,
    lastBusinessId: user.lastBusinessId,
    createdAt: user.createdAt,
    phone: profile?.phone ?? null,
    bio: profile?.bio ?? null,
    avatarUrl: profile?.avatarUrl ?? null,
    dateOfBirth: profile?.dateOfBirth ?? null,
    jobTitle: profile?.jobTitle ?? null,
    company: profile?.company ?? null,
    country: profile?.country ?? null,
    city: profile?.city ?? null,
    timezone: profile?.timezone ?? "Africa/Nairobi",
    language: (profile?.language ?? "en") as "en" | "sw",
    currency: profile?.currency ?? "KES",
    riskTolerance: profile?.riskTolerance ?? null,
    notificationPreferences: (preferences.success
      ? preferences.data
      : DEFAULT_NOTIFICATION_PREFERENCES) satisfies TNotificationPreferences,
  };
}

export async function updateProfile(
  ctx: ServiceContext,
  userId: string,
  input: z.output<typeof ZUpdateProfileSchema>,
) {
  await inTransaction(ctx, async (tx, afterCommit) => {
    const before = await getProfile(tx, userId);
    const { fullName, ...profileFields } = input;
    const defined = definedFields(profileFields);
    if (fullName !== undefined && fullName !== before.fullName) {
      await tx.update(users).set({ fullName }).where(eq(users.id, userId));
      afterCommit.forgetCallers({ userId });
    }
    if (Object.keys(defined).length > 0) {
      await tx
        .insert(userProfiles)
        .values({ userId, notificationPreferences: DEFAULT_NOTIFICATION_PREFERENCES, ...defined })
        .onConflictDoUpdate({ target: userProfiles.userId, set: defined });
    }
    const changes = diffChanges<Record<string, unknown>>(
      before,
      { ...defined, ...(fullName === undefined ? {} : { fullName }) },
      ["fullName", ...PROFILE_FIELDS],
    );
    if (changes) {
      await recordActivity(tx, ctx.actor, {
        action: "account.profile_updated",
        entityType: "user",
        entityId: userId,
        businessId: null,
        changes,
      });
    }
  });
  return getProfile(ctx.db, userId);
}
