import { businesses, type DbOrTx, invitations, memberships, moduleAssignments, users } from "@kavi/db";
import {
  assignableRoles,
  MODULE_LABELS,
  type Module,
  ROLE_LABELS,
  type Role,
  type ZInviteMemberSchema,
  type ZUpdateMemberSchema,
} from "@kavi/domain";
import { generateToken, hashToken } from "@kavi/security";
import { and, asc, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import { invitationEmail } from "../email";
import { AppError } from "../errors";
import { type Actor, recordActivity } from "./activity";
import { countOwners } from "./businesses";
import { queueEmail } from "./email-outbox";
import { claimEmailQuota, QUOTA_TEMPLATES } from "./email-quota";
import { rotateCallbackTokenAfterLeaving } from "./mpesa/settings";
import { notify } from "./notifications";
import type { ServiceContext } from "./service-context";
import { type AfterCommit, inTransaction } from "./unit-of-work";
import { formatMomentFor, languageOfUser } from "./user-language";

export const INVITATION_TTL_DAYS = 7;
const RESEND_COOLDOWN_MS = 60_000;
const MAX_SENDS = 6;

export async function listMembers(db: DbOrTx, businessId: string) {
  const rows = await db
    .select({
      membershipId: memberships.id,
      userId: users.id,
      fullName: users.fullName,
      email: users.email,
      role: memberships.role,
      joinedAt: memberships.createdAt,
      lastSignInAt: users.lastSignInAt,
      modules: sql<string[] | null>`(
        select array_agg(${moduleAssignments.module}::text order by ${moduleAssignments.module})
        from ${moduleAssignments} where ${moduleAssignments.membershipId} = ${memberships.id}
      )`,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.businessId, businessId))
    .orderBy(
      sql`array_position(array['owner','admin','staff','viewer']::member_role[], ${memberships.role})`,
      asc(users.fullName),
    );
  return rows.map((row) => ({ ...row, modules: (row.modules ?? []) as Module[] }));
}

async function lockMembership(tx: DbOrTx, businessId: string, membershipId: string) {
  const [membership] = await tx
    .select()
    .from(memberships)
    .where(and(eq(memberships.id, membershipId), eq(memberships.businessId, businessId)))
    .for("update");
  if (!membership) throw new AppError("NOT_FOUND", "Member not found");
  return membership;
}

async function ensureAnotherOwner(tx: DbOrTx, businessId: string, membershipId: string, message: string) {
  await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.businessId, businessId), eq(memberships.role, "owner")))
    .for("update");
  if ((await countOwners(tx, businessId, membershipId)) === 0) {
    throw new AppError("PRECONDITION_FAILED", message, { reason: "LAST_OWNER" });
  }
}

function assertCanManage(actorRole: Role, targetRole: Role, newRole?: Role) {
  if (actorRole !== "owner" && targetRole === "owner") {
    throw new AppError("FORBIDDEN", "Only an owner can change or remove another owner.");
  }
  if (newRole && !assignableRoles(actorRole).includes(newRole)) {
    throw new AppError("FORBIDDEN", `You cannot give the ${ROLE_LABELS[newRole]} role.`, {
      fieldErrors: { role: [`You cannot give the ${ROLE_LABELS[newRole]} role`] },
    });
  }
}

async function replaceModules(
  tx: DbOrTx,
  actor: Actor,
  businessId: string,
  membershipId: string,
  modules: Module[],
) {
  await tx.delete(moduleAssignments).where(eq(moduleAssignments.membershipId, membershipId));
  if (modules.length > 0) {
    await tx
      .insert(moduleAssignments)
      .values(
        modules.map((module) => ({ membershipId, businessId, module, assignedByUserId: actor.userId })),
      );
  }
}

