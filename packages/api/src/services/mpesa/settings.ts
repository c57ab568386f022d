import {
  DarajaClient,
  type DarajaEnvironment,
  DarajaError,
  FORBIDDEN_CALLBACK_URL_WORDS,
  isOutcomeUnknown,
} from "@kavi/daraja";
import {
  type DbOrTx,
  type MpesaSecretField,
  memberships,
  mpesaSecretAssociatedData,
  mpesaSettings,
  type Transaction,
} from "@kavi/db";
import { can, type Role, type ZMpesaSettingsSchema } from "@kavi/domain";
import { generateToken, hashToken, type Keyring } from "@kavi/security";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { ALERT_TEXT } from "../../email/templates/alerts";
import { AppError } from "../../errors";
import { type Actor, diffChanges, recordActivity, SYSTEM_ACTOR } from "../activity";
import { notify } from "../notifications";
import type { ServiceContext } from "../service-context";
import { type AfterCommit, inTransaction } from "../unit-of-work";
import { inEveryLanguage } from "../user-language";
import { type MpesaConfig, requireKeyring } from "./config";

type TSettingsRow = typeof mpesaSettings.$inferSelect;
type TSettingsInput = z.output<typeof ZMpesaSettingsSchema>;

type SecretField = MpesaSecretField;
/** Ciphertexts are bound to their business and field: one copied to another row does not decrypt. */
const associatedData = mpesaSecretAssociatedData;

export function encryptSecret(
  keyring: Keyring,
  businessId: string,
  field: SecretField,
  value: string,
): string {
  return keyring.encrypt(value, associatedData(businessId, field));
}

function decryptSecret(keyring: Keyring, businessId: string, field: SecretField, ciphertext: string): string {
  return keyring.decrypt(ciphertext, associatedData(businessId, field));
}

function hintOf(secret: string): string {
  return `…${secret.slice(-4)}`;
}

/**
 * A callback token (256 bits, base64url) that Daraja will accept in a URL: Daraja refuses callback URLs containing
 * words like "sql", "cmd" or "exe" in any case, which a random token contains now and then (one in a few
 * hundred). Such a token would make every push and registration of the business fail, so it is drawn again.
 */
export function generateCallbackToken(): string {
  for (;;) {
    const token = generateToken();
    const lowered = token.toLowerCase();
    if (!FORBIDDEN_CALLBACK_URL_WORDS.some((word) => lowered.includes(word))) return token;
  }
}

/** The paths Daraja calls. They avoid the word "mpesa", which Daraja refuses in callback URLs. */
export function callbackUrlsFor(config: MpesaConfig, token: string) {
  const base = `${config.publicApiUrl}/api/webhooks/daraja/${token}`;
  return {
    stk: `${base}/stk`,
    c2bValidation: `${base}/c2b/validation`,
    c2bConfirmation: `${base}/c2b/confirmation`,
    b2cResult: `${base}/b2c/result`,
    b2cTimeout: `${base}/b2c/timeout`,
    statusResult: `${base}/status/result`,
    statusTimeout: `${base}/status/timeout`,
    balanceResult: `${base}/balance/result`,
    balanceTimeout: `${base}/balance/timeout`,
    reversalResult: `${base}/reversal/result`,
    reversalTimeout: `${base}/reversal/timeout`,
  };
}

export interface MpesaCredentials {
  businessId: string;
  accountType: "paybill" | "till";
  environment: DarajaEnvironment;
  /** The number customers pay (Paybill or Till). */
  shortcode: string;
  /** STK BusinessShortCode: the Paybill, or a Till's store number. */
  stkShortcode: string;
  stkTransactionType: "CustomerPayBillOnline" | "CustomerBuyGoodsOnline";
  passkey: string;
  consumerKey: string;
  consumerSecret: string;
  initiator: { name: string; securityCredential: string } | null;
  b2cShortcode: string | null;
  callbackToken: string;
  c2bValidation: "accept_all" | "known_references";
}

