import { defineProject } from "vitest/config";

// Integration tier: the HTTP app against real PostgreSQL and Redis.
export default defineProject({
  test: {
    name: "integration:server",
    isolate: false,
    include: ["src/**/*.integration.test.ts"],
    globalSetup: ["../../packages/testing/src/global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
