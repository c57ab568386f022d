/**
 * The assistant benchmark (issue 15): the evaluation set (176 questions over the demo business, seeded with a
 * fixed clock) asked through HTTP as the owner, answered by the offline engine. Prints exact accuracy per
 * language and per intent, and end-to-end latency (HTTP, tRPC, tenancy, tools, storage) p50/p95 on a warm
 * second pass. Target: offline p95 < 300 ms; accuracy ≥ 95 %.
 *
 *   pnpm bench assistant
 */
import { randomBytes } from "node:crypto";
import { EVALUATION_CLOCK, formatTally, runEvaluation } from "@kavi/api/assistant-evaluation";
import { runMigrations, schema } from "@kavi/db";
import { DEMO_PASSWORD, DEMO_PEOPLE, seedDemo } from "@kavi/db/seed";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { startTestServer } from "../apps/server/src/testing";
import { admin, databaseUrl, dropScratch, REDIS_URL } from "./scratch";
import { TrpcHttpClient } from "./trpc";

const log = (line: string) => console.log(line);

async function main() {
  const name = `kavi_bench_assistant_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const redisPrefix = `kavi-bench-${randomBytes(4).toString("hex")}`;
  const url = databaseUrl(name);
  await admin((client) => client.query(`create database "${name}"`));
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const db = drizzle({ client: pool, schema, casing: "snake_case" });
  let server: Awaited<ReturnType<typeof startTestServer>> | null = null;
  let http: TrpcHttpClient | null = null;
  try {
    await runMigrations(db);
    const { businessId } = await seedDemo(db, { now: EVALUATION_CLOCK });
    server = await startTestServer(
      {
        DATABASE_URL: url,
        REDIS_URL,
        REDIS_PREFIX: redisPrefix,
        RATE_LIMIT_AUTHENTICATED_PER_HOUR: "1000000",
        RATE_LIMIT_ASSISTANT_PER_MINUTE: "100000",
      },
      { now: () => EVALUATION_CLOCK },
    );
    http = new TrpcHttpClient(server.url, 1);
    const signedIn = await http.mutation<{ accessToken: string }>("auth.signIn", {
      email: DEMO_PEOPLE[0]?.email,
      password: DEMO_PASSWORD,
    });
    http.accessToken = signedIn.accessToken;
    const client = http;
    const ask = (message: string) =>
      client.mutation<{ reply: string; intent: string }>("assistant.ask", { businessId, message });

    const first = await runEvaluation(db, businessId, ask);
    const warm = await runEvaluation(db, businessId, ask);
    const pct = (value: number) => `${(value * 100).toFixed(1)} %`;
    log(`\nOffline engine, ${first.outcomes.length} questions, through HTTP`);
    log(`accuracy (exact figure and intent): ${pct(first.accuracy)}`);
    log("by language:");
    for (const line of formatTally(first.byLanguage)) log(line);
    log("by intent:");
    for (const line of formatTally(first.byIntent)) log(line);
    for (const outcome of first.outcomes.filter((item) => !item.correct)) {
      log(`  ✗ ${outcome.question.question} → ${outcome.reply}`);
    }
    const ms = (value: number) => `${value.toFixed(1)} ms`;
    log(
      `latency, first pass: p50 ${ms(first.latency.p50)}  p95 ${ms(first.latency.p95)}  max ${ms(first.latency.max)}`,
    );
    log(
      `latency, warm pass:  p50 ${ms(warm.latency.p50)}  p95 ${ms(warm.latency.p95)}  max ${ms(warm.latency.max)}  (target p95 < 300 ms)`,
    );
    log("Gemini path: not built yet (phase 2); the same run will print its figures beside these.");
  } finally {
    await http?.close();
    await server?.close();
    await pool.end();
    await dropScratch(name, redisPrefix);
  }
}

main().catch((error: unknown) => {
  console.error("assistant bench failed:", error);
  process.exitCode = 1;
});