function toCredentials(keyring: Keyring, row: TSettingsRow): MpesaCredentials {
  const businessId = row.businessId;
  const initiatorCredential = row.initiatorCredentialCiphertext
    ? decryptSecret(keyring, businessId, "initiatorCredential", row.initiatorCredentialCiphertext)
    : null;
  return {
    businessId,
    accountType: row.accountType,
    environment: row.environment,
    shortcode: row.shortcode,
    stkShortcode: row.accountType === "till" ? (row.storeNumber ?? row.shortcode) : row.shortcode,
    stkTransactionType: row.accountType === "till" ? "CustomerBuyGoodsOnline" : "CustomerPayBillOnline",
    passkey: decryptSecret(keyring, businessId, "passkey", row.passkeyCiphertext),
    consumerKey: decryptSecret(keyring, businessId, "consumerKey", row.consumerKeyCiphertext),
    consumerSecret: decryptSecret(keyring, businessId, "consumerSecret", row.consumerSecretCiphertext),
    initiator:
      row.initiatorName && initiatorCredential
        ? { name: row.initiatorName, securityCredential: initiatorCredential }
        : null,
    b2cShortcode: row.b2cShortcode,
    callbackToken: decryptSecret(keyring, businessId, "callbackToken", row.callbackTokenCiphertext),
    c2bValidation: row.c2bValidation,
  };
}

export const MPESA_NOT_SET_UP =
  "M-Pesa is not set up for this business yet. An owner or admin can add it in Settings → M-Pesa.";

/** The decrypted credentials of a business, or PRECONDITION_FAILED when M-Pesa is not set up. */
export async function loadMpesaCredentials(
  db: DbOrTx,
  config: MpesaConfig,
  businessId: string,
): Promise<MpesaCredentials> {
  const keyring = requireKeyring(config);
  const [row] = await db
    .select()
    .from(mpesaSettings)
    .where(eq(mpesaSettings.businessId, businessId))
    .limit(1);
  if (!row) throw new AppError("PRECONDITION_FAILED", MPESA_NOT_SET_UP);
  return toCredentials(keyring, row);
}

/**
 * A Daraja client for the business's own choice of environment. DARAJA_BASE_URL stands in for the sandbox only:
 * a business that chose production reaches Safaricom's production host whatever the server's setting, so a
 * misconfigured (or tampered) setting can never send live credentials and payments somewhere else.
 */
export function createDarajaClient(config: MpesaConfig, credentials: MpesaCredentials): DarajaClient {
  const baseUrl = credentials.environment === "sandbox" ? config.darajaBaseUrl : null;
  return new DarajaClient({
    consumerKey: credentials.consumerKey,
    consumerSecret: credentials.consumerSecret,
    environment: credentials.environment,
    ...(baseUrl ? { baseUrl } : {}),
    timeoutMs: config.darajaTimeoutMs,
    ...(credentials.initiator ? { initiator: credentials.initiator } : {}),
  });
}

/**
 * What the settings page shows: never a secret, only whether it is set and its last four characters. The
 * callback URLs carry the callback token, so only owners see them (`callbackUrls: null` for admins).
 */
export async function getMpesaSettingsView(db: DbOrTx, config: MpesaConfig, businessId: string, role: Role) {
  const [row] = await db
    .select()
    .from(mpesaSettings)
    .where(eq(mpesaSettings.businessId, businessId))
    .limit(1);
  const available = config.keyring !== null;
  if (!row) return { available, configured: false as const };
  const keyring = requireKeyring(config);
  const token = decryptSecret(keyring, businessId, "callbackToken", row.callbackTokenCiphertext);
  return {
    available,
    configured: true as const,
    accountType: row.accountType,
    shortcode: row.shortcode,
    storeNumber: row.storeNumber,
    environment: row.environment,
    c2bValidation: row.c2bValidation,
    initiatorName: row.initiatorName,
    b2cShortcode: row.b2cShortcode,
    secrets: {
      consumerKey: { set: true, hint: row.consumerKeyHint },
      consumerSecret: { set: true, hint: row.consumerSecretHint },
      passkey: { set: true, hint: row.passkeyHint },
      initiatorCredential: row.initiatorCredentialCiphertext
        ? { set: true, hint: row.initiatorCredentialHint }
        : { set: false, hint: null },
    },
    payoutsReady: Boolean(row.initiatorName && row.initiatorCredentialCiphertext && row.b2cShortcode),
    callbackUrls: can({ role, modules: [] }, "mpesa.callbackToken") ? callbackUrlsFor(config, token) : null,
    callbackTokenRotatedAt: row.callbackTokenRotatedAt,
    c2bRegisteredAt: row.c2bRegisteredAt,
    c2bRegistrationCurrent:
      row.c2bRegisteredConfirmationUrl === callbackUrlsFor(config, token).c2bConfirmation,
    lastTestedAt: row.lastTestedAt,
    lastTestOk: row.lastTestOk,
    lastTestMessage: row.lastTestMessage,
    updatedAt: row.updatedAt,
  };
}

