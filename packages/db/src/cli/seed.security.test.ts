import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const packageRoot = fileURLToPath(new URL("../..", import.meta.url));

describe("security: demo seed", () => {
  it("attack: the demo seed (published passwords, a platform operator) run against production refuses, before connecting", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "src/cli/seed.ts"], {
      cwd: packageRoot,
      // Nothing listens on port 9: had the seed tried to connect, the error would be a connection failure.
      env: { ...process.env, NODE_ENV: "production", DATABASE_URL: "postgres://kavi@127.0.0.1:9/kavi" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/Refusing to seed demo data in production \(NODE_ENV=production\)/);
    expect(run.stderr).not.toMatch(/ECONNREFUSED/);
  });
});
