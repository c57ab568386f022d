import { type DbOrTx, fileDeletions, files, transactions } from "@kavi/db";
import { FILE_PURPOSE_RULES, type FilePurpose, type TRequestUpload, uploadProblem } from "@kavi/domain";
import { newObjectKey, SNIFF_BYTES, type Storage, sniffContentType } from "@kavi/storage";
import { and, asc, count, eq, inArray, like, lt } from "drizzle-orm";
import { AppError } from "../../errors";
import type { Logger } from "../../logger";
import { recordActivity } from "../activity";
import type { ServiceContext } from "../service-context";
import { inTransaction } from "../unit-of-work";

/**
 * Files a business keeps in storage. The browser uploads straight to the bucket with a presigned PUT signed for
 * the declared type and exact size; `completeUpload` then reads the object's first bytes and keeps it only if it
 * really is an allowed type. Every lookup is by (business, file id, purpose), so another business's file answers
 * NOT_FOUND like a missing one.
 */
export type TFileRow = typeof files.$inferSelect;

/** How many files one transaction may carry. */
export const MAX_ATTACHMENTS_PER_TRANSACTION = 10;

export interface FileLinks {
  transactionId?: string | null;
}

export interface RequestedUpload {
  fileId: string;
  upload: { url: string; method: "PUT"; headers: Record<string, string>; expiresAt: Date };
}

export async function requestUpload(
  ctx: ServiceContext,
  businessId: string,
  purpose: FilePurpose,
  input: TRequestUpload,
  links: FileLinks = {},
): Promise<RequestedUpload> {
  const problem = uploadProblem(purpose, input.contentType, input.size);
  if (problem) {
    const field = problem.startsWith("Choose") ? "contentType" : "size";
    throw new AppError("BAD_REQUEST", problem, { fieldErrors: { [field]: [problem] } });
  }
  const transactionId = links.transactionId ?? null;
  if (transactionId) await assertTransactionTakesAttachment(ctx.db, businessId, transactionId);
  const objectKey = newObjectKey(businessId, purpose);
  const [row] = await ctx.db
    .insert(files)
    .values({
      businessId,
      uploadedByUserId: ctx.actor.userId,
      purpose,
      objectKey,
      fileName: input.fileName,
      declaredContentType: input.contentType,
      sizeBytes: input.size,
      transactionId,
    })
    .returning({ id: files.id });
  if (!row) throw new Error("requestUpload: insert returned nothing");
  const upload = await ctx.storage.presignUpload({
    key: objectKey,
    contentType: input.contentType,
    size: input.size,
    expiresInSeconds: ctx.config.files.uploadUrlSeconds,
    now: ctx.now(),
  });
  return { fileId: row.id, upload };
}

async function assertTransactionTakesAttachment(db: DbOrTx, businessId: string, transactionId: string) {
  const [transaction] = await db
    .select({ id: transactions.id })
    .from(transactions)
    .where(and(eq(transactions.id, transactionId), eq(transactions.businessId, businessId)));
  if (!transaction) throw new AppError("NOT_FOUND", "Transaction not found");
  const [attached] = await db
    .select({ value: count() })
    .from(files)
    .where(and(eq(files.transactionId, transactionId), eq(files.status, "ready")));
  if ((attached?.value ?? 0) >= MAX_ATTACHMENTS_PER_TRANSACTION) {
    throw new AppError(
      "BAD_REQUEST",
      `A transaction can carry ${MAX_ATTACHMENTS_PER_TRANSACTION} files; remove one to add another`,
    );
  }
}

/** The business's file for one of these purposes, or NOT_FOUND. */
export async function findFile(
  db: DbOrTx,
  businessId: string,
  fileId: string,
  purposes: readonly FilePurpose[],
): Promise<TFileRow> {
  const [row] = await db
    .select()
    .from(files)
    .where(
      and(eq(files.id, fileId), eq(files.businessId, businessId), inArray(files.purpose, [...purposes])),
    );
  if (!row) throw new AppError("NOT_FOUND", "File not found");
  return row;
}

