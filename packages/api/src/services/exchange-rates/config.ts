import { type CbkClient, createCbkClient } from "@kavi/fx";
import { z } from "zod";

/** The exchange-rate provider, for the worker's env schema (docs/configuration.md). */
export const fxEnvShape = {
  /** Where CBK's rates table answers; `pnpm dev` points it at the local fake (http://127.0.0.1:8098). */
  FX_BASE_URL: z.url().default("https://www.centralbank.go.ke"),
  /** CBK's wpDataTables table id (193 holds 2024 onwards). */
  FX_CBK_TABLE_ID: z.coerce.number().int().min(1).max(100_000).default(193),
  FX_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(120_000).default(15_000),
};

export function fxClientFromEnv(env: {
  FX_BASE_URL: string;
  FX_CBK_TABLE_ID: number;
  FX_TIMEOUT_MS: number;
}): CbkClient {
  return createCbkClient({
    baseUrl: env.FX_BASE_URL,
    tableId: env.FX_CBK_TABLE_ID,
    timeoutMs: env.FX_TIMEOUT_MS,
  });
}
