import { createKeyring, DEVELOPMENT_DATA_ENCRYPTION_KEYS, type Keyring, parseKeyring } from "@kavi/security";
import { AppError } from "../../errors";
import { DEVELOPMENT_LENDER_MPESA, type LenderMpesaConfig } from "../lending/lender-config";
import { type CallbackAllowList, parseCallbackAllowList } from "./callback-sources";

export interface MpesaLimits {
  /** STK pushes to one phone per minute (across businesses). */
  stkPerPhonePerMinute: number;
  /** STK pushes one business may send per minute. */
  stkPerBusinessPerMinute: number;
  /** "Pay with M-Pesa" presses on public invoice pages, per IP per minute. */
  publicPayPerIpPerMinute: number;
  /** Prompts one public invoice link may send per hour, whoever presses Pay. */
  publicPayPerInvoicePerHour: number;
  /** Prompts public pages may send to one phone per hour (across businesses). */
  publicPayPerPhonePerHour: number;
  /**
   * Prompts public pages may send per business per minute: a budget of their own, so public presses never spend
   * the business's own (`stkPerBusinessPerMinute`).
   */
  publicStkPerBusinessPerMinute: number;
}

export interface MpesaConfig {
  /** The API's public origin, which Daraja calls back (https in production). */
  publicApiUrl: string;
  /**
   * Stands in for Daraja's sandbox host (the local simulator in development and tests). A business that chose
   * production always talks to Safaricom's production host.
   */
  darajaBaseUrl: string | null;
  /** Addresses callbacks may come from (MPESA_CALLBACK_ALLOWED_IPS); null = no list. */
  callbackAllowList: CallbackAllowList | null;
  /** null when production has no DATA_ENCRYPTION_KEYS: M-Pesa cannot be configured until it does. */
  keyring: Keyring | null;
  limits: MpesaLimits;
  /** Per Daraja request. */
  darajaTimeoutMs: number;
  /** When to query a push that has had no callback: first ~30 s after it, then backing off. */
  stkQueryDelaysMs: readonly number[];
  /** When to ask for the status of a payout whose result never came (queue timeout, lost reply). */
  payoutStatusDelaysMs: readonly number[];
  /**
   * Confirmation: when to (re-)ask Daraja about a payment a callback announced (Transaction Status for C2B and
   * B2C, STK Query for STK). The first entry is the delay after the callback (0 = at once).
   */
  confirmationDelaysMs: readonly number[];
  /** Callbacks stored but unprocessed for longer than this are re-enqueued by the sweeper. */
  sweepAfterMs: number;
  /** STK callbacks the worker settles per transaction (MPESA_SETTLE_BATCH_SIZE); 0 = one per job, confirmed by a second job. */
  settleBatchSize: number;
  /** The platform's own M-Pesa for loans (LENDER_MPESA_*); null when lending cannot move money here. */
  lender: LenderMpesaConfig | null;
}

export const DEFAULT_MPESA_LIMITS: MpesaLimits = {
  stkPerPhonePerMinute: 3,
  stkPerBusinessPerMinute: 60,
  publicPayPerIpPerMinute: 10,
  publicPayPerInvoicePerHour: 10,
  publicPayPerPhonePerHour: 5,
  publicStkPerBusinessPerMinute: 20,
};

/** At once, then 30 s, 1, 2, 5 and 10 minutes: a Transaction Status result usually comes within seconds. */
export const DEFAULT_CONFIRMATION_DELAYS_MS: readonly number[] = [
  0, 30_000, 60_000, 120_000, 300_000, 600_000,
];

/** 30 s, 1 min, 2 min, 5 min, 10 min: an STK prompt lives about two minutes, so five queries settle it. */
export const DEFAULT_STK_QUERY_DELAYS_MS: readonly number[] = [30_000, 60_000, 120_000, 300_000, 600_000];

/** After a queue timeout or a lost reply: 1, 2, 5, 10 and 30 minutes before asking Daraja again. */
export const DEFAULT_PAYOUT_STATUS_DELAYS_MS: readonly number[] = [
  60_000, 120_000, 300_000, 600_000, 1_800_000,
];

/** Callbacks per settlement transaction: large enough to share the round trips, small enough to hold locks briefly. */
export const DEFAULT_SETTLE_BATCH_SIZE = 50;

export interface MpesaConfigInput {
  publicApiUrl: string;
  darajaBaseUrl?: string | null | undefined;
  /** DATA_ENCRYPTION_KEYS; the development keyring when absent outside production. */
  encryptionKeys?: string | null | undefined;
  production: boolean;
  limits?: Partial<MpesaLimits>;
  darajaTimeoutMs?: number;
  stkQueryDelaysMs?: readonly number[];
  payoutStatusDelaysMs?: readonly number[];
  confirmationDelaysMs?: readonly number[];
  sweepAfterMs?: number;
  settleBatchSize?: number;
  /** MPESA_CALLBACK_ALLOWED_IPS. */
  callbackAllowedIps?: string | null | undefined;
  /** LENDER_MPESA_* (lenderMpesaFromEnv); absent: the sandbox lender outside production, none in it. */
  lender?: LenderMpesaConfig | null;
}

/** Builds the M-Pesa configuration from validated settings (the server's and worker's env.ts). */
export function createMpesaConfig(input: MpesaConfigInput): MpesaConfig {
  const spec = input.encryptionKeys ?? (input.production ? null : DEVELOPMENT_DATA_ENCRYPTION_KEYS);
  return {
    publicApiUrl: input.publicApiUrl.replace(/\/+$/, ""),
    darajaBaseUrl: input.darajaBaseUrl ? input.darajaBaseUrl.replace(/\/+$/, "") : null,
    callbackAllowList: parseCallbackAllowList(input.callbackAllowedIps),
    keyring: spec ? createKeyring(parseKeyring(spec)) : null,
    limits: { ...DEFAULT_MPESA_LIMITS, ...input.limits },
    darajaTimeoutMs: input.darajaTimeoutMs ?? 30_000,
    stkQueryDelaysMs: input.stkQueryDelaysMs ?? DEFAULT_STK_QUERY_DELAYS_MS,
    payoutStatusDelaysMs: input.payoutStatusDelaysMs ?? DEFAULT_PAYOUT_STATUS_DELAYS_MS,
    confirmationDelaysMs: input.confirmationDelaysMs ?? DEFAULT_CONFIRMATION_DELAYS_MS,
    sweepAfterMs: input.sweepAfterMs ?? 60_000,
    settleBatchSize: input.settleBatchSize ?? DEFAULT_SETTLE_BATCH_SIZE,
    lender: input.lender !== undefined ? input.lender : input.production ? null : DEVELOPMENT_LENDER_MPESA,
  };
}

export function requireKeyring(config: MpesaConfig): Keyring {
  if (!config.keyring) {
    throw new AppError(
      "PRECONDITION_FAILED",
      "M-Pesa is not available on this server yet: it has no encryption key (DATA_ENCRYPTION_KEYS).",
    );
  }
  return config.keyring;
}
