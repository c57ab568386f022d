import type { OcrEngine } from "@kavi/ai";
import type { Logger } from "@kavi/api";
import type { AiSettings, EmailQuotas, MpesaConfig } from "@kavi/api/services";
import type { Database } from "@kavi/db";
import type { JobQueue } from "@kavi/jobs";
import type { Storage } from "@kavi/storage";
import type { Transporter } from "nodemailer";

/** What every processor may use; built once per worker process (or per test). */
export interface WorkerDeps {
  db: Database;
  jobs: JobQueue;
  mailer: Transporter;
  mailFrom: string;
  logger: Logger;
  appUrl: string;
  /** Daily allowances of invoice and reminder emails per business (the server's settings). */
  emailQuotas: EmailQuotas;
  mpesa: MpesaConfig;
  /** Gemini (a null client when no key is set) and its per-business daily allowance. */
  ai: AiSettings;
  /** The uploads bucket, and how long its signed upload URLs last (deletions wait for them to expire). */
  storage: Storage;
  files: { uploadUrlSeconds: number; downloadUrlSeconds: number };
  /** Offline OCR for receipts (started on first use). */
  ocr: OcrEngine;
}
