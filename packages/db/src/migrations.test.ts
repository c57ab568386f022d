import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const packageRoot = fileURLToPath(new URL("..", import.meta.url));

describe("committed migrations", () => {
  it("match the schema: generating from it finds nothing new", async () => {
    // Generate into a scratch copy, so the check can never write a migration into the repository.
    const scratch = mkdtempSync(join(tmpdir(), "kavi-migrations-"));
    try {
      cpSync(join(packageRoot, "migrations"), join(scratch, "migrations"), { recursive: true });
      const config = join(scratch, "drizzle.config.json");
      writeFileSync(
        config,
        JSON.stringify({
          dialect: "postgresql",
          // drizzle-kit reads both paths relative to its working directory.
          schema: relative(scratch, join(packageRoot, "src/schema/index.ts")),
          out: "migrations",
          casing: "snake_case",
        }),
      );
      const before = readdirSync(join(scratch, "migrations")).length;
      const { stdout, stderr } = await run(
        join(packageRoot, "node_modules/.bin/drizzle-kit"),
        ["generate", `--config=${config}`],
        {
          cwd: scratch,
        },
      );
      expect(`${stdout}${stderr}`).toContain("No schema changes");
      expect(readdirSync(join(scratch, "migrations"))).toHaveLength(before);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
