import { randomInt } from "node:crypto";
import { type DbOrTx, emailVerifications, users } from "@kavi/db";
import { generateToken, hashToken } from "@kavi/security";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Context } from "../context";
import { verifyEmailEmail } from "../email";
import { AppError, describeWait } from "../errors";
import { type Actor, accountActor, recordActivity } from "./activity";
import { queueEmail } from "./email-outbox";
import { type AfterCommit, inTransaction } from "./unit-of-work";
import { languageOfUser } from "./user-language";

/**
 * Email verification. An account proves it reads its address's mail with the emailed link (a 256-bit token)
 * or the 6-digit code in the same email. Until then it may sign in, verify, ask for another email and run
 * its own business, but nothing that reaches other people (see verifiedProcedure in trpc.ts).
 *
 * A code is short, so guessing is capped: 5 wrong tries per code and 20 over the life of the verification,
 * after which only the link works. Wrong, used-up and unknown codes all get the same answer.
 */
export const EMAIL_VERIFICATION_TTL_MS = 24 * 60 * 60 * 1000;
export const CODE_ATTEMPTS_PER_CODE = 5;
export const CODE_ATTEMPTS_IN_TOTAL = 20;
export const RESEND_COOLDOWN_SECONDS = 60;
export const SENDS_PER_HOUR = 5;

type VerificationDeps = Pick<Context, "db" | "redis" | "jobs" | "config" | "logger" | "now" | "request">;

export const INVALID_CODE =
  "That code didn't work. Check you typed the code from the newest email, or use the link in it.";
const INVALID_LINK =
  "This link doesn't work any more. If you asked for a new email, use the link in the newest one, or sign in and send a new one.";

export function verifyEmailUrl(appUrl: string, token: string): string {
  return `${appUrl.replace(/\/$/, "")}/verify-email/${token}`;
}

function generateCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}

function codeHashFor(userId: string, code: string): string {
  return hashToken(`${userId}:${code}`);
}

/**
 * Creates (or replaces) the account's verification and queues its email, in the caller's transaction. A
 * replacement keeps the sign-up ticket, so the browser that signed up can still finish with the new code.
 */
export async function issueEmailVerification(
  tx: DbOrTx,
  deps: Pick<VerificationDeps, "config" | "now">,
  afterCommit: AfterCommit,
  user: { id: string; email: string; fullName: string },
  options: { signUpTicketHash?: string } = {},
): Promise<void> {
  const now = deps.now();
  const token = generateToken();
  const code = generateCode();
  const values = {
    email: user.email,
    tokenHash: hashToken(token),
    codeHash: codeHashFor(user.id, code),
    codeAttempts: 0,
    expiresAt: new Date(now.getTime() + EMAIL_VERIFICATION_TTL_MS),
    lastSentAt: now,
    verifiedAt: null,
  };
  await tx
    .insert(emailVerifications)
    .values({ userId: user.id, ...values, signUpTicketHash: options.signUpTicketHash ?? null })
    .onConflictDoUpdate({
      target: emailVerifications.userId,
      set: {
        ...values,
        sendCount: sql`${emailVerifications.sendCount} + 1`,
        ...(options.signUpTicketHash ? { signUpTicketHash: options.signUpTicketHash } : {}),
      },
    });
  await queueEmail(tx, afterCommit, {
    template: "account.verify_email",
    to: user.email,
    sensitive: true,
    email: verifyEmailEmail({
      fullName: user.fullName,
      verifyUrl: verifyEmailUrl(deps.config.appUrl, token),
      code,
      language: await languageOfUser(tx, user.id),
    }),
  });
}

/** Marks the account verified (once) and records how. */
async function markVerified(
  tx: DbOrTx,
  afterCommit: AfterCommit,
  actor: Actor,
  user: { id: string; email: string },
  now: Date,
  method: "link" | "code",
): Promise<void> {
  await tx
    .update(users)
    .set({ emailVerifiedAt: now })
    .where(and(eq(users.id, user.id), isNull(users.emailVerifiedAt)));
  await tx.update(emailVerifications).set({ verifiedAt: now }).where(eq(emailVerifications.userId, user.id));
  await recordActivity(tx, actor, {
    action: "account.email_verified",
    entityType: "user",
    entityId: user.id,
    businessId: null,
    metadata: { email: user.email, method },
  });
  afterCommit.forgetCallers({ userId: user.id });
}

