import { resolveDatabaseUrl } from "@kavi/db";
import { z } from "zod";

const ZCliEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.string().optional(),
  DB_HOST: z.string().optional(),
  DB_PORT: z.coerce.number().int().optional(),
  DB_NAME: z.string().optional(),
  DB_USER: z.string().optional(),
  DB_PASSWORD: z.string().optional(),
  DB_SSL: z.enum(["disable", "require"]).default("disable"),
  DATA_ENCRYPTION_KEYS: z.string().optional(),
});

const env = ZCliEnvSchema.parse(process.env);

export const cliEnv = {
  production: env.NODE_ENV === "production",
  databaseUrl: resolveDatabaseUrl(env, "postgres://postgres@127.0.0.1:5432/kavi"),
  databaseSsl: env.DB_SSL === "require",
  encryptionKeys: env.DATA_ENCRYPTION_KEYS,
};
