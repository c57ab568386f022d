import { z } from "zod";

/** Unset and empty are the same thing for these variables (as in libpq). */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

/**
 * The only place the ops scripts read the environment. Connection settings follow libpq: either
 * DATABASE_URL or the PG* variables (the URL wins where both say something), defaulting to the
 * local development server (127.0.0.1:5432, user postgres).
 */
const ZOpsEnvSchema = z.object({
  DATABASE_URL: optional(z.url({ protocol: /^postgres(ql)?$/ })),
  PGHOST: optional(z.string()),
  PGPORT: optional(z.coerce.number().int().min(1).max(65_535)),
  PGUSER: optional(z.string()),
  PGPASSWORD: optional(z.string()),
  PGDATABASE: optional(z.string()),
  PGSSLMODE: optional(z.enum(["disable", "allow", "prefer", "require", "verify-ca", "verify-full"])),
  /** Where pg_dump, pg_restore and psql live, when they are not on PATH (e.g. /usr/lib/postgresql/15/bin). */
  PG_BIN_DIR: optional(z.string()),
  /** Where `backup` writes dumps. */
  BACKUP_DIR: z.string().min(1).default(".artifacts/backups"),
  /** Optional: `backup` copies the dump and its checksum here with the AWS CLI (`s3://bucket/prefix`). */
  BACKUP_S3_URI: optional(
    z.string().regex(/^s3:\/\/[a-z0-9.-]+(\/.*)?$/, "must look like s3://bucket/prefix"),
  ),
});

export type TOpsEnv = z.infer<typeof ZOpsEnvSchema>;

export function loadOpsEnv(source: NodeJS.ProcessEnv = process.env): TOpsEnv {
  const parsed = ZOpsEnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `  ${issue.path.join(".")}: ${issue.message}`)
      .join("\n");
    throw new Error(`Invalid ops environment:\n${problems}`);
  }
  return parsed.data;
}

/**
 * The environment for pg_dump / pg_restore / aws: this process's own (PATH, HOME, AWS credentials)
 * with the given variables on top. Connection settings are always passed explicitly on top.
 */
export function childProcessEnvironment(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