const VISIBLE_FIELDS = [
  "accountType",
  "shortcode",
  "storeNumber",
  "environment",
  "initiatorName",
  "b2cShortcode",
  "c2bValidation",
] as const;

function requiredSecret(value: string | null | undefined, field: string, label: string): string {
  if (!value) {
    throw new AppError("BAD_REQUEST", `${label} is required`, {
      fieldErrors: { [field]: [`${label} is required`] },
    });
  }
  return value;
}

/** Creates or updates a business's M-Pesa settings; empty secret fields keep the saved values. */
export async function saveMpesaSettings(
  ctx: ServiceContext,
  businessId: string,
  input: TSettingsInput,
  role: Role = "owner",
) {
  const keyring = requireKeyring(ctx.config.mpesa);
  await inTransaction(ctx, async (tx) => {
    const [before] = await tx
      .select()
      .from(mpesaSettings)
      .where(eq(mpesaSettings.businessId, businessId))
      .for("update");
    const encrypt = (field: SecretField, value: string) => encryptSecret(keyring, businessId, field, value);
    const visible = {
      accountType: input.accountType,
      shortcode: input.shortcode,
      storeNumber: input.accountType === "till" ? (input.storeNumber ?? null) : null,
      environment: input.environment,
      initiatorName: input.initiatorName ?? null,
      b2cShortcode: input.b2cShortcode ?? null,
      c2bValidation: input.c2bValidation,
    };
    const secretChanges: Record<string, { before: string; after: string }> = {};
    const secrets: Partial<typeof mpesaSettings.$inferInsert> = {};
    if (input.consumerKey) {
      secrets.consumerKeyCiphertext = encrypt("consumerKey", input.consumerKey);
      secrets.consumerKeyHint = hintOf(input.consumerKey);
      secretChanges.consumerKey = { before: "[redacted]", after: "[redacted]" };
    }
    if (input.consumerSecret) {
      secrets.consumerSecretCiphertext = encrypt("consumerSecret", input.consumerSecret);
      secrets.consumerSecretHint = hintOf(input.consumerSecret);
      secretChanges.consumerSecret = { before: "[redacted]", after: "[redacted]" };
    }
    if (input.passkey) {
      secrets.passkeyCiphertext = encrypt("passkey", input.passkey);
      secrets.passkeyHint = hintOf(input.passkey);
      secretChanges.passkey = { before: "[redacted]", after: "[redacted]" };
    }
    if (input.initiatorCredential) {
      secrets.initiatorCredentialCiphertext = encrypt("initiatorCredential", input.initiatorCredential);
      secrets.initiatorCredentialHint = hintOf(input.initiatorCredential);
      secrets.initiatorCredentialKind = "security_credential";
      secretChanges.initiatorCredential = { before: "[redacted]", after: "[redacted]" };
    }
    const changes = { ...diffChanges(before ?? null, visible, VISIBLE_FIELDS), ...secretChanges };
    if (before) {
      if (Object.keys(changes).length === 0) return;
      await tx
        .update(mpesaSettings)
        .set({ ...visible, ...secrets, updatedByUserId: ctx.actor.userId })
        .where(eq(mpesaSettings.businessId, businessId));
    } else {
      const consumerKey = requiredSecret(input.consumerKey, "consumerKey", "The consumer key");
      const consumerSecret = requiredSecret(input.consumerSecret, "consumerSecret", "The consumer secret");
      const passkey = requiredSecret(input.passkey, "passkey", "The passkey");
      const token = generateCallbackToken();
      await tx.insert(mpesaSettings).values({
        businessId,
        ...visible,
        ...secrets,
        consumerKeyCiphertext: encrypt("consumerKey", consumerKey),
        consumerKeyHint: hintOf(consumerKey),
        consumerSecretCiphertext: encrypt("consumerSecret", consumerSecret),
        consumerSecretHint: hintOf(consumerSecret),
        passkeyCiphertext: encrypt("passkey", passkey),
        passkeyHint: hintOf(passkey),
        callbackTokenHash: hashToken(token),
        callbackTokenCiphertext: encrypt("callbackToken", token),
        updatedByUserId: ctx.actor.userId,
      });
    }
    await recordActivity(tx, ctx.actor, {
      action: before ? "mpesa.settings_updated" : "mpesa.settings_created",
      entityType: "mpesa_settings",
      entityId: businessId,
      changes,
    });
  });
  forgetCallbackToken(businessId);
  return getMpesaSettingsView(ctx.db, ctx.config.mpesa, businessId, role);
}

