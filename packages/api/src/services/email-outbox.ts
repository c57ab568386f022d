import { type Database, type DbOrTx, emails, insertRows, type TEmailAttachmentRef } from "@kavi/db";
import type { EmailTemplate } from "@kavi/domain";
import { and, eq, lt, sql } from "drizzle-orm";
import type { RenderedEmail } from "../email/layout";
import type { MailingServiceContext, ServiceContext } from "./service-context";
import type { AfterCommit } from "./unit-of-work";

export interface QueueEmailInput {
  /** Its entry in `EMAIL_TEMPLATES` says which preference, if any, governs it. */
  template: EmailTemplate;
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
  const [id] = await queueEmails(tx, afterCommit, [input]);
  if (!id) throw new Error("email insert returned nothing");
  return id;
}

/** queueEmail for many emails (a settlement batch's receipts): one insert; the unit of work sends one addBulk. */
export async function queueEmails(
  tx: DbOrTx,
  afterCommit: AfterCommit,
  inputs: readonly QueueEmailInput[],
): Promise<string[]> {
  if (inputs.length === 0) return [];
  const rows = await insertRows(
    tx,
    emails,
    inputs.map((input) => ({
      businessId: input.businessId ?? null,
      template: input.template,
      toAddress: input.to,
      subject: input.email.subject,
      html: input.email.html,
      textBody: input.email.text,
      sensitive: input.sensitive ?? false,
      attachments: input.attachments ?? null,
    })),
    { returning: true },
  );
  if (rows.length !== inputs.length) throw new Error("email insert returned nothing");
  for (const row of rows) afterCommit.enqueue("email.send", { emailId: row.id });
  return rows.map((row) => row.id);
}

export interface RenderedAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

/** Renders the documents an email refers to (invoice PDFs, …) when it is sent. Domains register theirs. */
export type AttachmentRenderer = (db: Database, ref: TEmailAttachmentRef) => Promise<RenderedAttachment>;

export type DeliveryOutcome = "sent" | "already-sent" | "missing";

/**
 * Sends one outbox row. Safe to run twice: a row already sent is skipped. Sensitive bodies (reset links,
 * invitations) are erased once delivered.
 */
export async function deliverEmail(
  ctx: MailingServiceContext,
  emailId: string,
  attachmentRenderers: Readonly<Record<string, AttachmentRenderer>> = {},
): Promise<DeliveryOutcome> {
  const [email] = await ctx.db.select().from(emails).where(eq(emails.id, emailId)).limit(1);
  if (!email) return "missing";
  if (email.status === "sent") return "already-sent";
  await ctx.db
    .update(emails)
    .set({ attempts: sql`${emails.attempts} + 1` })
    .where(eq(emails.id, emailId));
  try {
    const attachments = await Promise.all(
      (email.attachments ?? []).map((ref) => {
        const render = attachmentRenderers[ref.kind];
        if (!render) throw new Error(`No renderer for attachment kind "${ref.kind}"`);
        return render(ctx.db, ref);
      }),
    );
    const info = await ctx.mailer.sendMail({
      from: ctx.config.mail.from,
      to: email.toAddress,
      subject: email.subject,
      html: email.html ?? undefined,
      text: email.textBody ?? undefined,
      attachments,
    });
    await ctx.db
      .update(emails)
      .set({
        status: "sent",
        sentAt: ctx.now(),
        lastError: null,
        providerMessageId: typeof info.messageId === "string" ? info.messageId : null,
        ...(email.sensitive ? { html: null, textBody: null } : {}),
      })
      .where(eq(emails.id, emailId));
    ctx.logger.info({ emailId, template: email.template }, "email sent");
    return "sent";
  } catch (error) {
    await ctx.db
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
export async function sweepEmailOutbox(
  ctx: Pick<ServiceContext, "db" | "jobs" | "now">,
  olderThanMs = 60_000,
): Promise<number> {
  const stale = await ctx.db
    .select({ id: emails.id })
    .from(emails)
    .where(
      and(eq(emails.status, "queued"), lt(emails.createdAt, new Date(ctx.now().getTime() - olderThanMs))),
    )
    .limit(500);
  for (const { id } of stale) await ctx.jobs.enqueue("email.send", { emailId: id });
  return stale.length;
}
