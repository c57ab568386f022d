import { defineProject } from "vitest/config";

// Unit tier: pure tests, no PostgreSQL or Redis. The integration tier is vitest.integration.config.ts.
export default defineProject({
  test: {
    name: "unit:server",
    isolate: false,
    include: ["src/**/*.test.ts"],
    exclude: ["src/**/*.integration.test.ts"],
  },
});
