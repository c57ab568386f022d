/**
 * Does signing up take measurably longer for a new address than for one that already has an account? If it
 * did, the time would tell an attacker who uses KAVI, whatever the answer says. In its own database (dropped
 * after), through the real procedure in process (no network noise), it signs up alternately with a fresh
 * address and with the address of an existing account (a different one each time, so the "someone tried to
 * sign up" notice is always sent), and prints the distribution of each and the difference of the medians.
 *
 *   pnpm bench sign-up               (BENCH_SIGN_UPS=60)
 */
import { randomBytes } from "node:crypto";
import { createCaller, createContext, silentLogger } from "@kavi/api";
import { runMigrations, schema } from "@kavi/db";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { loadServerEnv } from "../apps/server/src/env";
import { openResources } from "../apps/server/src/services";
import { admin, databaseUrl, dropScratch, REDIS_URL } from "./scratch";

const SAMPLES = Number(process.env.BENCH_SIGN_UPS ?? 60);
const PASSWORD = "Bench-Mark-Usajili-2026";

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

function describe(label: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const ms = (value: number) => `${value.toFixed(1).padStart(6)} ms`;
  return `${label.padEnd(26)} p10 ${ms(quantile(sorted, 0.1))}  p50 ${ms(quantile(sorted, 0.5))}  p90 ${ms(quantile(sorted, 0.9))}  (${samples.length} sign-ups)`;
}

const name = `kavi_bench_signup_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
const redisPrefix = `kavi-bench-signup-${randomBytes(4).toString("hex")}`;
await admin((client) => client.query(`create database "${name}"`));
const pool = new pg.Pool({ connectionString: databaseUrl(name), max: 2 });
try {
  await runMigrations(drizzle({ client: pool, schema, casing: "snake_case" }));
  const env = loadServerEnv({
    NODE_ENV: "test",
    DATABASE_URL: databaseUrl(name),
    REDIS_URL,
    REDIS_PREFIX: redisPrefix,
    RATE_LIMIT_ANONYMOUS_PER_HOUR: "1000000",
  });
  const resources = openResources(env, silentLogger);
  const signUp = async (email: string) => {
    const context = await createContext(resources.services, {
      requestId: `bench-${email}`,
      ip: "198.51.100.9",
      userAgent: "bench",
      authorization: null,
      cookies: { get: () => undefined, set: () => undefined, clear: () => undefined },
      setHeader: () => undefined,
    });
    const started = performance.now();
    await createCaller(context).auth.signUp({ fullName: "Bench Person", email, password: PASSWORD });
    return performance.now() - started;
  };
  const address = (label: string, index: number) => `${label}.${index}.${redisPrefix}@example.co.ke`;
  console.log(`Creating ${SAMPLES} accounts to sign up against…`);
  for (let index = 0; index < SAMPLES; index += 1) await signUp(address("taken", index));
  for (let index = 0; index < 5; index += 1) {
    await signUp(address("warm", index));
    await signUp(address("taken", index));
  }
  const fresh: number[] = [];
  const taken: number[] = [];
  for (let index = 0; index < SAMPLES; index += 1) {
    // Alternate which goes first, so drift in the machine's load falls on both alike.
    if (index % 2 === 0) {
      fresh.push(await signUp(address("fresh", index)));
      taken.push(await signUp(address("taken", index)));
    } else {
      taken.push(await signUp(address("taken", index)));
      fresh.push(await signUp(address("fresh", index)));
    }
  }
  console.log(describe("new address", fresh));
  console.log(describe("address with an account", taken));
  const median = (values: number[]) =>
    quantile(
      [...values].sort((a, b) => a - b),
      0.5,
    );
  console.log(`difference of medians: ${(median(fresh) - median(taken)).toFixed(1)} ms`);
  await resources.close();
} finally {
  await pool.end();
  await dropScratch(name, redisPrefix);
}
