import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "ai",
    testTimeout: 20_000,
    include: ["src/**/*.test.ts"],
    // The client tests talk to the fake over real sockets on ephemeral ports.
    fileParallelism: false,
  },
});