export async function updateMember(
  ctx: ServiceContext,
  actorRole: Role,
  input: z.output<typeof ZUpdateMemberSchema>,
): Promise<void> {
  const businessId = ctx.actor.businessId;
  if (!businessId) throw new AppError("NOT_FOUND", "Business not found");
  await inTransaction(ctx, async (tx, afterCommit) => {
    const target = await lockMembership(tx, businessId, input.membershipId);
    assertCanManage(actorRole, target.role, input.role);
    if (target.role === "owner" && input.role && input.role !== "owner") {
      await ensureAnotherOwner(
        tx,
        businessId,
        target.id,
        "A business needs at least one owner. Make someone else an owner first.",
      );
    }
    const previousModules = (
      await tx
        .select({ module: moduleAssignments.module })
        .from(moduleAssignments)
        .where(eq(moduleAssignments.membershipId, target.id))
    )
      .map((row) => row.module)
      .sort();
    const nextRole = input.role ?? target.role;
    // Modules only mean something for staff; any other role clears them.
    const nextModules = nextRole === "staff" ? (input.modules ?? previousModules).slice().sort() : [];
    const changes: Record<string, { before: unknown; after: unknown }> = {};
    if (nextRole !== target.role) {
      await tx.update(memberships).set({ role: nextRole }).where(eq(memberships.id, target.id));
      changes.role = { before: target.role, after: nextRole };
      if (nextRole !== "owner" && nextRole !== "admin") {
        await rotateCallbackTokenAfterLeaving(tx, afterCommit, ctx, businessId, target.role);
      }
    }
    if (JSON.stringify(nextModules) !== JSON.stringify(previousModules)) {
      await replaceModules(tx, ctx.actor, businessId, target.id, nextModules);
      changes.modules = { before: previousModules, after: nextModules };
    }
    if (Object.keys(changes).length === 0) return;
    afterCommit.forgetCallers({ businessId });
    await recordActivity(tx, ctx.actor, {
      action: "member.updated",
      entityType: "membership",
      entityId: target.id,
      changes,
      metadata: { userId: target.userId },
    });
    if (target.userId !== ctx.actor.userId) {
      await notify(tx, {
        userIds: [target.userId],
        businessId,
        kind: "team.access_changed",
        title: "Your access changed",
        body:
          nextRole === "staff"
            ? `You are now staff with access to ${nextModules.map((module) => MODULE_LABELS[module]).join(", ") || "no modules yet"}.`
            : `You are now ${ROLE_LABELS[nextRole].toLowerCase()}.`,
        link: `/b/${businessId}`,
      });
    }
  });
}

export async function removeMember(
  ctx: ServiceContext,
  actorRole: Role,
  membershipId: string,
): Promise<void> {
  const businessId = ctx.actor.businessId;
  if (!businessId) throw new AppError("NOT_FOUND", "Business not found");
  await inTransaction(ctx, async (tx, afterCommit) => {
    const target = await lockMembership(tx, businessId, membershipId);
    if (target.userId === ctx.actor.userId) {
      throw new AppError("BAD_REQUEST", "To remove yourself, leave the business from its settings.");
    }
    assertCanManage(actorRole, target.role);
    if (target.role === "owner") {
      await ensureAnotherOwner(tx, businessId, target.id, "The last owner cannot be removed.");
    }
    await tx.delete(memberships).where(eq(memberships.id, target.id));
    await tx
      .update(users)
      .set({ lastBusinessId: null })
      .where(and(eq(users.id, target.userId), eq(users.lastBusinessId, businessId)));
    afterCommit.forgetCallers({ businessId });
    await recordActivity(tx, ctx.actor, {
      action: "member.removed",
      entityType: "membership",
      entityId: target.id,
      metadata: { userId: target.userId, role: target.role },
    });
    await rotateCallbackTokenAfterLeaving(tx, afterCommit, ctx, businessId, target.role);
  });
}

// ── Invitations ──────────────────────────────────────────────────────────────

export function invitationUrl(appUrl: string, token: string): string {
  return `${appUrl.replace(/\/$/, "")}/invite/${token}`;
}