export type LinkVerification = { status: "verified" | "already_verified"; email: string };

/** The emailed link. It proves the address by itself; it does not sign anyone in. */
export async function verifyEmailWithLink(deps: VerificationDeps, token: string): Promise<LinkVerification> {
  const now = deps.now();
  return inTransaction(deps, async (tx, afterCommit) => {
    const [row] = await tx
      .select({ verification: emailVerifications, user: users })
      .from(emailVerifications)
      .innerJoin(users, eq(users.id, emailVerifications.userId))
      .where(eq(emailVerifications.tokenHash, hashToken(token)))
      .limit(1)
      .for("update", { of: emailVerifications });
    if (!row) throw invalidLink();
    const { verification, user } = row;
    if (user.emailVerifiedAt) return { status: "already_verified", email: user.email };
    // The link proves the address it was sent to, and only while that is still the account's address.
    if (verification.expiresAt <= now || verification.email !== user.email) throw invalidLink();
    await markVerified(tx, afterCommit, accountActor(deps.request, user.id), user, now, "link");
    return { status: "verified", email: user.email };
  });
}

function invalidLink(): AppError {
  return new AppError("BAD_REQUEST", INVALID_LINK, { reason: "VERIFICATION_INVALID" });
}

export function invalidCode(): AppError {
  return new AppError("BAD_REQUEST", INVALID_CODE, {
    reason: "VERIFICATION_INVALID",
    fieldErrors: { code: [INVALID_CODE] },
  });
}

type CodeCheck =
  | { outcome: "verified"; user: { id: string; email: string; fullName: string; isSuperAdmin: boolean } }
  | { outcome: "already_verified" }
  | { outcome: "wrong" };

/**
 * Checks a code against the verification found by `where` (the account's, or a sign-up ticket's), counting
 * a wrong one in the caller's transaction (which must commit before the refusal is thrown, so the count
 * survives it). The account's own check stops early when it is verified already; a ticket's check does not,
 * so the browser that signed up can still finish with its code after the link was opened elsewhere.
 */
async function checkCode(
  tx: DbOrTx,
  afterCommit: AfterCommit,
  deps: VerificationDeps,
  lookup: { by: "user"; userId: string } | { by: "ticket"; ticket: string },
  code: string,
): Promise<CodeCheck> {
  const now = deps.now();
  const [row] = await tx
    .select({ verification: emailVerifications, user: users })
    .from(emailVerifications)
    .innerJoin(users, eq(users.id, emailVerifications.userId))
    .where(
      lookup.by === "user"
        ? eq(emailVerifications.userId, lookup.userId)
        : eq(emailVerifications.signUpTicketHash, hashToken(lookup.ticket)),
    )
    .limit(1)
    .for("update", { of: emailVerifications });
  if (!row) return { outcome: "wrong" };
  const { verification, user } = row;
  if (lookup.by === "user" && user.emailVerifiedAt) return { outcome: "already_verified" };
  const usable =
    verification.expiresAt > now &&
    verification.email === user.email &&
    verification.codeAttempts < CODE_ATTEMPTS_PER_CODE &&
    verification.failedCodeAttempts < CODE_ATTEMPTS_IN_TOTAL;
  if (usable && verification.codeHash === codeHashFor(user.id, code)) {
    if (!user.emailVerifiedAt)
      await markVerified(tx, afterCommit, accountActor(deps.request, user.id), user, now, "code");
    // A code is used once: neither it nor the ticket works again.
    await tx
      .update(emailVerifications)
      .set({ codeAttempts: CODE_ATTEMPTS_PER_CODE, signUpTicketHash: null })
      .where(eq(emailVerifications.userId, user.id));
    return {
      outcome: "verified",
      user: { id: user.id, email: user.email, fullName: user.fullName, isSuperAdmin: user.isSuperAdmin },
    };
  }
  await tx
    .update(emailVerifications)
    .set({
      codeAttempts: sql`${emailVerifications.codeAttempts} + 1`,
      failedCodeAttempts: sql`${emailVerifications.failedCodeAttempts} + 1`,
    })
    .where(eq(emailVerifications.userId, user.id));
  return { outcome: "wrong" };
}

