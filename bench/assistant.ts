/**
 * The assistant benchmark (issue 15): the evaluation set (192 questions over the demo business, seeded with a
 * fixed clock) asked through HTTP as the owner, answered by the offline engine, then again by the Gemini
 * brain against the local fake Gemini (function calling, streamed steps, the grounding guard). Prints exact
 * accuracy per language and per intent, and end-to-end latency (HTTP, tRPC, tenancy, tools, storage) p50/p95
 * on a warm second pass. Target: offline p95 < 300 ms; accuracy ≥ 95 %. The fake answers in microseconds, so
 * the Gemini path's latency is KAVI's own cost of the loop (two model round trips, usage rows); a real model
 * adds its own time.
 *
 *   pnpm bench assistant
 */
import { randomBytes } from "node:crypto";
import { startFakeGemini } from "@kavi/ai/fake";
import {
  EVALUATION_CLOCK,
  formatTally,
  runEvaluation,
  storeModelOutputs,
} from "@kavi/api/assistant-evaluation";
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
    const fake = await startFakeGemini();
    const settings = {
      DATABASE_URL: url,
      REDIS_URL,
      REDIS_PREFIX: redisPrefix,
      RATE_LIMIT_AUTHENTICATED_PER_HOUR: "1000000",
      RATE_LIMIT_ASSISTANT_PER_MINUTE: "100000",
    };
    try {
      for (const brain of ["offline", "gemini"] as const) {
        server = await startTestServer(
          brain === "gemini"
            ? { ...settings, GEMINI_API_KEY: "bench-fake-key", GEMINI_BASE_URL: fake.url }
            : settings,
          { now: () => EVALUATION_CLOCK },
        );
        // What the nightly jobs store (the forecast, the credit score): the set's expectations read it by SQL.
        if (brain === "offline")
          await storeModelOutputs(server.resources.services, businessId, EVALUATION_CLOCK);
        http = new TrpcHttpClient(server.url, 1);
        await benchBrain(brain, http, db, businessId);
        await http.close();
        await server.close();
        http = null;
        server = null;
      }
    } finally {
      await fake.close();
    }
  } finally {
    await http?.close();
    await server?.close();
    await pool.end();
    await dropScratch(name, redisPrefix);
  }
}

async function benchBrain(
  brain: "offline" | "gemini",
  http: TrpcHttpClient,
  db: Parameters<typeof runEvaluation>[0],
  businessId: string,
) {
  const signedIn = await http.mutation<{ accessToken: string }>("auth.signIn", {
    email: DEMO_PEOPLE[0]?.email,
    password: DEMO_PASSWORD,
  });
  http.accessToken = signedIn.accessToken;
  const answeredBy = new Map<string, number>();
  const ask = async (message: string) => {
    const answer = await http.mutation<{
      reply: string;
      intent: string;
      brain: string;
      fallback: string | null;
    }>("assistant.ask", { businessId, message });
    const key = answer.fallback ? `${answer.brain} (fallback: ${answer.fallback})` : answer.brain;
    answeredBy.set(key, (answeredBy.get(key) ?? 0) + 1);
    return answer;
  };

  const first = await runEvaluation(db, businessId, ask);
  const warm = await runEvaluation(db, businessId, ask);
  const pct = (value: number) => `${(value * 100).toFixed(1)} %`;
  log(
    `\n${brain === "offline" ? "Offline engine" : "Gemini brain (local fake)"}, ${first.outcomes.length} questions, through HTTP`,
  );
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
    `latency, warm pass:  p50 ${ms(warm.latency.p50)}  p95 ${ms(warm.latency.p95)}  max ${ms(warm.latency.max)}${brain === "offline" ? "  (target p95 < 300 ms)" : "  (plus the model's own time)"}`,
  );
  log(`answered by (both passes): ${[...answeredBy].map(([key, count]) => `${key} ${count}`).join(", ")}`);
}

main().catch((error: unknown) => {
  console.error("assistant bench failed:", error);
  process.exitCode = 1;
});
