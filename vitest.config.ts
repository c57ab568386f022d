import { defineConfig } from "vitest/config";

// One run for the whole repository: every package and app is a project with its own config.
export default defineConfig({
  test: {
    projects: [
      "packages/*/vitest.config.ts",
      "apps/*/vitest.config.ts",
      "infra/*/vitest.config.ts",
      "scripts/vitest.config.ts",
      "e2e/vitest.config.ts",
    ],
  },
});