/**
 * After the browser's upload: checks the object is there with the signed size and that its bytes are an allowed
 * type. A file that is not is deleted from storage and marked rejected. Calling it again for a ready file is
 * harmless.
 */
export async function completeUpload(
  ctx: ServiceContext,
  businessId: string,
  fileId: string,
  purposes: readonly FilePurpose[],
): Promise<TFileRow> {
  const file = await findFile(ctx.db, businessId, fileId, purposes);
  if (file.status === "ready") return file;
  if (file.status === "rejected") {
    throw new AppError("BAD_REQUEST", "That file was refused; choose another one");
  }
  const head = await ctx.storage.head(file.objectKey);
  if (!head) throw new AppError("BAD_REQUEST", "The upload has not arrived; try again");
  const sniffed = sniffContentType(
    (await ctx.storage.readStart(file.objectKey, SNIFF_BYTES)) ?? new Uint8Array(),
  );
  const allowed = FILE_PURPOSE_RULES[file.purpose].contentTypes as readonly string[];
  if (head.size !== file.sizeBytes || !sniffed || !allowed.includes(sniffed)) {
    await ctx.storage.delete(file.objectKey);
    await ctx.db.update(files).set({ status: "rejected" }).where(eq(files.id, file.id));
    ctx.logger.warn(
      { fileId: file.id, declared: file.declaredContentType, sniffed, size: head.size },
      "upload refused: its bytes are not an allowed type",
    );
    throw new AppError(
      "BAD_REQUEST",
      `That file is not ${FILE_PURPOSE_RULES[file.purpose].label}; choose another one`,
    );
  }
  return inTransaction(ctx, async (tx) => {
    const [ready] = await tx
      .update(files)
      .set({ status: "ready", contentType: sniffed, uploadedAt: ctx.now() })
      .where(and(eq(files.id, file.id), eq(files.status, "pending")))
      .returning();
    if (!ready) return findFile(tx, businessId, fileId, purposes);
    await recordActivity(tx, ctx.actor, {
      action: "file.uploaded",
      entityType: ready.transactionId ? "transaction" : "file",
      entityId: ready.transactionId ?? ready.id,
      metadata: { fileId: ready.id, purpose: ready.purpose, fileName: ready.fileName, size: ready.sizeBytes },
    });
    return ready;
  });
}

/** A short-lived URL to read a ready file. */
export async function fileDownloadUrl(
  ctx: Pick<ServiceContext, "storage" | "config" | "now">,
  file: Pick<TFileRow, "objectKey" | "fileName" | "contentType">,
  options: { inline?: boolean } = {},
): Promise<string> {
  return ctx.storage.presignDownload({
    key: file.objectKey,
    expiresInSeconds: ctx.config.files.downloadUrlSeconds,
    now: ctx.now(),
    fileName: file.fileName,
    inline: options.inline ?? false,
  });
}

export async function downloadFile(
  ctx: ServiceContext,
  businessId: string,
  fileId: string,
  purposes: readonly FilePurpose[],
): Promise<{ url: string; fileName: string; contentType: string | null }> {
  const file = await findFile(ctx.db, businessId, fileId, purposes);
  if (file.status !== "ready") throw new AppError("NOT_FOUND", "File not found");
  return { url: await fileDownloadUrl(ctx, file), fileName: file.fileName, contentType: file.contentType };
}

/** Removes the file (its object goes at once after commit, and again from the sweeper if that fails). */
export async function deleteFile(
  ctx: ServiceContext,
  businessId: string,
  fileId: string,
  purposes: readonly FilePurpose[],
): Promise<void> {
  await inTransaction(ctx, async (tx, afterCommit) => {
    const file = await findFile(tx, businessId, fileId, purposes);
    await tx.delete(files).where(eq(files.id, file.id));
    await recordActivity(tx, ctx.actor, {
      action: "file.deleted",
      entityType: file.transactionId ? "transaction" : "file",
      entityId: file.transactionId ?? file.id,
      metadata: { fileId: file.id, purpose: file.purpose, fileName: file.fileName },
    });
    afterCommit.run(async () => {
      await deleteQueuedObjects(ctx, { keys: [file.objectKey] });
    });
  });
}

