import type { SpeechSettings } from "@kavi/speech";
import type { DataRightsConfig } from "./services/data-rights/config";
import type { EmailQuotas } from "./services/email-quota";
import type { MpesaConfig } from "./services/mpesa/config";
import type { WebhookConfig } from "./services/webhooks/config";

/** What the API layer needs from the app's validated environment. */
export interface ApiConfig {
  environment: "development" | "test" | "production";
  /** Public origin of the SPA, used in email links. */
  appUrl: string;
  auth: {
    jwtSecret: string;
    issuer: string;
    audience: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlDays: number;
    cookieSecure: boolean;
    /** Sign-in throttling: per account and address (a delay, then a lock for that address), and per account. */
    lockout: {
      freeAttempts: number;
      lockAfterAttempts: number;
      lockSeconds: number;
      windowSeconds: number;
      /** Failures on one account from every address together before each new address must wait. */
      accountFreeAttempts: number;
      /** The longest that wait grows to: a slow-down, never a lock. */
      accountMaxDelaySeconds: number;
      /** How long the account's failures are remembered after the last one. */
      accountWindowSeconds: number;
    };
    /** A refresh token presented again this soon after its rotation gets the same successor (a lost response). */
    refreshReuseGraceSeconds: number;
    /** A session unused for this long is over. */
    sessionIdleTimeoutSeconds: number;
  };
  rateLimits: {
    authenticatedPerHour: number;
    anonymousPerHour: number;
    assistantPerMinute: number;
    /** A new API key's requests an hour unless its creator sets its own (each key has a limit of its own). */
    apiKeyDefaultPerHour: number;
    /** auth.refresh per session (refresh-token family), so people behind one NAT never share a budget. */
    refreshPerSessionPerHour: number;
    /** auth.refresh per address: a flood ceiling, high enough for a mobile carrier's NAT. */
    refreshPerIpPerHour: number;
    /** Rate-limit windows one process keeps in memory at most. */
    localWindows: number;
  };
  /** Redis key prefix (BullMQ and our own keys), so environments and test runs never collide. */
  redisPrefix: string;
  mail: { from: string };
  /** Per-business daily allowances of emails to other people. */
  emailQuotas: EmailQuotas;
  /** Uploads: how long a presigned upload and a presigned download stay valid. */
  files: { uploadUrlSeconds: number; downloadUrlSeconds: number };
  /** Data exports (link lifetime, how long zips are kept) and the business deletion grace period. */
  dataRights: DataRightsConfig;
  /** M-Pesa (Daraja): encryption keyring, public callback origin, Daraja host override, abuse limits. */
  mpesa: MpesaConfig;
  /** ElevenLabs for reading answers aloud (voice, model, format: part of the audio cache key); null when off. */
  speech: SpeechSettings | null;
  /** Outgoing webhooks: egress policy, retry schedule, the keyring for signing secrets. */
  webhooks: WebhookConfig;
}

export const REFRESH_COOKIE = "kavi_refresh";
/** The refresh cookie only travels to the tRPC endpoint. */
export const REFRESH_COOKIE_PATH = "/api/trpc";
