import { defineConfig } from "vitest/config";

/**
 * One run for the whole repository. Every package and app is a project per test tier, and the tier is in the
 * project's name:
 * - `unit:<package>` (vitest.config.ts): pure `*.test.ts`, no PostgreSQL, Redis or browser — `pnpm test:unit`;
 * - `integration:<package>` (vitest.integration.config.ts): `*.integration.test.ts` against real PostgreSQL and Redis;
 * - `e2e`: browser end-to-end in Chromium; `infra`: CDK synthesis with assertions.
 * `pnpm test` starts PostgreSQL and Redis when needed and runs them all.
 */
export default defineConfig({
  test: {
    projects: [
      "packages/*/vitest.config.ts",
      "packages/*/vitest.integration.config.ts",
      "apps/*/vitest.config.ts",
      "apps/*/vitest.integration.config.ts",
      "infra/*/vitest.config.ts",
      "infra/*/vitest.integration.config.ts",
      "scripts/vitest.config.ts",
      "scripts/vitest.integration.config.ts",
      "e2e/vitest.config.ts",
    ],
  },
});
