import { defineProject } from "vitest/config";

// Unit tier: pure tests, no PostgreSQL. The backup round trip is vitest.integration.config.ts.
export default defineProject({
  test: {
    name: "unit:ops",
    isolate: false,
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["**/*.integration.test.ts"],
  },
});
