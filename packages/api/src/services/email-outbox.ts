import { type Database, type DbOrTx, emails, type TEmailAttachmentRef } from "@kavi/db";
import type { JobQueue } from "@kavi/jobs";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Transporter } from "nodemailer";
import type { RenderedEmail } from "../email/layout";
import type { Logger } from "../logger";
import type { AfterCommit } from "./unit-of-work";

export interface QueueEmailInput {
  template: string;
  to: string;
  email: RenderedEmail;
  businessId?: string | null;
  sensitive?: boolean;
  attachments?: TEmailAttachmentRef[];
}

/** Puts an email in the outbox inside the caller's transaction; the send job is enqueued after commit. */
export async function queueEmail(
  tx: DbOrTx,
  afterCommit: AfterCommit,
  input: QueueEmailInput,
): Promise<string> {
  const [row] = await tx
    .insert(emails)
    .values({
      businessId: input.businessId ?? null,
      template: input.template,
      toAddress: input.to,
      subject: input.email.subject,
      html: input.email.html,
      textBody: input.email.text,
      sensitive: input.sensitive ?? false,
      attachments: input.attachments ?? null,
    })
    .returning({ id: emails.id });
  if (!row) throw new Error("email insert returned nothing");
  afterCommit.enqueue("email.send", { emailId: row.id });
  return row.id;
}

export interface RenderedAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

/** Renders the documents an email refers to (invoice PDFs, …) when it is sent. Domains register theirs. */
export type AttachmentRenderer = (db: Database, ref: TEmailAttachmentRef) => Promise<RenderedAttachment>;

export interface DeliverEmailDeps {
  db: Database;
  transport: Transporter;
  from: string;
  logger: Logger;
  attachmentRenderers?: Record<string, AttachmentRenderer>;
}

export type DeliveryOutcome = "sent" | "already-sent" | "missing";

/**
 * Sends one outbox row. Safe to run twice: a row already sent is skipped. Sensitive bodies (reset links,
 * invitations) are erased once delivered.
 */
export async function deliverEmail(deps: DeliverEmailDeps, emailId: string): Promise<DeliveryOutcome> {
  const [email] = await deps.db.select().from(emails).where(eq(emails.id, emailId)).limit(1);
  if (!email) return "missing";
  if (email.status === "sent") return "already-sent";
  await deps.db
    .update(emails)
    .set({ attempts: sql`${emails.attempts} + 1` })
    .where(eq(emails.id, emailId));
  try {
    const attachments = await Promise.all(
      (email.attachments ?? []).map((ref) => {
        const render = deps.attachmentRenderers?.[ref.kind];
        if (!render) throw new Error(`No renderer for attachment kind "${ref.kind}"`);
        return render(deps.db, ref);
      }),
    );
    const info = await deps.transport.sendMail({
      from: deps.from,
      to: email.toAddress,
      subject: email.subject,
      html: email.html ?? undefined,
      text: email.textBody ?? undefined,
      attachments,
    });
    await deps.db
      .update(emails)
      .set({
        status: "sent",
        sentAt: new Date(),
        lastError: null,
        providerMessageId: typeof info.messageId === "string" ? info.messageId : null,
        ...(email.sensitive ? { html: null, textBody: null } : {}),
      })
      .where(eq(emails.id, emailId));
    deps.logger.info({ emailId, template: email.template }, "email sent");
    return "sent";
  } catch (error) {
    await deps.db
      .update(emails)
      .set({ lastError: error instanceof Error ? error.message.slice(0, 1000) : String(error) })
      .where(eq(emails.id, emailId));
    throw error;
  }
}

/** Marks an email failed for good once its job has exhausted its retries. */
export async function markEmailFailed(db: Database, emailId: string, reason: string): Promise<void> {
  await db
    .update(emails)
    .set({ status: "failed", lastError: reason.slice(0, 1000) })
    .where(and(eq(emails.id, emailId), eq(emails.status, "queued")));
}

/** Re-enqueues queued emails older than a minute; the deterministic job id makes this harmless for live ones. */
export async function sweepEmailOutbox(db: Database, jobs: JobQueue, olderThanMs = 60_000): Promise<number> {
  const stale = await db
    .select({ id: emails.id })
    .from(emails)
    .where(and(eq(emails.status, "queued"), lt(emails.createdAt, new Date(Date.now() - olderThanMs))))
    .limit(500);
  for (const { id } of stale) await jobs.enqueue("email.send", { emailId: id });
  return stale.length;
}