/** A Daraja failure in words a business owner can act on. */
export function describeDarajaFailure(error: unknown): string {
  if (error instanceof DarajaError) {
    if (error.errorCode.startsWith("400.008")) return "Daraja refused the consumer key or secret.";
    return `Daraja answered ${error.errorCode}: ${error.errorMessage}`;
  }
  if (isOutcomeUnknown(error) || (error instanceof Error && /timeout|connect/i.test(error.message))) {
    return "Daraja could not be reached. Check the environment and try again.";
  }
  return error instanceof Error ? error.message : "Daraja could not be reached.";
}

/** "Test connection": an OAuth token against the chosen environment proves the key and secret. */
export async function testMpesaConnection(ctx: ServiceContext, businessId: string) {
  const credentials = await loadMpesaCredentials(ctx.db, ctx.config.mpesa, businessId);
  const daraja = createDarajaClient(ctx.config.mpesa, credentials);
  let ok = true;
  let message = `Connected to the Daraja ${credentials.environment}.`;
  try {
    await daraja.getAccessToken();
  } catch (error) {
    ok = false;
    message = describeDarajaFailure(error);
  }
  await inTransaction(ctx, async (tx) => {
    await tx
      .update(mpesaSettings)
      .set({ lastTestedAt: ctx.now(), lastTestOk: ok, lastTestMessage: message })
      .where(eq(mpesaSettings.businessId, businessId));
    await recordActivity(tx, ctx.actor, {
      action: "mpesa.connection_tested",
      entityType: "mpesa_settings",
      entityId: businessId,
      metadata: { ok, environment: credentials.environment },
    });
  });
  return { ok, message };
}

/** Registers this business's C2B validation and confirmation URLs with Daraja. */
export async function registerC2bUrls(ctx: ServiceContext, businessId: string) {
  const credentials = await loadMpesaCredentials(ctx.db, ctx.config.mpesa, businessId);
  const urls = callbackUrlsFor(ctx.config.mpesa, credentials.callbackToken);
  const daraja = createDarajaClient(ctx.config.mpesa, credentials);
  const shortCode = credentials.accountType === "till" ? credentials.stkShortcode : credentials.shortcode;
  try {
    await daraja.c2bRegister({
      shortCode,
      // If our validation URL cannot be reached, M-Pesa completes the payment: money is never refused for our outage.
      responseType: "Completed",
      confirmationUrl: urls.c2bConfirmation,
      validationUrl: urls.c2bValidation,
    });
  } catch (error) {
    const already = error instanceof DarajaError && /already registered/i.test(error.errorMessage);
    if (!already) {
      throw new AppError("BAD_REQUEST", `M-Pesa did not register the URLs. ${describeDarajaFailure(error)}`, {
        cause: error,
      });
    }
  }
  await inTransaction(ctx, async (tx) => {
    await tx
      .update(mpesaSettings)
      .set({ c2bRegisteredAt: ctx.now(), c2bRegisteredConfirmationUrl: urls.c2bConfirmation })
      .where(eq(mpesaSettings.businessId, businessId));
    await recordActivity(tx, ctx.actor, {
      action: "mpesa.c2b_urls_registered",
      entityType: "mpesa_settings",
      entityId: businessId,
      metadata: { shortCode },
    });
  });
  return { ok: true as const, confirmationUrl: urls.c2bConfirmation, validationUrl: urls.c2bValidation };
}

/**
 * A new callback token, inside the caller's transaction: the old URLs stop working at once (pending pushes still
 * settle by query, and every claim is confirmed with Daraja anyway). When C2B URLs were registered, a job
 * registers the new ones after commit. Returns false when the business has no M-Pesa set-up (nothing to rotate).
 */
export async function rotateCallbackToken(
  tx: Transaction,
  afterCommit: AfterCommit,
  config: MpesaConfig,
  actor: Actor,
  businessId: string,
  reason: "rotation" | "member_left",
): Promise<boolean> {
  if (!config.keyring) return false;
  const token = generateCallbackToken();
  const updated = await tx
    .update(mpesaSettings)
    .set({
      callbackTokenHash: hashToken(token),
      callbackTokenCiphertext: encryptSecret(config.keyring, businessId, "callbackToken", token),
      callbackTokenRotatedAt: new Date(),
    })
    .where(eq(mpesaSettings.businessId, businessId))
    .returning({ c2bRegisteredAt: mpesaSettings.c2bRegisteredAt });
  const [row] = updated;
  if (!row) return false;
  await recordActivity(tx, actor, {
    action: "mpesa.callback_token_regenerated",
    entityType: "mpesa_settings",
    entityId: businessId,
    metadata: { reason },
  });
  forgetCallbackToken(businessId);
  if (row.c2bRegisteredAt) afterCommit.enqueue("mpesa.register-c2b-urls", { businessId, reason });
  return true;
}