/** A signed-in account types the code from its email. */
export async function verifyEmailWithCode(
  deps: VerificationDeps,
  userId: string,
  code: string,
): Promise<{ status: "verified" | "already_verified" }> {
  const result = await inTransaction(deps, (tx, afterCommit) =>
    checkCode(tx, afterCommit, deps, { by: "user", userId }, code),
  );
  if (result.outcome === "wrong") throw invalidCode();
  return { status: result.outcome };
}

/**
 * The browser that signed up types the code: its ticket (which only that browser holds) names the
 * verification, and a right code verifies the address and names the account to sign in. A ticket for an
 * address that already had an account names nothing, so it answers exactly like a wrong code.
 */
export async function confirmSignUpCode(
  tx: DbOrTx,
  afterCommit: AfterCommit,
  deps: VerificationDeps,
  ticket: string,
  code: string,
): Promise<CodeCheck> {
  return checkCode(tx, afterCommit, deps, { by: "ticket", ticket }, code);
}

function resendRefused(retryAfterSeconds: number): AppError {
  return new AppError(
    "TOO_MANY_REQUESTS",
    `We just sent an email. Wait ${describeWait(retryAfterSeconds)} before asking for another.`,
    { reason: "RATE_LIMITED", retryAfterSeconds },
  );
}

/**
 * A cooldown and an hourly cap per key, in Redis. Fails closed: without Redis no extra email goes out,
 * which costs a person a minute's wait, never an inbox full of our mail.
 */
export async function takeSendSlot(
  deps: Pick<VerificationDeps, "redis" | "config" | "logger">,
  key: string,
): Promise<void> {
  const base = `${deps.config.redisPrefix}:verify-email:${key}`;
  let replies: [Error | null, unknown][] | null;
  try {
    replies = await deps.redis
      .multi()
      .set(`${base}:cooldown`, "1", "EX", RESEND_COOLDOWN_SECONDS, "NX")
      .pttl(`${base}:cooldown`)
      .incr(`${base}:hour`)
      .expire(`${base}:hour`, 3600, "NX")
      .ttl(`${base}:hour`)
      .exec();
  } catch (error) {
    deps.logger.warn({ err: error }, "verification email throttle unavailable; not sending");
    throw resendRefused(RESEND_COOLDOWN_SECONDS);
  }
  const [cooldown, cooldownTtl, sends, , hourTtl] = replies ?? [];
  if (cooldown?.[1] !== "OK") {
    throw resendRefused(Math.max(1, Math.ceil(Number(cooldownTtl?.[1] ?? 60_000) / 1000)));
  }
  if (Number(sends?.[1] ?? 0) > SENDS_PER_HOUR) {
    throw resendRefused(Math.max(1, Number(hourTtl?.[1] ?? 3600)));
  }
}

/** A signed-in, unverified account asks for another email. */
export async function resendEmailVerification(
  deps: VerificationDeps,
  userId: string,
): Promise<{ sentTo: string }> {
  const [user] = await deps.db
    .select({ id: users.id, email: users.email, fullName: users.fullName, verifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!user) throw new AppError("UNAUTHORIZED", "Please sign in to continue", { reason: "SESSION_ENDED" });
  if (user.verifiedAt) {
    throw new AppError("PRECONDITION_FAILED", "Your email address is already verified.");
  }
  await takeSendSlot(deps, `user:${user.id}`);
  await inTransaction(deps, (tx, afterCommit) => issueEmailVerification(tx, deps, afterCommit, user));
  return { sentTo: user.email };
}

/**
 * The browser that signed up asks for another email. Answers the same whether or not the ticket belongs
 * to a new account (the cooldown is counted per ticket either way), so it reveals nothing either.
 */
export async function resendSignUpEmail(deps: VerificationDeps, ticket: string): Promise<void> {
  const ticketHash = hashToken(ticket);
  await takeSendSlot(deps, `ticket:${ticketHash.slice(0, 32)}`);
  const [row] = await deps.db
    .select({ id: users.id, email: users.email, fullName: users.fullName, verifiedAt: users.emailVerifiedAt })
    .from(emailVerifications)
    .innerJoin(users, eq(users.id, emailVerifications.userId))
    .where(eq(emailVerifications.signUpTicketHash, ticketHash))
    .limit(1);
  if (!row || row.verifiedAt) return;
  await inTransaction(deps, (tx, afterCommit) => issueEmailVerification(tx, deps, afterCommit, row));
}
