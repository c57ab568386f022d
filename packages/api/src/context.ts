import type { Database } from "@kavi/db";
import type { JobQueue } from "@kavi/jobs";
import type { SmsClient } from "@kavi/sms";
import type { Storage } from "@kavi/storage";
import type { Redis } from "ioredis";
import type { ApiConfig } from "./config";
import type { Logger } from "./logger";
import { type AccessClaims, verifyAccessToken } from "./services/access-tokens";
import type { ApiKeyRequestLog } from "./services/api-key-requests";
import { type ApiKeyCaller, authenticateApiKey, looksLikeApiKey } from "./services/api-keys";
import type { AssistantServices } from "./services/assistant/ask";
import type { CallerCache } from "./services/caller-cache";

export type { AssistantServices };

export interface CookieOptions {
  httpOnly: boolean;
  secure: boolean;
  sameSite: "strict" | "lax";
  path: string;
  maxAgeSeconds?: number;
}

export interface CookieJar {
  get(name: string): string | undefined;
  set(name: string, value: string, options: CookieOptions): void;
  clear(name: string, options: Omit<CookieOptions, "maxAgeSeconds">): void;
}

/** What the HTTP layer tells the API about one request. */
export interface RequestInfo {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  /** The raw Authorization header. */
  authorization: string | null;
  cookies: CookieJar;
  setHeader(name: string, value: string): void;
  /** Set by the REST layer, which records calls made with a key itself (with its path and HTTP status). */
  surface?: "rest-v1";
}

export interface ProcedureObservation {
  path: string;
  type: "query" | "mutation" | "subscription";
  durationMs: number;
  code: string | null;
}

/** Long-lived dependencies, created once per process by the server (or a test). */
export interface ApiServices {
  db: Database;
  redis: Redis;
  jobs: JobQueue;
  /** The uploads bucket (S3, or the local S3-compatible server in development and tests). */
  storage: Storage;
  config: ApiConfig;
  logger: Logger;
  now: () => Date;
  /** Who is calling, kept for a moment per (session, business); one per process (see caller-cache.ts). */
  callers: CallerCache;
  /** Every call made with an API key, written in batches off the request path; one per process. */
  apiKeyRequests: ApiKeyRequestLog;
  /** Called after each procedure, for metrics. */
  observeProcedure?: (observation: ProcedureObservation) => void;
  /** Africa's Talking, when a key is set: procedures only check that SMS can go; the worker sends. */
  sms?: SmsClient | null;
  /** The assistant's brain and metric hooks (the offline engine and no metrics when absent). */
  assistant?: AssistantServices;
}

export interface Context extends ApiServices {
  request: RequestInfo;
  /** Verified access-token claims; the session behind them is checked by the procedure builders. */
  auth: AccessClaims | null;
  authProblem: "expired" | "invalid" | "apiKey" | null;
  /** The API key the bearer was (REST API clients); null for a person's access token or no bearer. */
  apiKey: ApiKeyCaller | null;
}

export async function createContext(services: ApiServices, request: RequestInfo): Promise<Context> {
  const logger = services.logger.child({ requestId: request.requestId });
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.authorization ?? "")?.[1];
  if (!bearer) return { ...services, logger, request, auth: null, authProblem: null, apiKey: null };
  if (looksLikeApiKey(bearer)) {
    const apiKey = await authenticateApiKey(services.db, bearer, services.now(), request.ip);
    return { ...services, logger, request, auth: null, authProblem: apiKey ? null : "apiKey", apiKey };
  }
  const result = await verifyAccessToken(services.config.auth, bearer, services.now());
  return result.ok
    ? { ...services, logger, request, auth: result.claims, authProblem: null, apiKey: null }
    : { ...services, logger, request, auth: null, authProblem: result.reason, apiKey: null };
}