async function sendInvitationEmail(
  tx: DbOrTx,
  ctx: ServiceContext,
  afterCommit: AfterCommit,
  invitation: { email: string; role: Role; expiresAt: Date; businessId: string },
  token: string,
) {
  await claimEmailQuota(tx, {
    businessId: invitation.businessId,
    kind: "invitation",
    now: ctx.now(),
    quotas: ctx.config.emailQuotas,
  });
  const [context] = await tx
    .select({
      businessName: sql<string>`coalesce(${businesses.tradingName}, ${businesses.legalName})`,
      inviterName: users.fullName,
    })
    .from(businesses)
    .leftJoin(users, eq(users.id, sql`${ctx.actor.userId}::uuid`))
    .where(eq(businesses.id, invitation.businessId));
  // Someone who already has an account reads it in their own language; a newcomer in the inviter's.
  const [invitee] = await tx
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, invitation.email))
    .limit(1);
  const language = await languageOfUser(tx, invitee?.id ?? ctx.actor.userId);
  await queueEmail(tx, afterCommit, {
    template: QUOTA_TEMPLATES.invitation,
    to: invitation.email,
    businessId: invitation.businessId,
    sensitive: true,
    email: invitationEmail({
      inviterName: context?.inviterName ?? "A colleague",
      businessName: context?.businessName ?? "a business",
      role: invitation.role,
      acceptUrl: invitationUrl(ctx.config.appUrl, token),
      expiresOn: formatMomentFor(invitation.expiresAt, language, { dateStyle: "long" }),
      language,
    }),
  });
}

export async function inviteMember(
  ctx: ServiceContext,
  actorRole: Role,
  input: z.output<typeof ZInviteMemberSchema>,
): Promise<{ invitationId: string }> {
  const businessId = ctx.actor.businessId;
  if (!businessId) throw new AppError("NOT_FOUND", "Business not found");
  assertCanManage(actorRole, input.role, input.role);
  return inTransaction(ctx, async (tx, afterCommit) => {
    const [existingMember] = await tx
      .select({ id: memberships.id })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.businessId, businessId), eq(users.email, input.email)))
      .limit(1);
    if (existingMember) {
      throw new AppError("CONFLICT", "This person is already a member of the business", {
        fieldErrors: { email: ["This person is already a member of the business"] },
      });
    }
    const token = generateToken();
    const expiresAt = new Date(ctx.now().getTime() + INVITATION_TTL_DAYS * 86_400_000);
    const [invitation] = await tx
      .insert(invitations)
      .values({
        businessId,
        email: input.email,
        role: input.role,
        modules: input.role === "staff" ? input.modules : [],
        tokenHash: hashToken(token),
        invitedByUserId: ctx.actor.userId,
        expiresAt,
        lastSentAt: ctx.now(),
      })
      .returning();
    if (!invitation) throw new Error("invitation insert returned nothing");
    await sendInvitationEmail(tx, ctx, afterCommit, invitation, token);
    await recordActivity(tx, ctx.actor, {
      action: "invitation.created",
      entityType: "invitation",
      entityId: invitation.id,
      metadata: { email: input.email, role: input.role, modules: invitation.modules },
    });
    return { invitationId: invitation.id };
  });
}

