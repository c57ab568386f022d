import type { CallbackDelivery } from "./delivery";
import type { DeliveryFault, StkOutcome } from "./outcomes";

export interface DarajaSimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Time between an accepted request and its result (and callback). Default 1000 ms. */
  callbackDelayMs?: number;
  /** Outcome for phones without magic digits. Default "success". */
  defaultOutcome?: StkOutcome;
  /** Receives one line per notable event. Silent by default. */
  log?: (message: string) => void;
  /** Clock for timestamps (freshness checks, receipts). */
  now?: () => Date;
  /** Extra wait of the "delayed" fault. Default 30 s. */
  delayedDeliveryMs?: number;
  /** Out-of-order callbacks are held until this many wait, then sent latest first. Default 2. */
  outOfOrderBatchSize?: number;
  /** …or until the oldest has waited this long. Default 10 s. */
  outOfOrderWindowMs?: number;
  /** Copies sent by the "duplicated" fault. Default 3. */
  duplicateCopies?: number;
  /** Waits before re-sending a failed callback; one entry per re-send. Default [1000, 3000]. */
  deliveryRetryDelaysMs?: readonly number[];
  /** How long a callback receiver has to answer. Default 8 s (Daraja's C2B validation deadline). */
  deliveryTimeoutMs?: number;
  /** A manual prompt nobody answers ends as 1037 after this long. Default 120 s. */
  manualPromptTimeoutMs?: number;
  /** Lifetime of issued tokens. Default 3599 s. */
  tokenTtlSeconds?: number;
  /** Passkeys per shortcode, besides the sandbox passkey of 174379. */
  passkeys?: Readonly<Record<string, string>>;
  /** Accept any passkey for shortcodes without a registered one. Default false. */
  lenientPasskeys?: boolean;
  /** How C2B callbacks write the payer's MSISDN. Default "masked". */
  c2bMsisdnFormat?: "plain" | "masked" | "hashed";
}

/** Faults set through setFault() or POST /__simulator/faults, applied to every later request. */
export interface SimulatorFaults {
  /** Overrides the delivery fault of every callback (magic phone digits included); null leaves it per request. */
  delivery: DeliveryFault | null;
  /** Holds every Daraja API reply this long; the request is processed at once (client timeouts, "outcome unknown"). */
  responseDelayMs: number;
  /** C2B register answers "Urls are already registered" for shortcodes registered before (production behaviour). */
  rejectC2bReRegistration: boolean;
  /**
   * How STK Query and Transaction Status answer, for tests of confirmation: `null` consistently with what the
   * simulator sent; `disagree` contradicts it (STK Query says cancelled, Transaction Status a shilling more);
   * `fail` refuses (STK Query an error envelope, Transaction Status a non-zero ResultCode).
   */
  confirmation: "disagree" | "fail" | null;
}

export interface PendingStkPrompt {
  checkoutRequestId: string;
  merchantRequestId: string;
  businessShortCode: string;
  partyB: string;
  transactionType: string;
  phoneNumber: string;
  amount: number;
  accountReference: string;
  transactionDesc: string;
  /** "manual" waits for a person; "automatic" settles by itself after the callback delay. */
  mode: "manual" | "automatic";
  createdAt: string;
  expiresAt: string;
}

export interface ApiRequestRecord {
  at: string;
  method: string;
  path: string;
  httpStatus: number;
  errorCode?: string;
}

export interface DarajaSimulator {
  /** Base URL to give DarajaClient as baseUrl, e.g. http://127.0.0.1:8089. */
  url: string;
  port: number;
  close(): Promise<void>;
  /** STK prompts not yet settled. */
  pending(): PendingStkPrompt[];
  /** Settles a pending prompt as paid; pin "0000" plays a wrong PIN (2001). */
  approve(checkoutRequestId: string, options?: { pin?: string }): void;
  /** Settles a pending prompt as cancelled by the customer (1032). */
  cancel(checkoutRequestId: string): void;
  /** Every callback the simulator posted or means to post, with the HTTP status of each attempt. */
  deliveries(): CallbackDelivery[];
  /** Every Daraja API request received, with the status answered. */
  requests(): ApiRequestRecord[];
  /** Forgets prompts, registrations, deliveries, request log and faults. Issued tokens stay valid. */
  reset(): void;
  setFault(faults: Partial<SimulatorFaults>): SimulatorFaults;
  faults(): SimulatorFaults;
  /** Makes every token issued so far invalid, as when Daraja expires or replaces one. */
  invalidateTokens(): void;
  registerPasskey(shortCode: string, passkey: string): void;
}
