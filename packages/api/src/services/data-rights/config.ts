import { z } from "zod";

/** Data-rights settings (docs/configuration.md), shared by the server and the worker. */
export const dataRightsEnvShape = {
  /** How long the link in a data-export email (and each Download click) works. */
  DATA_EXPORT_LINK_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 86_400)
    .default(86_400),
  /** How long a built export zip is kept in storage before the daily job deletes it. */
  DATA_EXPORT_KEEP_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  /** How long a deleted business (or account) can still be restored before it is deleted for good. */
  BUSINESS_DELETION_GRACE_DAYS: z.coerce.number().int().min(0).max(90).default(14),
};

type DataRightsEnv = z.output<z.ZodObject<typeof dataRightsEnvShape>>;

export interface DataRightsConfig {
  exportLinkSeconds: number;
  exportKeepDays: number;
  businessDeletionGraceDays: number;
}

export const DEFAULT_DATA_RIGHTS_CONFIG: DataRightsConfig = {
  exportLinkSeconds: 86_400,
  exportKeepDays: 7,
  businessDeletionGraceDays: 14,
};

export function dataRightsConfigFromEnv(env: DataRightsEnv): DataRightsConfig {
  return {
    exportLinkSeconds: env.DATA_EXPORT_LINK_SECONDS,
    exportKeepDays: env.DATA_EXPORT_KEEP_DAYS,
    businessDeletionGraceDays: env.BUSINESS_DELETION_GRACE_DAYS,
  };
}
