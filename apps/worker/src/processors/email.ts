import {
  type AttachmentRenderer,
  deliverEmail,
  INVOICE_PDF_ATTACHMENT,
  markEmailFailed,
  renderInvoicePdfAttachment,
  sweepEmailOutbox,
} from "@kavi/api/services";
import type { QueueHandlers } from "@kavi/jobs";
import type { WorkerDeps } from "../deps";

/** Domains register renderers for the documents their emails carry (invoice PDFs carry the business's logo). */
export function attachmentRenderers(
  deps: Pick<WorkerDeps, "storage" | "logger">,
): Record<string, AttachmentRenderer> {
  return {
    [INVOICE_PDF_ATTACHMENT]: (db, ref) => renderInvoicePdfAttachment(db, ref, deps),
  };
}

export function emailHandlers(deps: WorkerDeps): QueueHandlers<"email"> {
  const renderers = attachmentRenderers(deps);
  return {
    "email.send": async ({ emailId }, job) => {
      try {
        return await deliverEmail(
          {
            db: deps.db,
            transport: deps.mailer,
            from: deps.mailFrom,
            logger: deps.logger,
            attachmentRenderers: renderers,
          },
          emailId,
        );
      } catch (error) {
        const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        if (finalAttempt)
          await markEmailFailed(deps.db, emailId, error instanceof Error ? error.message : String(error));
        throw error;
      }
    },
    "email.sweep": async () => ({ enqueued: await sweepEmailOutbox(deps.db, deps.jobs) }),
  };
}
