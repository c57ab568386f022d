import {
  type AttachmentRenderer,
  deliverEmail,
  INVOICE_PDF_ATTACHMENT,
  MONTHLY_REPORT_ATTACHMENT,
  markEmailFailed,
  renderInvoicePdfAttachment,
  renderMonthlyReportAttachment,
  sweepEmailOutbox,
} from "@kavi/api/services";
import type { QueueHandlers } from "@kavi/jobs";
import type { WorkerContext } from "../context";

/** Domains register renderers for the documents their emails carry (invoice PDFs carry the business's logo). */
export function attachmentRenderers(
  ctx: Pick<WorkerContext, "storage" | "logger">,
): Record<string, AttachmentRenderer> {
  return {
    [INVOICE_PDF_ATTACHMENT]: (db, ref) => renderInvoicePdfAttachment(db, ref, ctx),
    [MONTHLY_REPORT_ATTACHMENT]: (db, ref) => renderMonthlyReportAttachment(db, ref),
  };
}

export function emailHandlers(ctx: WorkerContext): QueueHandlers<"email"> {
  const renderers = attachmentRenderers(ctx);
  return {
    "email.send": async ({ emailId }, job) => {
      try {
        return await deliverEmail(ctx, emailId, renderers);
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