export async function listInvitations(db: DbOrTx, businessId: string) {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      modules: invitations.modules,
      expiresAt: invitations.expiresAt,
      lastSentAt: invitations.lastSentAt,
      sendCount: invitations.sendCount,
      createdAt: invitations.createdAt,
      invitedBy: users.fullName,
    })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedByUserId))
    .where(
      and(
        eq(invitations.businessId, businessId),
        isNull(invitations.acceptedAt),
        isNull(invitations.declinedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .orderBy(desc(invitations.createdAt));
}

async function lockOpenInvitation(tx: DbOrTx, businessId: string, invitationId: string) {
  const [invitation] = await tx
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.id, invitationId),
        eq(invitations.businessId, businessId),
        isNull(invitations.acceptedAt),
        isNull(invitations.declinedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .for("update");
  if (!invitation) throw new AppError("NOT_FOUND", "Invitation not found");
  return invitation;
}

/** A fresh link (the old one stops working), seven more days, at most once a minute. */
export async function resendInvitation(
  ctx: ServiceContext,
  actorRole: Role,
  invitationId: string,
): Promise<void> {
  const businessId = ctx.actor.businessId;
  if (!businessId) throw new AppError("NOT_FOUND", "Business not found");
  await inTransaction(ctx, async (tx, afterCommit) => {
    const invitation = await lockOpenInvitation(tx, businessId, invitationId);
    assertCanManage(actorRole, invitation.role);
    const now = ctx.now();
    if (now.getTime() - invitation.lastSentAt.getTime() < RESEND_COOLDOWN_MS) {
      throw new AppError(
        "TOO_MANY_REQUESTS",
        "This invitation was just sent. Wait a minute before sending it again.",
        {
          reason: "RATE_LIMITED",
          retryAfterSeconds: 60,
        },
      );
    }
    if (invitation.sendCount >= MAX_SENDS) {
      throw new AppError(
        "PRECONDITION_FAILED",
        "This invitation has been sent too many times. Revoke it and invite again.",
      );
    }
    const token = generateToken();
    const expiresAt = new Date(now.getTime() + INVITATION_TTL_DAYS * 86_400_000);
    await tx
      .update(invitations)
      .set({ tokenHash: hashToken(token), expiresAt, lastSentAt: now, sendCount: invitation.sendCount + 1 })
      .where(eq(invitations.id, invitation.id));
    await sendInvitationEmail(tx, ctx, afterCommit, { ...invitation, expiresAt }, token);
    await recordActivity(tx, ctx.actor, {
      action: "invitation.resent",
      entityType: "invitation",
      entityId: invitation.id,
      metadata: { email: invitation.email },
    });
  });
}

export async function revokeInvitation(
  ctx: ServiceContext,
  actorRole: Role,
  invitationId: string,
): Promise<void> {
  const businessId = ctx.actor.businessId;
  if (!businessId) throw new AppError("NOT_FOUND", "Business not found");
  await inTransaction(ctx, async (tx) => {
    const invitation = await lockOpenInvitation(tx, businessId, invitationId);
    assertCanManage(actorRole, invitation.role);
    await tx.update(invitations).set({ revokedAt: ctx.now() }).where(eq(invitations.id, invitation.id));
    await recordActivity(tx, ctx.actor, {
      action: "invitation.revoked",
      entityType: "invitation",
      entityId: invitation.id,
      metadata: { email: invitation.email },
    });
  });
}

export type InvitationStatus = "pending" | "expired" | "accepted" | "declined" | "revoked";

export type InvitationSelector = { token: string } | { invitationId: string };

async function findInvitation(db: DbOrTx, selector: InvitationSelector, lock: boolean) {
  const query = db
    .select({
      invitation: invitations,
      businessName: sql<string>`coalesce(${businesses.tradingName}, ${businesses.legalName})`,
      inviterName: users.fullName,
    })
    .from(invitations)
    .innerJoin(businesses, eq(businesses.id, invitations.businessId))
    .leftJoin(users, eq(users.id, invitations.invitedByUserId))
    .where(
      "token" in selector
        ? eq(invitations.tokenHash, hashToken(selector.token))
        : eq(invitations.id, selector.invitationId),
    )
    .limit(1);
  const [row] = lock ? await query.for("update", { of: invitations }) : await query;
  return row ?? null;
}

function statusOf(invitation: typeof invitations.$inferSelect, now: Date): InvitationStatus {
  if (invitation.acceptedAt) return "accepted";
  if (invitation.declinedAt) return "declined";
  if (invitation.revokedAt) return "revoked";
  if (invitation.expiresAt <= now) return "expired";
  return "pending";
}

/** What the invitation page shows before anyone signs in. */
export async function previewInvitation(db: DbOrTx, token: string, now: Date) {
  const row = await findInvitation(db, { token }, false);
  if (!row) throw new AppError("NOT_FOUND", "This invitation link is not valid. Ask for a new one.");
  const [account] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, row.invitation.email))
    .limit(1);
  return {
    businessName: row.businessName,
    inviterName: row.inviterName,
    email: row.invitation.email,
    role: row.invitation.role,
    modules: row.invitation.modules,
    expiresAt: row.invitation.expiresAt,
    status: statusOf(row.invitation, now),
    accountExists: Boolean(account),
  };
}

function assertPending(status: InvitationStatus) {
  if (status === "expired") {
    throw new AppError(
      "PRECONDITION_FAILED",
      "This invitation has expired. Ask the business to send a new one.",
      {
        reason: "INVITATION_EXPIRED",
      },
    );
  }
  if (status !== "pending") {
    throw new AppError("PRECONDITION_FAILED", "This invitation has already been used or withdrawn.", {
      reason: "INVITATION_USED",
    });
  }
}

/**
 * Joins the business. The signed-in account must be the address the invitation was sent to, which is also
 * what lets a signed-in user accept from the in-app list by id, without the emailed token.
 */
