import { defineProject } from "vitest/config";

// Integration tier only (queues against real Redis and PostgreSQL); jobs has no pure tests yet.
export default defineProject({
  test: {
    name: "integration:jobs",
    isolate: false,
    include: ["src/**/*.integration.test.ts"],
    globalSetup: ["../testing/src/global-setup.ts"],
    testTimeout: 20_000,
  },
});
