import { ZFileRefSchema, ZIdSchema, ZRequestUploadSchema } from "@kavi/domain";
import { z } from "zod";
import {
  completeUpload,
  deleteFile,
  downloadFile,
  listTransactionAttachments,
  requestUpload,
} from "../../services/files/files";
import { createTRPCRouter } from "../../trpc";
import { readTransactions, writeTransactions } from "./procedures";

/** Photos and PDFs on a transaction: the browser uploads each straight to storage, then `complete` checks it. */
const ATTACHMENT_PURPOSES = ["transaction_attachment", "receipt"] as const;

export const attachmentsRouter = createTRPCRouter({
  list: readTransactions
    .input(z.object({ transactionId: ZIdSchema }))
    .query(({ ctx, input }) => listTransactionAttachments(ctx, ctx.business.id, input.transactionId)),
  requestUpload: writeTransactions
    .input(ZRequestUploadSchema.extend({ transactionId: ZIdSchema }))
    .mutation(({ ctx, input }) => {
      const { businessId: _scope, transactionId, ...file } = input;
      return requestUpload(ctx, ctx.business.id, "transaction_attachment", file, { transactionId });
    }),
  complete: writeTransactions.input(ZFileRefSchema).mutation(async ({ ctx, input }) => {
    const file = await completeUpload(ctx, ctx.business.id, input.fileId, ["transaction_attachment"]);
    return { id: file.id, fileName: file.fileName, contentType: file.contentType, sizeBytes: file.sizeBytes };
  }),
  download: readTransactions
    .input(ZFileRefSchema)
    .query(({ ctx, input }) => downloadFile(ctx, ctx.business.id, input.fileId, ATTACHMENT_PURPOSES)),
  delete: writeTransactions.input(ZFileRefSchema).mutation(async ({ ctx, input }) => {
    await deleteFile(ctx, ctx.business.id, input.fileId, ATTACHMENT_PURPOSES);
    return { ok: true as const };
  }),
});
