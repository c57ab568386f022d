import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "ops",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // The round trip shells out to pg_dump / pg_restore against the local PostgreSQL.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
