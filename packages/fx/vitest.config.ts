import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "unit:fx",
    testTimeout: 20_000,
    include: ["src/**/*.test.ts"],
    // The client tests talk to the local fake over real sockets on ephemeral ports: no PostgreSQL or Redis.
    fileParallelism: false,
  },
});
