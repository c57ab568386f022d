import { z } from "zod";

const ZLocalS3EnvSchema = z.object({
  LOCAL_S3_PORT: z.coerce.number().int().min(0).max(65_535).default(8097),
  LOCAL_S3_HOST: z.string().min(1).default("127.0.0.1"),
  /** Where objects are kept; in memory when empty. */
  LOCAL_S3_DIRECTORY: z.string().optional(),
  /** Browser origins allowed to upload and download (comma-separated); `*` for any. */
  LOCAL_S3_CORS_ORIGINS: z.string().default("*"),
  /** Buckets that exist from the start (comma-separated): `pnpm dev` passes S3_BUCKET. */
  LOCAL_S3_BUCKETS: z.string().default(""),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
});

export type LocalS3Env = z.output<typeof ZLocalS3EnvSchema>;

export function readLocalS3Env(
  source: Readonly<Record<string, string | undefined>> = process.env,
): LocalS3Env {
  const parsed = ZLocalS3EnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
      .join("; ");
    throw new Error(`Invalid local S3 environment: ${problems}`);
  }
  return parsed.data;
}
