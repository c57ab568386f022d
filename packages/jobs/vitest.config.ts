import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "jobs",
    include: ["src/**/*.test.ts"],
    globalSetup: ["../testing/src/global-setup.ts"],
    testTimeout: 20_000,
  },
});