/** Roles that may have seen the callback token (admins could, before it became the owners' alone). */
const CALLBACK_TOKEN_ROLES: ReadonlySet<Role> = new Set<Role>(["owner", "admin"]);

/**
 * An owner or admin left (removed, left, or given a lesser role): the callback token they may have copied is
 * replaced in the same transaction, and the C2B URLs are registered again by a job.
 */
export async function rotateCallbackTokenAfterLeaving(
  tx: Transaction,
  afterCommit: AfterCommit,
  ctx: { config: { mpesa: MpesaConfig }; actor: Actor },
  businessId: string,
  formerRole: Role,
): Promise<void> {
  if (!CALLBACK_TOKEN_ROLES.has(formerRole)) return;
  await rotateCallbackToken(tx, afterCommit, ctx.config.mpesa, ctx.actor, businessId, "member_left");
}

/** "New callback address" (owners only, after a confirmation dialog). */
export async function regenerateCallbackToken(ctx: ServiceContext, businessId: string) {
  requireKeyring(ctx.config.mpesa);
  await inTransaction(ctx, async (tx, afterCommit) => {
    const rotated = await rotateCallbackToken(
      tx,
      afterCommit,
      ctx.config.mpesa,
      ctx.actor,
      businessId,
      "rotation",
    );
    if (!rotated) throw new AppError("PRECONDITION_FAILED", MPESA_NOT_SET_UP);
  });
  forgetCallbackToken(businessId);
  return getMpesaSettingsView(ctx.db, ctx.config.mpesa, businessId, "owner");
}

/**
 * Worker: registers a business's C2B URLs again after its token changed. Production allows one registration per
 * shortcode: when Daraja answers "already registered", the owners are told to delete the URLs in the Daraja
 * portal and register again from Settings → M-Pesa (the settings page shows the registration as out of date).
 */
export async function reregisterC2bUrls(ctx: ServiceContext, businessId: string) {
  const [row] = await ctx.db
    .select({ registeredAt: mpesaSettings.c2bRegisteredAt })
    .from(mpesaSettings)
    .where(eq(mpesaSettings.businessId, businessId))
    .limit(1);
  if (!row?.registeredAt) return "not-registered" as const;
  const credentials = await loadMpesaCredentials(ctx.db, ctx.config.mpesa, businessId);
  const urls = callbackUrlsFor(ctx.config.mpesa, credentials.callbackToken);
  const shortCode = credentials.accountType === "till" ? credentials.stkShortcode : credentials.shortcode;
  const actor: Actor = { ...SYSTEM_ACTOR, businessId };
  try {
    await createDarajaClient(ctx.config.mpesa, credentials).c2bRegister({
      shortCode,
      responseType: "Completed",
      confirmationUrl: urls.c2bConfirmation,
      validationUrl: urls.c2bValidation,
    });
  } catch (error) {
    const already = error instanceof DarajaError && /already registered/i.test(error.errorMessage);
    if (!already) throw error;
    await inTransaction(ctx, async (tx) => {
      await recordActivity(tx, actor, {
        action: "mpesa.c2b_urls_stale",
        entityType: "mpesa_settings",
        entityId: businessId,
        metadata: { shortCode },
      });
      await notify(tx, {
        userIds: await ownersOf(tx, businessId),
        businessId,
        kind: "mpesa.c2b_urls_stale",
        title: inEveryLanguage((language) => ALERT_TEXT[language].mpesa.registerAgain),
        body: inEveryLanguage((language) => ALERT_TEXT[language].mpesa.registerAgainBody),
        link: `/b/${businessId}/settings/mpesa`,
      });
    });
    return "already-registered" as const;
  }
  await inTransaction(ctx, async (tx) => {
    await tx
      .update(mpesaSettings)
      .set({ c2bRegisteredAt: ctx.now(), c2bRegisteredConfirmationUrl: urls.c2bConfirmation })
      .where(eq(mpesaSettings.businessId, businessId));
    await recordActivity(tx, actor, {
      action: "mpesa.c2b_urls_registered",
      entityType: "mpesa_settings",
      entityId: businessId,
      metadata: { shortCode, after: "rotation" },
    });
  });
  return "registered" as const;
}

