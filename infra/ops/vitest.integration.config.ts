import { defineProject } from "vitest/config";

// Integration tier: the round trip shells out to pg_dump / pg_restore against the local PostgreSQL.
export default defineProject({
  test: {
    name: "integration:ops",
    isolate: false,
    include: ["src/**/*.integration.test.ts", "test/**/*.integration.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
