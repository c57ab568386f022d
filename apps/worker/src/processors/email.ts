import {
  type AttachmentRenderer,
  deliverEmail,
  INVOICE_PDF_ATTACHMENT,
  markEmailFailed,
  renderInvoicePdfAttachment,
  sweepEmailOutbox,
} from "@kavi/api/services";
import type { QueueHandlers } from "@kavi/jobs";
import type { WorkerContext } from "../context";

/** Domains register renderers for the documents their emails carry. */
export const attachmentRenderers: Record<string, AttachmentRenderer> = {
  [INVOICE_PDF_ATTACHMENT]: renderInvoicePdfAttachment,
};

export function emailHandlers(ctx: WorkerContext): QueueHandlers<"email"> {
  return {
    "email.send": async ({ emailId }, job) => {
      try {
        return await deliverEmail(ctx, emailId, attachmentRenderers);
      } catch (error) {
        const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        if (finalAttempt)
          await markEmailFailed(ctx.db, emailId, error instanceof Error ? error.message : String(error));
        throw error;
      }
    },
    "email.sweep": async () => ({ enqueued: await sweepEmailOutbox(ctx) }),
  };
}
