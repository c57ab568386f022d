import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "unit:storage",
    testTimeout: 20_000,
    include: ["src/**/*.test.ts"],
  },
});