export interface FileSummary {
  id: string;
  fileName: string;
  contentType: string | null;
  sizeBytes: number;
  createdAt: Date;
  /** A short-lived URL that shows the file in the browser (thumbnails, previews). */
  viewUrl: string;
  /** The same, as a download with the file's name. */
  downloadUrl: string;
}

export async function listTransactionAttachments(
  ctx: ServiceContext,
  businessId: string,
  transactionId: string,
): Promise<FileSummary[]> {
  // Another business's transaction answers like a missing one (not with an empty list).
  const [transaction] = await ctx.db
    .select({ id: transactions.id })
    .from(transactions)
    .where(and(eq(transactions.id, transactionId), eq(transactions.businessId, businessId)));
  if (!transaction) throw new AppError("NOT_FOUND", "Transaction not found");
  const rows = await ctx.db
    .select()
    .from(files)
    .where(
      and(
        eq(files.businessId, businessId),
        eq(files.transactionId, transactionId),
        inArray(files.purpose, ["transaction_attachment", "receipt"]),
        eq(files.status, "ready"),
      ),
    )
    .orderBy(asc(files.createdAt));
  return Promise.all(
    rows.map(async (row) => ({
      id: row.id,
      fileName: row.fileName,
      contentType: row.contentType,
      sizeBytes: row.sizeBytes,
      createdAt: row.createdAt,
      viewUrl: await fileDownloadUrl(ctx, row, { inline: true }),
      downloadUrl: await fileDownloadUrl(ctx, row),
    })),
  );
}

export interface DeleteQueuedObjectsOptions {
  /** Only these keys (right after a delete); otherwise the oldest queued. */
  keys?: string[];
  /** Only keys under this prefix (a deleted business's). */
  prefix?: string;
  limit?: number;
}

/**
 * Removes queued objects from storage. A queue row stays until the upload URLs signed before the delete have
 * expired, so an upload that lands late is removed by a later sweep too; failures are counted and retried.
 */
export async function deleteQueuedObjects(
  ctx: {
    db: DbOrTx;
    storage: Storage;
    logger: Logger;
    now: () => Date;
    config: { files: { uploadUrlSeconds: number } };
  },
  options: DeleteQueuedObjectsOptions = {},
): Promise<{ deleted: number; failed: number }> {
  const where = options.keys
    ? inArray(fileDeletions.objectKey, options.keys)
    : options.prefix
      ? like(fileDeletions.objectKey, `${options.prefix.replace(/[\\%_]/g, "\\$&")}%`)
      : undefined;
  const queued = await ctx.db
    .select()
    .from(fileDeletions)
    .where(where)
    .orderBy(asc(fileDeletions.createdAt))
    .limit(options.limit ?? 1000);
  let deleted = 0;
  let failed = 0;
  const settledBefore = new Date(ctx.now().getTime() - ctx.config.files.uploadUrlSeconds * 1000);
  for (const row of queued) {
    try {
      await ctx.storage.delete(row.objectKey);
      deleted += 1;
      await ctx.db
        .delete(fileDeletions)
        .where(and(eq(fileDeletions.objectKey, row.objectKey), lt(fileDeletions.createdAt, settledBefore)));
    } catch (error) {
      failed += 1;
      await ctx.db
        .update(fileDeletions)
        .set({
          attempts: row.attempts + 1,
          lastError: error instanceof Error ? error.message.slice(0, 500) : String(error),
        })
        .where(eq(fileDeletions.objectKey, row.objectKey));
    }
  }
  if (failed > 0)
    ctx.logger.warn({ failed, deleted }, "some stored objects could not be deleted; the sweeper retries");
  return { deleted, failed };
}
