import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "unit:mailcatcher",
    isolate: false,
    // Shared CI machines are busy: generous limits, never timing assertions.
    testTimeout: 20_000,
    include: ["src/**/*.test.ts"],
  },
});
