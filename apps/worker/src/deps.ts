import type { Logger } from "@kavi/api";
import type { AiSettings, EmailQuotas, MpesaConfig, WebhookConfig } from "@kavi/api/services";
import type { Database } from "@kavi/db";
import type { JobQueue } from "@kavi/jobs";
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
  /** Outgoing webhooks: egress policy, retry schedule, the keyring that holds signing secrets. */
  webhooks: WebhookConfig;
}
