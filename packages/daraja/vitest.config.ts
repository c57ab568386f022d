import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "daraja",
    include: ["src/**/*.test.ts"],
    // The client and simulator tests talk over real sockets on ephemeral ports; keep the machine's two cores free.
    fileParallelism: false,
  },
});
