import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "e2e",
    include: ["src/**/*.e2e.test.ts"],
    globalSetup: ["../packages/testing/src/global-setup.ts", "./src/client-build.ts"],
    // A cold Vite compile plus a real browser: generous, but each step still has its own shorter wait.
    testTimeout: 180_000,
    // Each file starts a whole stack (API, worker, Vite, Chromium): one at a time on a small machine.
    fileParallelism: false,
    hookTimeout: 120_000,
  },
});
