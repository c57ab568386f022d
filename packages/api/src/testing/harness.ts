import { createDatabase, type DatabaseHandle } from "@kavi/db";
import { createJobQueue, createRedis, type JobQueue, waitForRedis } from "@kavi/jobs";
import {
  createTestDatabase,
  createTestRedisPrefix,
  createTestStorage,
  randomSuffix,
  testPool,
  testRun,
} from "@kavi/testing";
import type { Redis } from "ioredis";
import type { ApiConfig } from "../config";
import {
  type ApiServices,
  type CookieJar,
  type CookieOptions,
  createContext,
  type RequestInfo,
} from "../context";
import { silentLogger } from "../logger";
import { createCaller } from "../root";
import { SYSTEM_ACTOR } from "../services/activity";
import { ApiKeyRequestLog } from "../services/api-key-requests";
import { CallerCache } from "../services/caller-cache";
import { DEFAULT_DATA_RIGHTS_CONFIG } from "../services/data-rights/config";
import { DEFAULT_EMAIL_QUOTAS } from "../services/email-quota";
import { createMpesaConfig } from "../services/mpesa/config";
import type { ServiceContext } from "../services/service-context";
import { createWebhookConfig } from "../services/webhooks/config";

export function testApiConfig(redisPrefix: string, overrides: Partial<ApiConfig> = {}): ApiConfig {
  const mpesa = createMpesaConfig({
    publicApiUrl: "http://127.0.0.1:9",
    darajaBaseUrl: "http://127.0.0.1:9",
    production: false,
  });
  return {
    environment: "test",
    appUrl: "http://localhost:5173",
    auth: {
      jwtSecret: "test-secret-that-is-long-enough-for-hs256-0123456789",
      issuer: "kavi-test",
      audience: "kavi-test-app",
      accessTokenTtlSeconds: 900,
      refreshTokenTtlDays: 30,
      cookieSecure: false,
      lockout: {
        freeAttempts: 5,
        lockAfterAttempts: 10,
        lockSeconds: 900,
        windowSeconds: 900,
        accountFreeAttempts: 20,
        accountMaxDelaySeconds: 300,
        accountWindowSeconds: 3600,
      },
      refreshReuseGraceSeconds: 10,
      sessionIdleTimeoutSeconds: 7 * 86_400,
    },
    rateLimits: {
      authenticatedPerHour: 100_000,
      anonymousPerHour: 100_000,
      assistantPerMinute: 1_000,
      apiKeyDefaultPerHour: 1_000,
      refreshPerSessionPerHour: 100_000,
      refreshPerIpPerHour: 100_000,
      localWindows: 10_000,
    },
    redisPrefix,
    mail: { from: "KAVI <no-reply@kavi.test>" },
    emailQuotas: DEFAULT_EMAIL_QUOTAS,
    // Daraja is the simulator: tests that use it pass their own (createMpesaConfig with its URL).
    mpesa,
    // Speech is off unless a test starts the fake ElevenLabs and passes its settings.
    speech: null,
    // Tests that deliver webhooks pass their own (with the local receiver's origin allowed).
    webhooks: createWebhookConfig(
      { NODE_ENV: "test", WEBHOOKS_ALLOWED_PRIVATE_ORIGINS: [], WEBHOOKS_TIMEOUT_MS: 5_000 },
      mpesa.keyring,
    ),
    files: { uploadUrlSeconds: 300, downloadUrlSeconds: 300 },
    dataRights: DEFAULT_DATA_RIGHTS_CONFIG,
    ...overrides,
  };
}

/** A cookie jar that remembers what the server set, like a browser would. */
export class MemoryCookieJar implements CookieJar {
  readonly values = new Map<string, { value: string; options: CookieOptions }>();
  get(name: string) {
    return this.values.get(name)?.value;
  }
  set(name: string, value: string, options: CookieOptions) {
    this.values.set(name, { value, options });
  }
  clear(name: string) {
    this.values.delete(name);
  }
}

export interface TestClientOptions {
  accessToken?: string | null;
  cookies?: MemoryCookieJar;
  ip?: string;
  userAgent?: string;
  /** Replaces some of the harness's services for this client (a Redis that is down, other settings). */
  services?: Partial<ApiServices>;
}

/** Where delivered mail can be read back (a mail catcher), once a worker sends the outbox. */
export interface TestMailbox {
  /** The text of the newest message to `to` whose subject matches. */
  waitForText(to: string, subject: RegExp): Promise<string>;
}

export interface TestHarness {
  services: ApiServices;
  /** Set by a test that runs the email worker: sensitive bodies leave the outbox once sent. */
  mailbox: TestMailbox | null;
  db: DatabaseHandle["db"];
  redis: Redis;
  jobs: JobQueue;
  databaseUrl: string;
  /** A tRPC caller as a given client (signed in when an access token is given). */
  client(options?: TestClientOptions): Promise<{
    caller: ReturnType<typeof createCaller>;
    cookies: MemoryCookieJar;
    headers: Map<string, string>;
  }>;
  /** The service context a worker would build (the system acting), on this harness's clock and settings. */
  serviceContext(overrides?: Partial<ServiceContext>): ServiceContext;
  /** Moves the harness clock (access-token expiry, invitation expiry, …). */
  setNow(date: Date): void;
  close(): Promise<void>;
}

export async function createTestHarness(overrides: Partial<ApiConfig> = {}): Promise<TestHarness> {
  const databaseUrl = await createTestDatabase();
  const database = createDatabase({ url: databaseUrl, ...testPool, applicationName: "kavi-test" });
  const redisPrefix = createTestRedisPrefix();
  const redis = createRedis(testRun().redisUrl, "producer");
  const queueConnection = createRedis(testRun().redisUrl, "producer");
  await Promise.all([waitForRedis(redis), waitForRedis(queueConnection)]);
  const jobs = createJobQueue({ connection: queueConnection, prefix: redisPrefix });
  const testStorage = await createTestStorage();
  let clockOffsetMs = 0;
  const services: ApiServices = {
    db: database.db,
    redis,
    jobs,
    storage: testStorage.storage,
    config: testApiConfig(redisPrefix, overrides),
    logger: silentLogger,
    now: () => new Date(Date.now() + clockOffsetMs),
    callers: new CallerCache(),
    apiKeyRequests: new ApiKeyRequestLog(database.db, silentLogger),
  };

  return {
    services,
    mailbox: null,
    db: database.db,
    redis,
    jobs,
    databaseUrl,
    async client(options = {}) {
      const cookies = options.cookies ?? new MemoryCookieJar();
      const headers = new Map<string, string>();
      const request: RequestInfo = {
        requestId: `test-${randomSuffix()}`,
        ip: options.ip ?? "198.51.100.7",
        userAgent: options.userAgent ?? "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36",
        authorization: options.accessToken ? `Bearer ${options.accessToken}` : null,
        cookies,
        setHeader: (name, value) => headers.set(name, value),
      };
      const context = await createContext({ ...services, ...options.services }, request);
      return { caller: createCaller(context), cookies, headers };
    },
    serviceContext(overrides = {}) {
      return { ...services, actor: SYSTEM_ACTOR, ...overrides };
    },
    setNow(date) {
      clockOffsetMs = date.getTime() - Date.now();
    },
    async close() {
      await services.apiKeyRequests.flush();
      await jobs.close();
      await testStorage.close();
      redis.disconnect();
      queueConnection.disconnect();
      await database.close();
    },
  };
}
