import { z } from "zod";

/** Where tests find PostgreSQL and Redis. Each run creates its own databases and Redis key prefix. */
const ZTestEnvSchema = z.object({
  TEST_DATABASE_URL: z.string().url().optional(),
  DATABASE_URL: z.string().url().optional(),
  TEST_REDIS_URL: z.string().url().optional(),
  REDIS_URL: z.string().url().optional(),
});

const parsed = ZTestEnvSchema.parse(process.env);

/** A server URL; the database part is replaced per test database. */
export const testDatabaseServerUrl =
  parsed.TEST_DATABASE_URL ?? parsed.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const testRedisUrl = parsed.TEST_REDIS_URL ?? parsed.REDIS_URL ?? "redis://127.0.0.1:6379";
