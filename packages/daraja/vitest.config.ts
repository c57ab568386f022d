import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "unit:daraja",
    // Shared CI machines are busy: generous limits, never timing assertions.
    testTimeout: 20_000,
    include: ["src/**/*.test.ts"],
    // The client and simulator tests talk over real sockets on ephemeral ports; keep the machine's two cores free.
    fileParallelism: false,
  },
});
