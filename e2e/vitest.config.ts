import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "e2e",
    include: ["src/**/*.e2e.test.ts"],
    // The migrated template database, then the client's production build (once per run, reused while its sources
    // are unchanged; E2E_CLIENT=dev: a Vite dev server per stack instead).
    globalSetup: ["../packages/testing/src/global-setup.ts", "./src/client-build.ts"],
    // A real browser against a whole stack (with E2E_CLIENT=dev, a cold Vite compile too): generous, but each step
    // still has its own shorter wait.
    testTimeout: 180_000,
    // Each file starts a whole stack (API, worker, web app, Chromium): one at a time on a small machine.
    fileParallelism: false,
    // One worker runs every file, importing the stack's modules once instead of once per file.
    isolate: false,
    sequence: { groupOrder: 1 },
    hookTimeout: 120_000,
  },
});
