import {
  AiError,
  type GeminiClient,
  type ReceiptReading,
  readReceiptWithGemini,
  readReceiptWithOcr,
} from "@kavi/ai";
import { businesses, type DbOrTx, files, receiptScans } from "@kavi/db";
import type { ZCreateTransactionSchema } from "@kavi/domain";
import { and, desc, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import { AppError } from "../../errors";
import { recordActivity } from "../activity";
import { recordAiUsage, reserveAiRequest } from "../categorisation/ai-usage";
import type { ReadingServiceContext, ServiceContext } from "../service-context";
import { createTransaction } from "../transactions/mutations";
import type { LedgerBusiness } from "../transactions/queries";
import { inTransaction } from "../unit-of-work";
import { completeUpload, deleteQueuedObjects, fileDownloadUrl } from "./files";

/**
 * Receipt capture: a photo is uploaded (purpose "receipt"), `captureReceipt` checks it and queues a reading; the
 * worker reads merchant, date, total and VAT; the person confirms (or corrects) a prefilled expense, which then
 * carries the photo as its attachment.
 */
export type TReceiptScanRow = typeof receiptScans.$inferSelect;
type TCreateTransaction = z.output<typeof ZCreateTransactionSchema>;

export async function captureReceipt(ctx: ServiceContext, businessId: string, fileId: string) {
  const file = await completeUpload(ctx, businessId, fileId, ["receipt"]);
  return inTransaction(ctx, async (tx, afterCommit) => {
    const [existing] = await tx.select().from(receiptScans).where(eq(receiptScans.fileId, file.id));
    if (existing) return existing;
    const [scan] = await tx
      .insert(receiptScans)
      .values({ businessId, fileId: file.id, createdByUserId: ctx.actor.userId })
      .returning();
    if (!scan) throw new Error("captureReceipt: insert returned nothing");
    await recordActivity(tx, ctx.actor, {
      action: "receipt.captured",
      entityType: "receipt",
      entityId: scan.id,
      metadata: { fileId: file.id, fileName: file.fileName },
    });
    afterCommit.enqueue("receipts.read", { scanId: scan.id });
    return scan;
  });
}

async function findScan(db: DbOrTx, businessId: string, scanId: string) {
  const [row] = await db
    .select({ scan: receiptScans, file: files })
    .from(receiptScans)
    .innerJoin(files, eq(files.id, receiptScans.fileId))
    .where(and(eq(receiptScans.id, scanId), eq(receiptScans.businessId, businessId)));
  if (!row) throw new AppError("NOT_FOUND", "Receipt not found");
  return row;
}

export interface ReceiptScanView {
  id: string;
  status: TReceiptScanRow["status"];
  engine: string | null;
  merchant: string | null;
  receiptDate: string | null;
  totalMinor: bigint | null;
  vatMinor: bigint | null;
  currency: string;
  confidence: number | null;
  error: string | null;
  transactionId: string | null;
  createdAt: Date;
  fileName: string;
  /** A short-lived URL showing the photo. */
  imageUrl: string;
}

async function toView(
  ctx: Pick<ServiceContext, "storage" | "config" | "now">,
  { scan, file }: { scan: TReceiptScanRow; file: typeof files.$inferSelect },
): Promise<ReceiptScanView> {
  return {
    id: scan.id,
    status: scan.status,
    engine: scan.engine,
    merchant: scan.merchant,
    receiptDate: scan.receiptDate,
    totalMinor: scan.totalMinor,
    vatMinor: scan.vatMinor,
    currency: scan.currency,
    confidence: scan.confidence,
    error: scan.error,
    transactionId: scan.transactionId,
    createdAt: scan.createdAt,
    fileName: file.fileName,
    imageUrl: await fileDownloadUrl(ctx, file, { inline: true }),
  };
}

export async function getReceiptScan(ctx: ServiceContext, businessId: string, scanId: string) {
  return toView(ctx, await findScan(ctx.db, businessId, scanId));
}

/** Receipts still waiting for a person: being read, read, or unreadable. */
export async function listOpenReceiptScans(ctx: ServiceContext, businessId: string) {
  const rows = await ctx.db
    .select({ scan: receiptScans, file: files })
    .from(receiptScans)
    .innerJoin(files, eq(files.id, receiptScans.fileId))
    .where(
      and(
        eq(receiptScans.businessId, businessId),
        inArray(receiptScans.status, ["queued", "read", "failed"]),
      ),
    )
    .orderBy(desc(receiptScans.createdAt))
    .limit(20);
  return Promise.all(rows.map((row) => toView(ctx, row)));
}

/** The person's (possibly corrected) expense from a receipt: booked, with the photo attached, in one go. */
export async function confirmReceipt(
  ctx: ServiceContext,
  business: LedgerBusiness,
  scanId: string,
  input: TCreateTransaction,
) {
  const { scan } = await findScan(ctx.db, business.id, scanId);
  if (scan.status === "confirmed" || scan.status === "discarded") {
    throw new AppError("CONFLICT", "This receipt has already been dealt with");
  }
  if (input.type !== "expense") throw new AppError("BAD_REQUEST", "A receipt becomes an expense");
  return createTransaction(ctx, business, input, async (tx, transaction) => {
    const [claimed] = await tx
      .update(receiptScans)
      .set({ status: "confirmed", transactionId: transaction.id })
      .where(and(eq(receiptScans.id, scan.id), inArray(receiptScans.status, ["queued", "read", "failed"])))
      .returning({ id: receiptScans.id });
    // Two confirmations at once: the second finds the scan taken and books nothing.
    if (!claimed) throw new AppError("CONFLICT", "This receipt has already been dealt with");
    await tx.update(files).set({ transactionId: transaction.id }).where(eq(files.id, scan.fileId));
    await recordActivity(tx, ctx.actor, {
      action: "receipt.confirmed",
      entityType: "transaction",
      entityId: transaction.id,
      metadata: { scanId: scan.id, engine: scan.engine },
    });
  });
}

/** Not an expense after all: the scan and its photo go. */
export async function discardReceipt(ctx: ServiceContext, businessId: string, scanId: string): Promise<void> {
  const { scan, file } = await findScan(ctx.db, businessId, scanId);
  if (scan.status === "confirmed") throw new AppError("CONFLICT", "This receipt is already an expense");
  await inTransaction(ctx, async (tx, afterCommit) => {
    // The scan row goes with its file (cascade); the trigger queues the object.
    await tx.delete(files).where(eq(files.id, file.id));
    await recordActivity(tx, ctx.actor, {
      action: "receipt.discarded",
      entityType: "receipt",
      entityId: scan.id,
    });
    afterCommit.run(async () => {
      await deleteQueuedObjects(ctx, { keys: [file.objectKey] });
    });
  });
}

async function readWithBestEngine(
  ctx: ReadingServiceContext,
  gemini: GeminiClient | null,
  business: { id: string; timezone: string },
  image: { bytes: Uint8Array; contentType: string },
): Promise<ReceiptReading> {
  const now = ctx.now();
  if (
    gemini &&
    (await reserveAiRequest(ctx.db, business.id, now, business.timezone, ctx.ai.dailyRequestCap))
  ) {
    try {
      const reading = await readReceiptWithGemini(gemini, image);
      await recordAiUsage(ctx.db, business.id, now, business.timezone, null, false);
      return reading;
    } catch (error) {
      await recordAiUsage(
        ctx.db,
        business.id,
        now,
        business.timezone,
        error instanceof AiError ? error.usage : null,
        true,
      );
      ctx.logger.warn(
        { err: error, businessId: business.id },
        "Gemini could not read the receipt; using OCR",
      );
    }
  }
  return readReceiptWithOcr(ctx.ocr, image.bytes);
}

/** The worker's part: reads the photo and stores what it found. Reading a scan twice is harmless. */
export async function readReceiptScan(
  ctx: ReadingServiceContext,
  { scanId }: { scanId: string },
): Promise<void> {
  const [row] = await ctx.db
    .select({ scan: receiptScans, file: files, timezone: businesses.timezone })
    .from(receiptScans)
    .innerJoin(files, eq(files.id, receiptScans.fileId))
    .innerJoin(businesses, eq(businesses.id, receiptScans.businessId))
    .where(eq(receiptScans.id, scanId));
  // Discarded or deleted meanwhile, or already read: nothing to do.
  if (row?.scan.status !== "queued") return;
  const bytes = await ctx.storage.read(row.file.objectKey);
  if (!bytes || !row.file.contentType) {
    await ctx.db
      .update(receiptScans)
      .set({ status: "failed", error: "The photo is no longer stored" })
      .where(eq(receiptScans.id, scanId));
    return;
  }
  const reading = await readWithBestEngine(
    ctx,
    ctx.ai.client,
    { id: row.scan.businessId, timezone: row.timezone },
    { bytes, contentType: row.file.contentType },
  );
  const found = reading.totalMinor !== null || reading.merchant !== null || reading.date !== null;
  await ctx.db
    .update(receiptScans)
    .set({
      status: found ? "read" : "failed",
      engine: reading.engine,
      merchant: reading.merchant?.slice(0, 200) ?? null,
      receiptDate: reading.date,
      totalMinor: reading.totalMinor,
      vatMinor: reading.vatMinor,
      currency: reading.currency,
      confidence: reading.confidence,
      rawText: reading.rawText?.slice(0, 20_000) ?? null,
      error: found ? null : "Nothing could be read from this photo; enter the expense yourself",
      readAt: ctx.now(),
    })
    .where(and(eq(receiptScans.id, scanId), eq(receiptScans.status, "queued")));
}
