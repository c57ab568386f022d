import { businesses, type DbOrTx, files } from "@kavi/db";
import type { Storage } from "@kavi/storage";
import { and, eq } from "drizzle-orm";
import { AppError } from "../../errors";
import type { Logger } from "../../logger";
import { recordActivity } from "../activity";
import type { ServiceContext } from "../service-context";
import { inTransaction } from "../unit-of-work";
import { completeUpload, deleteQueuedObjects, fileDownloadUrl, type TFileRow } from "./files";

/** Makes an uploaded (and checked) image the business's logo; the previous logo file is deleted. */
export async function setBusinessLogo(ctx: ServiceContext, businessId: string, fileId: string) {
  const file = await completeUpload(ctx, businessId, fileId, ["business_logo"]);
  return inTransaction(ctx, async (tx, afterCommit) => {
    const [before] = await tx
      .select({ logoFileId: businesses.logoFileId })
      .from(businesses)
      .where(eq(businesses.id, businessId))
      .for("update");
    if (!before) throw new AppError("NOT_FOUND", "Business not found");
    await tx.update(businesses).set({ logoFileId: file.id }).where(eq(businesses.id, businessId));
    if (before.logoFileId && before.logoFileId !== file.id) {
      const [old] = await tx
        .delete(files)
        .where(and(eq(files.id, before.logoFileId), eq(files.businessId, businessId)))
        .returning({ objectKey: files.objectKey });
      if (old)
        afterCommit.run(() => deleteQueuedObjects(ctx, { keys: [old.objectKey] }).then(() => undefined));
    }
    afterCommit.forgetCallers({ businessId });
    await recordActivity(tx, ctx.actor, {
      action: "business.logo_changed",
      entityType: "business",
      entityId: businessId,
      metadata: { fileId: file.id, fileName: file.fileName },
    });
    return { logoUrl: await fileDownloadUrl(ctx, file, { inline: true }) };
  });
}

export async function removeBusinessLogo(ctx: ServiceContext, businessId: string): Promise<void> {
  await inTransaction(ctx, async (tx, afterCommit) => {
    const [before] = await tx
      .select({ logoFileId: businesses.logoFileId })
      .from(businesses)
      .where(eq(businesses.id, businessId))
      .for("update");
    if (!before?.logoFileId) return;
    const [old] = await tx
      .delete(files)
      .where(and(eq(files.id, before.logoFileId), eq(files.businessId, businessId)))
      .returning({ objectKey: files.objectKey });
    afterCommit.forgetCallers({ businessId });
    if (old) afterCommit.run(() => deleteQueuedObjects(ctx, { keys: [old.objectKey] }).then(() => undefined));
    await recordActivity(tx, ctx.actor, {
      action: "business.logo_removed",
      entityType: "business",
      entityId: businessId,
    });
  });
}

/** The business's logo file, if it has one. */
export async function findBusinessLogo(db: DbOrTx, businessId: string): Promise<TFileRow | null> {
  const [row] = await db
    .select({ file: files })
    .from(businesses)
    .innerJoin(files, and(eq(files.id, businesses.logoFileId), eq(files.businessId, businesses.id)))
    .where(and(eq(businesses.id, businessId), eq(files.status, "ready")));
  return row?.file ?? null;
}

/** A short-lived URL showing the logo (screens and the public invoice page), or null. */
export async function businessLogoUrl(
  ctx: Pick<ServiceContext, "db" | "storage" | "config" | "now">,
  businessId: string,
): Promise<string | null> {
  const logo = await findBusinessLogo(ctx.db, businessId);
  return logo ? fileDownloadUrl(ctx, logo, { inline: true }) : null;
}

/** The logo's bytes for a PDF or an email, or null (a missing object is not an error: the document goes without). */
export async function readBusinessLogo(
  ctx: { db: DbOrTx; storage: Storage; logger: Logger },
  businessId: string,
): Promise<{ bytes: Uint8Array; contentType: string } | null> {
  const logo = await findBusinessLogo(ctx.db, businessId);
  if (!logo?.contentType) return null;
  try {
    const bytes = await ctx.storage.read(logo.objectKey);
    return bytes ? { bytes, contentType: logo.contentType } : null;
  } catch (error) {
    ctx.logger.warn({ err: error, businessId }, "could not read the business logo; going without it");
    return null;
  }
}
