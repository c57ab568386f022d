import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/**
 * One run for the whole repository. Every package and app is a project per test tier, and the tier is in the
 * project's name:
 * - `unit:<package>` (vitest.config.ts): pure `*.test.ts`, no PostgreSQL, Redis or browser — `pnpm test:unit`;
 * - `integration:<package>` (vitest.integration.config.ts): `*.integration.test.ts` against real PostgreSQL and Redis;
 * - `e2e`: browser end-to-end in Chromium; `infra`: CDK synthesis with assertions.
 * `pnpm test` starts PostgreSQL and Redis when needed and runs them all.
 *
 * Workers: vitest's default is one fewer than the cores, which on CI's 2 cores is one, so every file ran after the
 * other. At least two: files are independent (each integration file has its own database cloned from the run's
 * template, its own Redis key prefix and ephemeral ports). Projects
 * that set `fileParallelism: false` (the browser tests, the clients of local fakes) still run one file at a time,
 * after the others. `--maxWorkers=1` on the command line restores the old order.
 *
 * Isolation: the projects set `isolate: false`, so the files a worker runs share its module cache. Each file used to
 * import the whole stack again (on CI most of the run was imports: 568 s of 1,064); no test mocks modules, stubs
 * globals or leaves the environment changed, and every file builds its own harness, database and prefix.
 * `pnpm test` with no arguments runs the browser tier beside this run (scripts/test.ts).
 */
export default defineConfig({
  test: {
    maxWorkers: Math.max(2, availableParallelism() - 1),
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
