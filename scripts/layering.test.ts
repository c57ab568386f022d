import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./lib/paths";

const run = promisify(execFile);

/**
 * The layering rules live in biome.json; this proves they bite. Offending files are written into a scratch copy of
 * the repository's shape (same config, same plugin) and linted with the repository's Biome.
 */
let scratch: string;

const probes: Record<string, string> = {
  "apps/client/src/value-import.ts":
    'import { appRouter } from "@kavi/api";\nexport const leak = appRouter;\n',
  "apps/client/src/type-import.ts":
    'import type { AppRouter } from "@kavi/api";\nexport type Router = AppRouter;\n',
  "apps/client/src/db-import.ts": 'import type { Database } from "@kavi/db";\nexport type Db = Database;\n',
  "packages/api/src/imports-app.ts":
    'import { createApp } from "@kavi/server/app";\nexport const app = createApp;\n',
  "packages/db/src/imports-api.ts":
    'import { appRouter } from "@kavi/api";\nexport const router = appRouter;\n',
  "packages/domain/src/does-io.ts": 'import pg from "pg";\nexport const client = pg;\n',
  "packages/insights/src/reads-db.ts":
    'import { transactions } from "@kavi/db";\nexport const table = transactions;\n',
  "packages/ai/src/reads-db.ts":
    'import { aiUsageDaily } from "@kavi/db";\nexport const table = aiUsageDaily;\n',
  "apps/worker/src/uses-express.ts": 'import express from "express";\nexport const server = express;\n',
  "packages/api/src/reads-env.ts": "export const secret = process.env.JWT_SECRET;\n",
  "apps/server/src/env.ts": "export const port = process.env.PORT;\n",
};

async function lint(path: string): Promise<string> {
  try {
    const { stdout, stderr } = await run(
      join(repoRoot, "node_modules/.bin/biome"),
      ["lint", "--vcs-enabled=false", "--max-diagnostics=50", path],
      { cwd: scratch },
    );
    return stdout + stderr;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return `${failed.stdout ?? ""}${failed.stderr ?? ""}`;
  }
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "kavi-layering-"));
  cpSync(join(repoRoot, "biome.json"), join(scratch, "biome.json"));
  cpSync(join(repoRoot, "tooling"), join(scratch, "tooling"), { recursive: true });
  for (const [path, content] of Object.entries(probes)) {
    mkdirSync(dirname(join(scratch, path)), { recursive: true });
    writeFileSync(join(scratch, path), content);
  }
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe("layering lint rules", () => {
  it("lets the client import only types from the API, and nothing from server packages", async () => {
    expect(await lint("apps/client/src/value-import.ts")).toMatch(/may import only types from @kavi\/api/);
    expect(await lint("apps/client/src/type-import.ts")).not.toMatch(/may import only types/);
    expect(await lint("apps/client/src/db-import.ts")).toMatch(/nothing from server-side packages/);
  });

  it("keeps packages from importing apps, and lower layers from importing higher ones", async () => {
    expect(await lint("packages/api/src/imports-app.ts")).toMatch(/Packages never import apps/);
    expect(await lint("packages/db/src/imports-api.ts")).toMatch(
      /packages\/db may not import a higher layer/,
    );
    expect(await lint("packages/domain/src/does-io.ts")).toMatch(/packages\/domain is pure/);
    expect(await lint("packages/insights/src/reads-db.ts")).toMatch(/packages\/insights holds pure models/);
    expect(await lint("packages/ai/src/reads-db.ts")).toMatch(/usage is counted by the API layer/);
    expect(await lint("apps/worker/src/uses-express.ts")).toMatch(/never the HTTP layer/);
  });

  it("allows process.env only in env.ts", async () => {
    expect(await lint("packages/api/src/reads-env.ts")).toMatch(/noProcessEnv/);
    expect(await lint("apps/server/src/env.ts")).not.toMatch(/noProcessEnv/);
  });
});
