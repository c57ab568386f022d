import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "infra",
    include: ["test/**/*.test.ts"],
    // Synthesizing both environments with cdk-nag takes a few seconds per test file.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
