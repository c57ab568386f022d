import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "infra",
    include: ["test/**/*.test.ts"],
    // Synthesis is the slow part: test files share one worker's module cache, so the app
    // (both environments, with cdk-nag) is synthesized once per worker instead of once per file.
    // The tests only read the synthesized app.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
