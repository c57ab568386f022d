import type { OcrEngine } from "@kavi/ai";
import type { Database } from "@kavi/db";
import type { CbkClient } from "@kavi/fx";
import type { JobQueue } from "@kavi/jobs";
import type { SmsClient } from "@kavi/sms";
import type { SpeechClient } from "@kavi/speech";
import type { Storage } from "@kavi/storage";
import type { Redis } from "ioredis";
import type { Transporter } from "nodemailer";
import type { ApiConfig } from "../config";
import type { Logger } from "../logger";
import type { Actor } from "./activity";
import type { AssistantServices } from "./assistant/ask";
import type { AiSettings } from "./categorisation/config";

/** The settings services read. The server's ApiConfig has them all; the worker builds them from its env. */
export type ServiceConfig = Pick<
  ApiConfig,
  | "environment"
  | "appUrl"
  | "redisPrefix"
  | "mail"
  | "emailQuotas"
  | "mpesa"
  | "webhooks"
  | "files"
  | "dataRights"
  | "speech"
>;

/**
 * Clients and settings built once per process at startup, by the server (its ApiServices) and by the worker
 * (apps/worker/src/context.ts), and passed to every service: nothing is registered by import side effect.
 */
export interface ProcessServices {
  db: Database;
  redis: Redis;
  jobs: JobQueue;
  logger: Logger;
  /** The clock: services and tests read the time from here, never from `new Date()`. */
  now: () => Date;
  config: ServiceConfig;
  /** The uploads bucket (receipts, attachments, logos, KYC documents). */
  storage: Storage;
  /** The SMTP transport that delivers the email outbox (the worker's; the server only writes the outbox). */
  mailer?: Transporter;
  /** Gemini (a null client when no key is set) and its per-business daily allowance (the worker's). */
  ai?: AiSettings;
  /** ElevenLabs, for reading assistant answers aloud (the worker's); null when no key is set. */
  speech?: SpeechClient | null;
  /** The assistant's brain and metric hooks (the server's; the offline engine and no metrics when absent). */
  assistant?: AssistantServices;
  /**
   * Africa's Talking (the local simulator in development); null when no key is set. The server has it too, so
   * a Send by SMS button can say SMS is not set up instead of queueing what can never go.
   */
  sms?: SmsClient | null;
  /** Offline OCR for receipts, started on first use (the worker's). */
  ocr?: OcrEngine;
  /** The exchange-rate provider (CBK, or the local fake), for the daily rates job (the worker's). */
  fx?: CbkClient;
}

/**
 * The one context every domain service takes first: `(ctx, input)`. The procedure builder's context is one
 * (the acting member); the worker builds one per process acting as the system (SYSTEM_ACTOR).
 */
export interface ServiceContext extends ProcessServices {
  actor: Actor;
}

/** A context that can send email (the worker's). */
export type MailingServiceContext = ServiceContext & Required<Pick<ProcessServices, "mailer">>;

/** A context that can read receipt photos: offline OCR and Gemini's allowance (the worker's). */
export type ReadingServiceContext = ServiceContext & Required<Pick<ProcessServices, "ocr" | "ai">>;
