import { defineProject } from "vitest/config";

// Integration tier: processors against real PostgreSQL and Redis.
export default defineProject({
  test: {
    name: "integration:worker",
    isolate: false,
    include: ["src/**/*.integration.test.ts"],
    globalSetup: ["../../packages/testing/src/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
