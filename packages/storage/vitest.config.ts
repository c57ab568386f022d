import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "unit:storage",
    isolate: false,
    testTimeout: 20_000,
    include: ["src/**/*.test.ts"],
  },
});