async function ownersOf(tx: DbOrTx, businessId: string): Promise<string[]> {
  const rows = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.businessId, businessId), eq(memberships.role, "owner")));
  return rows.map((row) => row.userId);
}

// ── Callback token → business, on the webhook's hot path ──────────────────────────────────────────────
// A small in-process cache spares a query per callback. Entries live a few seconds, and this process
// forgets a business's entry as soon as it changes the token; another instance may accept an old token for
// at most TOKEN_CACHE_TTL_MS after a regeneration, which is harmless (the callback is still real Daraja data
// checked against our own records).

const TOKEN_CACHE_TTL_MS = 10_000;
const TOKEN_CACHE_MAX = 10_000;
const tokenCache = new Map<string, { businessId: string | null; expiresAt: number }>();

function forgetCallbackToken(businessId: string): void {
  for (const [hash, entry] of tokenCache) if (entry.businessId === businessId) tokenCache.delete(hash);
}

/** The business a callback token belongs to, or null. */
export async function resolveCallbackToken(
  ctx: Pick<ServiceContext, "db">,
  token: string,
): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{20,128}$/.test(token)) return null;
  const hash = hashToken(token);
  const now = Date.now();
  const cached = tokenCache.get(hash);
  if (cached && cached.expiresAt > now) return cached.businessId;
  const [row] = await ctx.db
    .select({ businessId: mpesaSettings.businessId })
    .from(mpesaSettings)
    .where(eq(mpesaSettings.callbackTokenHash, hash))
    .limit(1);
  if (tokenCache.size >= TOKEN_CACHE_MAX) tokenCache.clear();
  const businessId = row?.businessId ?? null;
  tokenCache.set(hash, { businessId, expiresAt: now + TOKEN_CACHE_TTL_MS });
  return businessId;
}

/** Re-encrypts every M-Pesa secret made with an older key (after a key rotation). Returns the rows changed. */
export async function reencryptMpesaSecrets(db: DbOrTx, keyring: Keyring): Promise<number> {
  const rows = await db.select().from(mpesaSettings);
  let changed = 0;
  for (const row of rows) {
    const patch: Partial<typeof mpesaSettings.$inferInsert> = {};
    const rotate = (field: SecretField, ciphertext: string) =>
      encryptSecret(
        keyring,
        row.businessId,
        field,
        decryptSecret(keyring, row.businessId, field, ciphertext),
      );
    if (keyring.isStale(row.consumerKeyCiphertext))
      patch.consumerKeyCiphertext = rotate("consumerKey", row.consumerKeyCiphertext);
    if (keyring.isStale(row.consumerSecretCiphertext))
      patch.consumerSecretCiphertext = rotate("consumerSecret", row.consumerSecretCiphertext);
    if (keyring.isStale(row.passkeyCiphertext))
      patch.passkeyCiphertext = rotate("passkey", row.passkeyCiphertext);
    if (row.initiatorCredentialCiphertext && keyring.isStale(row.initiatorCredentialCiphertext))
      patch.initiatorCredentialCiphertext = rotate("initiatorCredential", row.initiatorCredentialCiphertext);
    if (keyring.isStale(row.callbackTokenCiphertext))
      patch.callbackTokenCiphertext = rotate("callbackToken", row.callbackTokenCiphertext);
    if (Object.keys(patch).length === 0) continue;
    await db.update(mpesaSettings).set(patch).where(eq(mpesaSettings.businessId, row.businessId));
    changed += 1;
  }
  return changed;
}

/** Whether M-Pesa is usable in a business (for buttons any member may see); never a secret. */
export async function getMpesaStatus(db: DbOrTx, businessId: string) {
  const [row] = await db
    .select({
      accountType: mpesaSettings.accountType,
      shortcode: mpesaSettings.shortcode,
      environment: mpesaSettings.environment,
      initiatorName: mpesaSettings.initiatorName,
      b2cShortcode: mpesaSettings.b2cShortcode,
    })
    .from(mpesaSettings)
    .where(eq(mpesaSettings.businessId, businessId))
    .limit(1);
  return row
    ? {
        configured: true as const,
        accountType: row.accountType,
        shortcode: row.shortcode,
        environment: row.environment,
        payoutsReady: Boolean(row.initiatorName && row.b2cShortcode),
        /** Balance and reversals need the API initiator (set with payouts in Settings → M-Pesa). */
        initiatorReady: Boolean(row.initiatorName),
      }
    : { configured: false as const };
}
