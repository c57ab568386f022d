/**
 * Child process of tracing.integration.test.ts, started with tracing registered (`--import tsx --import
 * @kavi/telemetry/register`): one sign-up and one password reset through the real server, the email job run by
 * the real worker runtime, then a flush. The parent collects the exported spans and the log lines.
 */
import { createTesseractEngine } from "@kavi/ai";
import { silentLogger } from "@kavi/api";
import { SYSTEM_ACTOR } from "@kavi/api/services";
import { emails } from "@kavi/db";
import { createRedis } from "@kavi/jobs";
import { shutdownTelemetry } from "@kavi/telemetry";
import { startWorkerRuntime } from "@kavi/worker/runtime";
import { eq } from "drizzle-orm";
import { createTransport } from "nodemailer";
import { z } from "zod";
import { startTestServer } from "../src/testing";

const env = z
  .object({ DATABASE_URL: z.string(), REDIS_URL: z.string(), REDIS_PREFIX: z.string() })
  .parse(process.env);

const server = await startTestServer({ ...env, LOG_LEVEL: "info", RATE_LIMIT_ANONYMOUS_PER_HOUR: "1000" });
const workerConnection = createRedis(env.REDIS_URL, "worker");
const runtime = await startWorkerRuntime({
  context: {
    ...server.resources.services,
    logger: silentLogger,
    actor: SYSTEM_ACTOR,
    mailer: createTransport({ jsonTransport: true }),
    ai: { client: null, dailyRequestCap: 0 },
    speech: null,
    sms: null,
    // Started only if a receipt is read (never, on the email queue).
    ocr: createTesseractEngine(),
  },
  connection: workerConnection,
  prefix: env.REDIS_PREFIX,
  queues: ["email"],
});

async function call(path: string, input: unknown) {
  const response = await fetch(`${server.url}/api/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-request-id": `trace-test-${path}` },
    body: JSON.stringify(input),
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
}

const email = "traced.user@example.co.ke";
await call("auth.signUp", { fullName: "Traced User", email, password: "Mwangaza-Wa-Asubuhi-3" });
await call("auth.forgotPassword", { email });

const deadline = Date.now() + 15_000;
for (;;) {
  const [row] = await server.resources.database.db.select().from(emails).where(eq(emails.toAddress, email));
  if (row?.status === "sent") break;
  if (Date.now() > deadline) throw new Error("the reset email was not sent in time");
  await new Promise((resolve) => setTimeout(resolve, 100));
}

await runtime.close();
workerConnection.disconnect();
await server.close();
await shutdownTelemetry();
process.exit(0);
