import { z } from "zod";

/** The Africa's Talking settings (docs/configuration.md), for each app's env schema. */
export const smsEnvShape = {
  /** Unset: no SMS (the Send by SMS button says so). `pnpm dev` sets one for the local simulator. */
  AFRICASTALKING_API_KEY: z.string().min(1).optional(),
  /** The app's username; `sandbox` for Africa's Talking's sandbox. */
  AFRICASTALKING_USERNAME: z.string().min(1).max(100).default("sandbox"),
  /** Overrides the live API: the local simulator (http://127.0.0.1:8099/version1) in development and tests. */
  AFRICASTALKING_BASE_URL: z.url().default("https://api.africastalking.com/version1"),
  /** The sender id or short code used when a business has not set its own (unset: Africa's Talking's default). */
  AFRICASTALKING_SENDER_ID: z.string().min(1).max(11).optional(),
  AFRICASTALKING_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(60).default(10),
  /**
   * The secret in the delivery report URL registered with Africa's Talking
   * (`<API_PUBLIC_URL>/api/webhooks/africastalking/<token>/delivery`): AT signs nothing, so the URL is the secret.
   */
  AFRICASTALKING_CALLBACK_TOKEN: z.string().min(16).max(200).optional(),
};

export interface SmsSettings {
  apiKey: string;
  username: string;
  baseUrl: string;
  defaultSenderId: string | null;
  timeoutSeconds: number;
}

export function smsSettingsFromEnv(env: {
  AFRICASTALKING_API_KEY?: string | undefined;
  AFRICASTALKING_USERNAME: string;
  AFRICASTALKING_BASE_URL: string;
  AFRICASTALKING_SENDER_ID?: string | undefined;
  AFRICASTALKING_TIMEOUT_SECONDS: number;
}): SmsSettings | null {
  if (!env.AFRICASTALKING_API_KEY) return null;
  return {
    apiKey: env.AFRICASTALKING_API_KEY,
    username: env.AFRICASTALKING_USERNAME,
    baseUrl: env.AFRICASTALKING_BASE_URL.replace(/\/$/, ""),
    defaultSenderId: env.AFRICASTALKING_SENDER_ID ?? null,
    timeoutSeconds: env.AFRICASTALKING_TIMEOUT_SECONDS,
  };
}

/** The client when a key is set, else null (SMS off). */
export function smsClientFromEnv(env: Parameters<typeof smsSettingsFromEnv>[0]): SmsClient | null {
  const settings = smsSettingsFromEnv(env);
  return settings ? createSmsClient(settings) : null;
}

/** Why a send failed, and whether trying again later could help (timeouts, 5xx, 500–502 per recipient: yes). */
export class SmsError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "SmsError";
  }
}

export const ZSmsRecipientSchema = z.object({
  statusCode: z.coerce.number().int(),
  number: z.string(),
  status: z.string(),
  cost: z.string(),
  messageId: z.string(),
});

export const ZSmsSendResponseSchema = z.object({
  SMSMessageData: z.object({
    Message: z.string(),
    Recipients: z.array(ZSmsRecipientSchema),
  }),
});

export type TSmsRecipient = z.infer<typeof ZSmsRecipientSchema>;

/** Per-recipient status codes: 100–102 accepted; 500–502 worth another try; the rest final for that number. */
export function recipientOutcome(statusCode: number): "accepted" | "retryable" | "rejected" {
  if (statusCode >= 100 && statusCode <= 102) return "accepted";
  if (statusCode >= 500 && statusCode <= 502) return "retryable";
  return "rejected";
}

export interface SmsSendInput {
  to: string;
  message: string;
  from?: string | null;
}

export interface SmsClient {
  readonly settings: SmsSettings;
  /** Sends one message to one number; resolves with that recipient's entry (accepted or not). */
  send(input: SmsSendInput): Promise<TSmsRecipient>;
}

/**
 * Africa's Talking's HTTP API on fetch, at a configurable base URL (the official SDK's URLs are fixed). No
 * retries here: the `sms` queue's job retries (with backoff) decide that.
 */
export function createSmsClient(settings: SmsSettings, fetchImpl: typeof fetch = fetch): SmsClient {
  return {
    settings,
    async send(input) {
      const form = new URLSearchParams({ username: settings.username, to: input.to, message: input.message });
      const from = input.from ?? settings.defaultSenderId;
      if (from) form.set("from", from);
      let response: Response;
      try {
        response = await fetchImpl(`${settings.baseUrl}/messaging`, {
          method: "POST",
          headers: {
            apiKey: settings.apiKey,
            Accept: "application/json",
            "Content-Type": "application/x-www-form-urlencoded",
          },
          body: form.toString(),
          signal: AbortSignal.timeout(settings.timeoutSeconds * 1000),
        });
      } catch (error) {
        const timedOut = error instanceof Error && error.name === "TimeoutError";
        throw new SmsError(
          timedOut ? "Africa's Talking timed out" : `Africa's Talking unreachable: ${String(error)}`,
          null,
          true,
        );
      }
      const text = await response.text().catch(() => "");
      if (response.status !== 201) {
        const status = response.status;
        const retryable = status === 408 || status === 429 || status >= 500;
        throw new SmsError(
          `Africa's Talking answered ${status}: ${text.slice(0, 200) || response.statusText}`,
          status,
          retryable,
        );
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new SmsError("Africa's Talking sent a reply that is not JSON", 201, true);
      }
      const parsed = ZSmsSendResponseSchema.safeParse(json);
      if (!parsed.success) throw new SmsError("Africa's Talking sent a reply of an unknown shape", 201, true);
      const recipient = parsed.data.SMSMessageData.Recipients[0];
      if (!recipient) {
        // All-invalid input comes back 201 with no recipients and the reason in Message.
        throw new SmsError(`Africa's Talking refused: ${parsed.data.SMSMessageData.Message}`, 201, false);
      }
      return recipient;
    },
  };
}

/** A delivery report as Africa's Talking posts it (form-encoded). */
export const ZSmsDeliveryReportSchema = z.object({
  id: z.string().min(1).max(100),
  status: z.enum([
    "Sent",
    "Submitted",
    "Buffered",
    "Rejected",
    "Success",
    "Failed",
    "AbsentSubscriber",
    "Expired",
  ]),
  phoneNumber: z.string().min(1).max(30),
  networkCode: z.string().max(10).optional(),
  failureReason: z.string().max(100).optional(),
  retryCount: z.coerce.number().int().min(0).optional(),
});
export type TSmsDeliveryReport = z.infer<typeof ZSmsDeliveryReportSchema>;

export const FINAL_DELIVERY_STATUSES = ["Rejected", "Success", "Failed"] as const;
