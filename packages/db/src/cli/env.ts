import { z } from "zod";
import { resolveDatabaseUrl } from "../client";

const ZDbCliEnvSchema = z.object({
  NODE_ENV: z.string().optional(),
  DATABASE_URL: z.string().optional(),
  DB_HOST: z.string().optional(),
  DB_PORT: z.coerce.number().int().optional(),
  DB_NAME: z.string().optional(),
  DB_USER: z.string().optional(),
  DB_PASSWORD: z.string().optional(),
  DB_SSL: z.enum(["disable", "require"]).default("disable"),
  DATA_ENCRYPTION_KEYS: z.string().optional(),
});

const env = ZDbCliEnvSchema.parse(process.env);

export const cliDatabaseUrl = resolveDatabaseUrl(env, "postgres://postgres@127.0.0.1:5432/kavi");
export const cliDatabaseSsl = env.DB_SSL === "require";
export const cliDataEncryptionKeys = env.DATA_ENCRYPTION_KEYS;
export const cliNodeEnv = env.NODE_ENV ?? "development";
