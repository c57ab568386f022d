// Settings for the repository scripts (pnpm dev, the test runner), validated once.
// Sources, strongest first: the real environment, then a `.env` file at the repository root, then defaults.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { z } from "zod";
import { repoRoot } from "./lib/paths";

const PORT_MESSAGE = "must be a port number from 1 to 65535";
const port = (fallback: number) =>
  z.coerce
    .number({ error: PORT_MESSAGE })
    .int({ error: PORT_MESSAGE })
    .min(1, { error: PORT_MESSAGE })
    .max(65_535, { error: PORT_MESSAGE })
    .default(fallback);

const urlWithProtocol = (protocols: string[], example: string) =>
  z.string().refine((value) => URL.canParse(value) && protocols.includes(new URL(value).protocol), {
    message: `must be a URL starting with ${protocols.join(" or ")}// (e.g. ${example})`,
  });

const ZScriptsEnvSchema = z.object({
  DATABASE_URL: urlWithProtocol(
    ["postgres:", "postgresql:"],
    "postgres://postgres@127.0.0.1:5432/kavi",
  ).default("postgres://postgres@127.0.0.1:5432/kavi"),
  REDIS_URL: urlWithProtocol(["redis:", "rediss:"], "redis://127.0.0.1:6379").default(
    "redis://127.0.0.1:6379",
  ),
  /** The API server's port (the client's dev server proxies /api to it). */
  SERVER_PORT: port(8000),
  /** The web app's dev server port. */
  CLIENT_PORT: port(5173),
  MAILCATCHER_SMTP_PORT: port(1025),
  MAILCATCHER_HTTP_PORT: port(1080),
  /** Where the apps send mail; by default the mail catcher that `pnpm dev` starts. */
  SMTP_URL: urlWithProtocol(["smtp:", "smtps:"], "smtp://127.0.0.1:1025").optional(),
  DARAJA_BASE_URL: urlWithProtocol(["http:", "https:"], "http://127.0.0.1:8089").default(
    "http://127.0.0.1:8089",
  ),
  /** The local fake Gemini's port: started by `pnpm dev` unless a real GEMINI_API_KEY is set. */
  GEMINI_FAKE_PORT: port(8090),
  /** The local webhook receiver's port (an inbox page at /, deliveries POSTed to any other path). */
  WEBHOOK_RECEIVER_PORT: port(8091),
  /** The local S3-compatible server's port: started by `pnpm dev` unless S3_ENDPOINT or a real bucket is configured. */
  LOCAL_S3_PORT: port(8097),
  /** An S3-compatible endpoint of your own (or unset with S3_BUCKET for AWS): the local server is not started. */
  S3_ENDPOINT: z.string().url().optional(),
  S3_BUCKET: z.string().min(3).optional(),
  /** A real Gemini key: the worker uses Gemini itself (GEMINI_BASE_URL unset) and the fake is not started. */
  GEMINI_API_KEY: z.string().min(1).optional(),
  /** The local fake ElevenLabs' port: started by `pnpm dev` unless a real ELEVENLABS_API_KEY is set. */
  ELEVENLABS_FAKE_PORT: port(8092),
  /** The local fake CBK rates table's port: started by `pnpm dev` unless FX_BASE_URL is set. */
  FX_FAKE_PORT: port(8098),
  FX_BASE_URL: z.url().optional(),
  /** A real ElevenLabs key: the apps call ElevenLabs itself and the fake is not started. */
  ELEVENLABS_API_KEY: z.string().min(1).optional(),
  /** The local Africa's Talking simulator's port (inbox page at /): started by `pnpm dev` unless a real key is set. */
  AFRICASTALKING_SIMULATOR_PORT: port(8093),
  /** A real Africa's Talking key: the apps send real SMS (set AFRICASTALKING_USERNAME too) and no simulator runs. */
  AFRICASTALKING_API_KEY: z.string().min(1).optional(),
  NO_COLOR: z.string().optional(),
  FORCE_COLOR: z.string().optional(),
  /** The dependency audit (`pnpm audit:deps`) fails when the registry's audit endpoint cannot be reached. */
  KAVI_AUDIT_REQUIRED: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((value) => value === "true" || value === "1"),
  /** Set by pnpm to its own entry point; lets the scripts run the same pnpm even when it is not on PATH. */
  npm_execpath: z.string().optional(),
});

export type TScriptsEnv = z.infer<typeof ZScriptsEnvSchema> & { SMTP_URL: string };

export type LoadedEnv = {
  settings: TScriptsEnv;
  /** The real environment over the .env file's values: what child processes start from. */
  merged: NodeJS.ProcessEnv;
  /** The .env file that was read, if there was one. */
  envFile: string | null;
};

export class EnvError extends Error {
  override name = "EnvError";
}

/** Reads and validates the settings. Throws an EnvError that lists every problem in plain words. */
export function loadScriptsEnv(
  environment: NodeJS.ProcessEnv = process.env,
  root: string = repoRoot,
): LoadedEnv {
  const envPath = join(root, ".env");
  const envFile = existsSync(envPath) ? envPath : null;
  let fromFile: NodeJS.Dict<string> = {};
  if (envFile) {
    try {
      fromFile = parseEnv(readFileSync(envFile, "utf8"));
    } catch (error) {
      throw new EnvError(
        `Could not read ${envFile}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  const merged: NodeJS.ProcessEnv = { ...fromFile, ...environment };
  // An empty value counts as "not set", so `REDIS_URL=` in .env keeps the default.
  const present = Object.fromEntries(
    Object.entries(merged).filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = ZScriptsEnvSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")} ${issue.message}`);
    const where = envFile ? ` (from the environment or ${envFile})` : "";
    throw new EnvError(`Some settings are invalid${where}:\n${problems.join("\n")}`);
  }
  const settings = {
    ...parsed.data,
    SMTP_URL: parsed.data.SMTP_URL ?? `smtp://127.0.0.1:${parsed.data.MAILCATCHER_SMTP_PORT}`,
  };
  return { settings, merged, envFile };
}
