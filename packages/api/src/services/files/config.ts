import { createStorage, type Storage } from "@kavi/storage";
import { z } from "zod";

/**
 * Storage settings (docs/configuration.md), shared by the server and the worker. In AWS only S3_BUCKET and
 * S3_REGION are set and the task role's credentials are used; `pnpm dev` and the tests point S3_ENDPOINT at the
 * local S3-compatible server (packages/storage); any S3-compatible service works the same way.
 */
export const storageEnvShape = {
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: "An S3 bucket name (lower case, 3–63 characters)" })
    .default("kavi-uploads-local"),
  S3_REGION: z.string().min(1).default("af-south-1"),
  /** An S3-compatible endpoint (the local server, MinIO, R2, …); unset for AWS S3 itself. */
  S3_ENDPOINT: z.url().optional(),
  /** The endpoint browsers reach, when it differs from S3_ENDPOINT (containers); presigned URLs use it. */
  S3_PUBLIC_ENDPOINT: z.url().optional(),
  /** Static credentials for S3_ENDPOINT; unset in AWS (the task role). */
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** How long a browser has to start an upload it asked for. */
  STORAGE_UPLOAD_URL_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
  /** How long a download or preview link works. */
  STORAGE_DOWNLOAD_URL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(300),
};

type StorageEnv = z.output<z.ZodObject<typeof storageEnvShape>>;

export function storageProductionProblems(env: StorageEnv & { NODE_ENV: string }): string[] {
  if (env.NODE_ENV !== "production") return [];
  const problems: string[] = [];
  if (env.S3_BUCKET === "kavi-uploads-local")
    problems.push("S3_BUCKET must name the uploads bucket in production");
  if (env.S3_ENDPOINT && !env.S3_ENDPOINT.startsWith("https://"))
    problems.push("S3_ENDPOINT must be https:// in production, or unset for AWS S3");
  if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY))
    problems.push("S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together");
  return problems;
}

export function storageFromEnv(env: StorageEnv): Storage {
  return createStorage({
    bucket: env.S3_BUCKET,
    region: env.S3_REGION,
    endpoint: env.S3_ENDPOINT,
    publicEndpoint: env.S3_PUBLIC_ENDPOINT,
    credentials:
      env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
        : undefined,
  });
}

export function filesConfigFromEnv(env: StorageEnv) {
  return {
    uploadUrlSeconds: env.STORAGE_UPLOAD_URL_SECONDS,
    downloadUrlSeconds: env.STORAGE_DOWNLOAD_URL_SECONDS,
  };
}
