import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EnvError, loadScriptsEnv } from "./env";

let root: string | undefined;

afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
  root = undefined;
});

async function rootWithEnvFile(content: string | null): Promise<string> {
  root = await mkdtemp(join(tmpdir(), "kavi-env-"));
  if (content !== null) await writeFile(join(root, ".env"), content);
  return root;
}

describe("loadScriptsEnv", () => {
  it("uses the defaults when nothing is set", async () => {
    const { settings, envFile } = loadScriptsEnv({}, await rootWithEnvFile(null));
    expect(envFile).toBeNull();
    expect(settings).toMatchObject({
      DATABASE_URL: "postgres://postgres@127.0.0.1:5432/kavi",
      REDIS_URL: "redis://127.0.0.1:6379",
      MAILCATCHER_SMTP_PORT: 1025,
      MAILCATCHER_HTTP_PORT: 1080,
      SMTP_URL: "smtp://127.0.0.1:1025",
      DARAJA_BASE_URL: "http://127.0.0.1:8089",
    });
  });

  it("reads .env, and the real environment wins over it", async () => {
    const dir = await rootWithEnvFile(
      "# comment\nREDIS_URL=redis://127.0.0.1:6390\nMAILCATCHER_SMTP_PORT=2025\nDATABASE_URL=postgres://file@127.0.0.1/x\nEXTRA=kept\n",
    );
    const { settings, merged } = loadScriptsEnv({ DATABASE_URL: "postgres://real@127.0.0.1/y" }, dir);
    expect(settings.DATABASE_URL).toBe("postgres://real@127.0.0.1/y");
    expect(settings.REDIS_URL).toBe("redis://127.0.0.1:6390");
    expect(settings.SMTP_URL).toBe("smtp://127.0.0.1:2025");
    expect(merged.EXTRA).toBe("kept");
  });

  it("treats an empty value as unset", async () => {
    const { settings } = loadScriptsEnv({ REDIS_URL: "" }, await rootWithEnvFile(null));
    expect(settings.REDIS_URL).toBe("redis://127.0.0.1:6379");
  });

  it("lists every invalid setting in plain words", async () => {
    const dir = await rootWithEnvFile("MAILCATCHER_HTTP_PORT=http\n");
    const attempt = () => loadScriptsEnv({ DATABASE_URL: "mysql://localhost/kavi" }, dir);
    expect(attempt).toThrow(EnvError);
    expect(attempt).toThrow(/DATABASE_URL must be a URL starting with postgres: or postgresql:\/\//);
    expect(attempt).toThrow(/MAILCATCHER_HTTP_PORT/);
  });
});