export async function acceptInvitation(
  tx: DbOrTx,
  ctx: Pick<ServiceContext, "now" | "actor">,
  selector: InvitationSelector,
  user: { id: string; email: string },
  afterCommit: AfterCommit,
): Promise<{ businessId: string }> {
  const row = await findInvitation(tx, selector, true);
  if (!row || ("invitationId" in selector && row.invitation.email !== user.email)) {
    throw new AppError("NOT_FOUND", "This invitation link is not valid. Ask for a new one.");
  }
  const { invitation } = row;
  assertPending(statusOf(invitation, ctx.now()));
  if (invitation.email !== user.email) {
    throw new AppError(
      "FORBIDDEN",
      `This invitation was sent to ${invitation.email}. Sign in with that address to accept it.`,
      {
        reason: "INVITATION_EMAIL_MISMATCH",
      },
    );
  }
  const actor: Actor = { ...ctx.actor, userId: user.id, businessId: invitation.businessId };
  const [membership] = await tx
    .insert(memberships)
    .values({
      businessId: invitation.businessId,
      userId: user.id,
      role: invitation.role,
      invitedByUserId: invitation.invitedByUserId,
    })
    .onConflictDoNothing()
    .returning({ id: memberships.id });
  if (membership && invitation.role === "staff") {
    await replaceModules(
      tx,
      { ...actor, userId: invitation.invitedByUserId },
      invitation.businessId,
      membership.id,
      invitation.modules,
    );
  }
  await tx
    .update(invitations)
    .set({ acceptedAt: ctx.now(), acceptedByUserId: user.id })
    .where(eq(invitations.id, invitation.id));
  // Holding the emailed link proves the address (the email matched above), so the account is verified.
  await tx
    .update(users)
    .set({
      lastBusinessId: invitation.businessId,
      emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${ctx.now()})`,
    })
    .where(eq(users.id, user.id));
  afterCommit.forgetCallers({ userId: user.id });
  await recordActivity(tx, actor, {
    action: "invitation.accepted",
    entityType: "invitation",
    entityId: invitation.id,
    metadata: { membershipId: membership?.id ?? null, role: invitation.role, modules: invitation.modules },
  });
  if (invitation.invitedByUserId) {
    await notify(tx, {
      userIds: [invitation.invitedByUserId],
      businessId: invitation.businessId,
      kind: "team.invitation_accepted",
      title: `${invitation.email} joined ${row.businessName}`,
      body: `They joined as ${ROLE_LABELS[invitation.role].toLowerCase()}.`,
      link: `/b/${invitation.businessId}/settings/team`,
    });
  }
  return { businessId: invitation.businessId };
}

/** Declining needs the emailed token, or a signed-in account with the invited address. */
export async function declineInvitation(
  ctx: ServiceContext,
  selector: InvitationSelector,
  user: { email: string } | null,
): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const row = await findInvitation(tx, selector, true);
    if (!row || ("invitationId" in selector && row.invitation.email !== user?.email)) {
      throw new AppError("NOT_FOUND", "This invitation link is not valid.");
    }
    assertPending(statusOf(row.invitation, ctx.now()));
    await tx.update(invitations).set({ declinedAt: ctx.now() }).where(eq(invitations.id, row.invitation.id));
    await recordActivity(
      tx,
      { ...ctx.actor, businessId: row.invitation.businessId },
      {
        action: "invitation.declined",
        entityType: "invitation",
        entityId: row.invitation.id,
        metadata: { email: row.invitation.email },
      },
    );
  });
}

/** Open invitations addressed to a signed-in user's email, shown in the app. */
export async function listInvitationsForEmail(db: DbOrTx, email: string, now: Date) {
  return db
    .select({
      id: invitations.id,
      businessName: sql<string>`coalesce(${businesses.tradingName}, ${businesses.legalName})`,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
    })
    .from(invitations)
    .innerJoin(businesses, eq(businesses.id, invitations.businessId))
    .where(
      and(
        eq(invitations.email, email),
        isNull(invitations.acceptedAt),
        isNull(invitations.declinedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, now),
      ),
    )
    .orderBy(desc(invitations.createdAt));
}
