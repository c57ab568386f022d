/**
 * The real KAVI server in its own process (its own event loop, as in production), started by the bench.
 * Configuration arrives in the environment; the URL goes back to the parent over IPC.
 */
import { startTestServer } from "../apps/server/src/testing";

const server = await startTestServer({
  DATABASE_URL: process.env.DATABASE_URL,
  REDIS_URL: process.env.REDIS_URL,
  REDIS_PREFIX: process.env.REDIS_PREFIX,
  DB_POOL_MAX: process.env.DB_POOL_MAX ?? "20",
  RATE_LIMIT_AUTHENTICATED_PER_HOUR: "1000000000",
  RATE_LIMIT_ANONYMOUS_PER_HOUR: "1000000000",
});
process.send?.({ url: server.url });
// If the bench goes away without saying stop (Ctrl-C, a closed pipe), so does its server.
process.on("disconnect", () => {
  void server.close().finally(() => process.exit(0));
});
process.on("message", async (message) => {
  if (message === "stop") {
    await server.close();
    process.exit(0);
  }
});
