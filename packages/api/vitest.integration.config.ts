import { defineProject } from "vitest/config";

// Integration tier: routers and services through createCaller against real PostgreSQL and Redis.
export default defineProject({
  test: {
    name: "integration:api",
    include: ["src/**/*.integration.test.ts"],
    globalSetup: ["../testing/src/global-setup.ts"],
    testTimeout: 20_000,
    isolate: false,
    hookTimeout: 30_000,
  },
});
