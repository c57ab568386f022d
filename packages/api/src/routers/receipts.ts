import { ZCreateTransactionSchema, ZFileRefSchema, ZIdSchema, ZRequestUploadSchema } from "@kavi/domain";
import { z } from "zod";
import { requestUpload } from "../services/files/files";
import {
  captureReceipt,
  confirmReceipt,
  discardReceipt,
  getReceiptScan,
  listOpenReceiptScans,
} from "../services/files/receipts";
import { businessProcedure, createTRPCRouter } from "../trpc";

/** Snap a receipt → KAVI reads it → confirm a prefilled expense. Booking expenses is transactions.write. */
const readReceipts = businessProcedure("transactions.read");
const writeReceipts = businessProcedure("transactions.write");
const ZScanRefSchema = z.object({ scanId: ZIdSchema });

export const receiptsRouter = createTRPCRouter({
  /** Step 1: a presigned upload for the photo. */
  requestUpload: writeReceipts.input(ZRequestUploadSchema).mutation(({ ctx, input }) => {
    const { businessId: _scope, ...file } = input;
    return requestUpload(ctx, ctx.business.id, "receipt", file);
  }),
  /** Step 2: the photo is checked and queued for reading. */
  capture: writeReceipts
    .input(ZFileRefSchema)
    .mutation(({ ctx, input }) => captureReceipt(ctx, ctx.business.id, input.fileId)),
  get: readReceipts
    .input(ZScanRefSchema)
    .query(({ ctx, input }) => getReceiptScan(ctx, ctx.business.id, input.scanId)),
  listOpen: readReceipts.query(({ ctx }) => listOpenReceiptScans(ctx, ctx.business.id)),
  /** Step 3: the person's expense, booked with the photo attached. */
  confirm: writeReceipts
    .input(ZCreateTransactionSchema.extend({ scanId: ZIdSchema }))
    .mutation(({ ctx, input }) => {
      const { businessId: _scope, scanId, ...transaction } = input;
      return confirmReceipt(ctx, ctx.business, scanId, transaction);
    }),
  discard: writeReceipts.input(ZScanRefSchema).mutation(async ({ ctx, input }) => {
    await discardReceipt(ctx, ctx.business.id, input.scanId);
    return { ok: true as const };
  }),
});
