import { z } from "zod";

/** Where tests find PostgreSQL and Redis. Each run creates its own databases and Redis key prefix. */
const ZTestEnvSchema = z.object({
  TEST_DATABASE_URL: z.string().url().optional(),
  DATABASE_URL: z.string().url().optional(),
  TEST_REDIS_URL: z.string().url().optional(),
  REDIS_URL: z.string().url().optional(),
  /** An S3-compatible endpoint for tests; unset: each test file starts the local S3 server in-process. */
  TEST_S3_ENDPOINT: z.string().url().optional(),
  TEST_S3_REGION: z.string().default("us-east-1"),
  TEST_S3_ACCESS_KEY_ID: z.string().optional(),
  TEST_S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** The API harness's pool size; 1 is an audit for code that takes a second connection inside a transaction. */
  TEST_POOL_MAX: z.coerce.number().int().min(1).max(50).optional(),
});

const parsed = ZTestEnvSchema.parse(process.env);

/** A server URL; the database part is replaced per test database. */
export const testDatabaseServerUrl =
  parsed.TEST_DATABASE_URL ?? parsed.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const testRedisUrl = parsed.TEST_REDIS_URL ?? parsed.REDIS_URL ?? "redis://127.0.0.1:6379";

/**
 * The API test harness's pool: 5 connections, or TEST_POOL_MAX with a 4 s wait. `TEST_POOL_MAX=1` is an audit: code
 * that takes a second connection while its transaction holds one (the M-Pesa batch did, and deadlocked the worker's
 * pool under load) fails with "timeout exceeded when trying to connect" instead of passing on a roomy pool.
 */
export const testPool: { max: number; connectionTimeoutMs?: number } = parsed.TEST_POOL_MAX
  ? { max: parsed.TEST_POOL_MAX, connectionTimeoutMs: 4_000 }
  : { max: 5 };

export const testS3 = {
  endpoint: parsed.TEST_S3_ENDPOINT,
  region: parsed.TEST_S3_REGION,
  credentials:
    parsed.TEST_S3_ACCESS_KEY_ID && parsed.TEST_S3_SECRET_ACCESS_KEY
      ? { accessKeyId: parsed.TEST_S3_ACCESS_KEY_ID, secretAccessKey: parsed.TEST_S3_SECRET_ACCESS_KEY }
      : undefined,
};
