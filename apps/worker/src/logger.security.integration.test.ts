import { Writable } from "node:stream";
import { createDatabase, type DatabaseHandle, users } from "@kavi/db";
import { createLogger } from "@kavi/telemetry/logger";
import { createTestDatabase } from "@kavi/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** The worker's logger (the same factory and settings main.ts uses), writing to memory. */
function workerLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = createLogger(
    { level: "info", pretty: false, service: "kavi-worker", environment: "test" },
    destination,
  );
  return { logger, output: () => lines.join("") };
}

let database: DatabaseHandle;
beforeAll(async () => {
  database = createDatabase({ url: await createTestDatabase(), max: 2, applicationName: "logger-test" });
});
afterAll(async () => {
  await database.close();
});

async function failure(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("expected the query to fail");
}

describe("security: worker logs", () => {
  it("attack: a failed query's bound parameters (a customer's email, a receipt) never reach the worker's log", async () => {
    const email = "secret.customer@example.co.ke";
    await database.db.insert(users).values({ email, fullName: "First", passwordHash: "x" });
    // The same insert again: drizzle's error lists every parameter, PostgreSQL's detail quotes the key.
    const error = await failure(() =>
      database.db.insert(users).values({ email, fullName: "Second", passwordHash: "argon-hash-value" }),
    );
    const { logger, output } = workerLogger();
    logger.error({ err: error, queue: "email", jobId: "j1" }, "job failed for good");
    const line = output();
    expect(line).toContain('Failed query: insert into \\"users\\"');
    expect(line).toContain("users_email");
    expect(line).not.toContain(email);
    expect(line).not.toContain("argon-hash-value");
  });

  it("attack: a value PostgreSQL quotes in a data error does not reach the log", async () => {
    const error = await failure(() => database.db.execute(sql`select ${"secret-pin-1234"}::int`));
    const { logger, output } = workerLogger();
    logger.warn({ err: error }, "job failed; will retry");
    expect(output()).toContain("for type integer");
    expect(output()).not.toContain("secret-pin-1234");
  });

  it("attack: tokens and passwords in a job's log fields are redacted like the server's", () => {
    const { logger, output } = workerLogger();
    logger.info(
      {
        token: "invite-token-abc",
        payload: { refreshToken: "rt-abc", password: "pw-abc", callbackToken: "cb-abc" },
      },
      "processing",
    );
    expect(output()).not.toMatch(/invite-token-abc|rt-abc|pw-abc|cb-abc/);
    expect(output()).toContain("[redacted]");
  });
});
