import { createWriteStream, type WriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { businesses, type DbOrTx, dataExports, fileDeletions, users } from "@kavi/db";
import { toCsvLine } from "@kavi/domain";
import { newAccountObjectKey, newObjectKey } from "@kavi/storage";
import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { Zip, ZipDeflate } from "fflate";
import { dataExportReadyEmail } from "../../email/templates/data-rights";
import { AppError } from "../../errors";
import { recordActivity } from "../activity";
import { queueEmail } from "../email-outbox";
import { deleteQueuedObjects } from "../files/files";
import { businessDisplayName } from "../invoices/context";
import type { ServiceContext } from "../service-context";
import { inTransaction } from "../unit-of-work";
import { formatMomentFor, languageOfUser } from "../user-language";

/**
 * Data exports (Kenya Data Protection Act, right of access and portability). A request writes a row and
 * enqueues `privacy.build-export`; the job streams each table page by page through a zip written to a temporary
 * file (memory stays flat however large the business), uploads it under an unguessable key, and emails the
 * requester a short-lived link. Zips are deleted after `DATA_EXPORT_KEEP_DAYS`.
 */

export type TDataExportRow = typeof dataExports.$inferSelect;
export type ExportScope = { kind: "account"; userId: string } | { kind: "business"; businessId: string };

/** Rows fetched per round trip while streaming a table. */
const PAGE_ROWS = 500;

/** Columns never exported, whatever table they are in: secrets, their hashes and storage keys. */
const REDACTED_COLUMN =
  /(^|_)(password|secret|passkey)|_hash$|_ciphertext$|^public_token$|^object_key$|^token/;

function scopeWhere(scope: ExportScope) {
  return scope.kind === "account"
    ? and(eq(dataExports.kind, "account"), eq(dataExports.requestedByUserId, scope.userId))
    : and(eq(dataExports.kind, "business"), eq(dataExports.businessId, scope.businessId));
}

/** What Settings shows: the latest exports of the account or of the business. */
export async function listDataExports(db: DbOrTx, scope: ExportScope) {
  const rows = await db
    .select({
      id: dataExports.id,
      kind: dataExports.kind,
      status: dataExports.status,
      sizeBytes: dataExports.sizeBytes,
      createdAt: dataExports.createdAt,
      completedAt: dataExports.completedAt,
      expiresAt: dataExports.expiresAt,
      requestedBy: users.fullName,
    })
    .from(dataExports)
    .leftJoin(users, eq(users.id, dataExports.requestedByUserId))
    .where(scopeWhere(scope))
    .orderBy(desc(dataExports.createdAt))
    .limit(10);
  return rows;
}

/** Asks for an export; one at a time per account or business (a second request while one builds is refused). */
export async function requestDataExport(
  ctx: ServiceContext,
  input: { scope: ExportScope; userId: string },
): Promise<TDataExportRow> {
  return inTransaction(ctx, async (tx, afterCommit) => {
    // Serialise requests for one subject: two clicks at once must not both pass the check below.
    const lockKey = input.scope.kind === "account" ? input.scope.userId : input.scope.businessId;
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`data-export:${lockKey}`}))`);
    const [pending] = await tx
      .select({ id: dataExports.id })
      .from(dataExports)
      .where(and(scopeWhere(input.scope), inArray(dataExports.status, ["queued", "building"])))
      .limit(1);
    if (pending) {
      throw new AppError(
        "CONFLICT",
        "An export is already being prepared. You will get an email when it is ready.",
      );
    }
    const [row] = await tx
      .insert(dataExports)
      .values({
        kind: input.scope.kind,
        requestedByUserId: input.userId,
        businessId: input.scope.kind === "business" ? input.scope.businessId : null,
      })
      .returning();
    if (!row) throw new Error("data export insert returned nothing");
    await recordActivity(tx, ctx.actor, {
      action:
        input.scope.kind === "account" ? "account.data_export_requested" : "business.data_export_requested",
      entityType: "data_export",
      entityId: row.id,
      businessId: input.scope.kind === "business" ? input.scope.businessId : null,
    });
    afterCommit.enqueue("privacy.build-export", { exportId: row.id });
    return row;
  });
}

/** A fresh short-lived link to a ready export of this account or business; anything else answers NOT_FOUND. */
export async function dataExportDownloadUrl(
  ctx: ServiceContext,
  input: { scope: ExportScope; exportId: string },
): Promise<{ url: string; expiresAt: Date }> {
  const [row] = await ctx.db
    .select()
    .from(dataExports)
    .where(and(eq(dataExports.id, input.exportId), scopeWhere(input.scope)))
    .limit(1);
  if (row?.status !== "ready" || !row.objectKey) throw new AppError("NOT_FOUND", "Export not found");
  await recordActivity(ctx.db, ctx.actor, {
    action:
      input.scope.kind === "account" ? "account.data_export_downloaded" : "business.data_export_downloaded",
    entityType: "data_export",
    entityId: row.id,
    businessId: row.businessId,
  });
  return {
    url: await presignExport(ctx, row.objectKey, row),
    expiresAt: new Date(ctx.now().getTime() + ctx.config.dataRights.exportLinkSeconds * 1000),
  };
}

function presignExport(
  ctx: Pick<ServiceContext, "storage" | "config" | "now">,
  key: string,
  row: Pick<TDataExportRow, "kind" | "createdAt">,
) {
  const day = row.createdAt.toISOString().slice(0, 10);
  return ctx.storage.presignDownload({
    key,
    expiresInSeconds: ctx.config.dataRights.exportLinkSeconds,
    now: ctx.now(),
    fileName: `kavi-${row.kind}-export-${day}.zip`,
  });
}

/** A cell as text: dates in ISO, JSON as JSON, money (bigint) exact. */
function cell(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "object")
    return JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v));
  return String(value);
}

/** The zip, written to a file as fflate produces it; waits for the disk when the stream is full. */
class ZipFile {
  private readonly zip: Zip;
  private failure: Error | null = null;
  private readonly done: Promise<void>;

  constructor(private readonly out: WriteStream) {
    let finish: () => void = () => {};
    let fail: (error: Error) => void = () => {};
    this.done = new Promise<void>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
    this.zip = new Zip((error, chunk, final) => {
      if (error) {
        this.failure = error;
        fail(error);
        return;
      }
      out.write(chunk);
      if (final) out.end(() => finish());
    });
    out.on("error", (error) => {
      this.failure = error;
      fail(error);
    });
  }

  /** Starts a file in the zip; push text to it, then end it. */
  file(name: string) {
    const entry = new ZipDeflate(name, { level: 6 });
    this.zip.add(entry);
    const encoder = new TextEncoder();
    return {
      push: async (text: string) => {
        if (this.failure) throw this.failure;
        entry.push(encoder.encode(text));
        if (this.out.writableNeedDrain)
          await new Promise<void>((resolve) => this.out.once("drain", () => resolve()));
      },
      end: () => entry.push(new Uint8Array(), true),
    };
  }

  async close() {
    this.zip.end();
    await this.done;
  }
}

interface TableQuery {
  /** The file name inside the zip (without .csv). */
  name: string;
  query: ReturnType<typeof sql>;
}

/** Every table that holds a business's rows: those with a business_id column, the business itself, and children. */
async function businessTables(db: DbOrTx, businessId: string): Promise<TableQuery[]> {
  const result = await db.execute<{ table_name: string }>(sql`
    select table_name from information_schema.columns
    where table_schema = 'public' and column_name = 'business_id'
      and table_name not in ('data_exports', 'scheduled_report_sends')
    order by table_name`);
  const tables: TableQuery[] = [
    { name: "businesses", query: sql`select * from businesses where id = ${businessId}` },
    ...result.rows.map((row) => ({
      name: row.table_name,
      query: sql`select * from ${sql.identifier(row.table_name)} where business_id = ${businessId} order by 1`,
    })),
  ];
  // Children that reach the business only through their parent.
  tables.push(
    {
      name: "loan_instalments",
      query: sql`select i.* from loan_instalments i join loans l on l.id = i.loan_id where l.business_id = ${businessId} order by 1`,
    },
    {
      name: "loan_documents",
      query: sql`select d.* from loan_documents d join loans l on l.id = d.loan_id where l.business_id = ${businessId} order by 1`,
    },
  );
  return tables;
}

/** A person's own data: their account, profile, memberships, sessions and what they did (the audit log). */
function accountTables(userId: string): TableQuery[] {
  return [
    { name: "profile", query: sql`select * from users where id = ${userId}` },
    { name: "profile_settings", query: sql`select * from user_profiles where user_id = ${userId}` },
    {
      name: "memberships",
      query: sql`select m.id, m.business_id, coalesce(b.trading_name, b.legal_name) as business_name, m.role,
        m.created_at from memberships m join businesses b on b.id = m.business_id where m.user_id = ${userId} order by m.created_at`,
    },
    {
      name: "sessions",
      query: sql`select id, ip, user_agent, device_label, created_at, last_seen_at, expires_at, ended_at, end_reason
        from sessions where user_id = ${userId} order by created_at`,
    },
    {
      name: "activity",
      query: sql`select id, business_id, action, entity_type, entity_id, changes, metadata, ip, user_agent, created_at
        from activity_log where actor_user_id = ${userId} order by created_at`,
    },
    {
      name: "notifications",
      query: sql`select * from notifications where user_id = ${userId} order by created_at`,
    },
    {
      name: "sign_in_attempts",
      query: sql`select id, ip, user_agent, reason, created_at from failed_login_attempts where user_id = ${userId} order by created_at`,
    },
    {
      name: "assistant_conversations",
      query: sql`select * from assistant_conversations where user_id = ${userId} order by created_at`,
    },
  ];
}

/**
 * Streams each table through a cursor into `tables/<name>.csv`, all in one read-only snapshot, so the files
 * agree with each other. Returns rows per table.
 */
async function writeTables(
  ctx: Pick<ServiceContext, "db">,
  zip: ZipFile,
  tables: TableQuery[],
): Promise<{ name: string; file: string; rows: number; columns: string[] }[]> {
  return ctx.db.transaction(
    async (tx) => {
      const written: { name: string; file: string; rows: number; columns: string[] }[] = [];
      for (const table of tables) {
        const file = `tables/${table.name}.csv`;
        const out = zip.file(file);
        await tx.execute(sql`declare export_rows no scroll cursor for ${table.query}`);
        let columns: string[] | null = null;
        let redacted: boolean[] = [];
        let rows = 0;
        for (;;) {
          const page = await tx.execute<Record<string, unknown>>(
            sql`fetch ${sql.raw(String(PAGE_ROWS))} from export_rows`,
          );
          if (!columns) {
            columns = page.fields.map((field) => field.name);
            redacted = columns.map((name) => REDACTED_COLUMN.test(name));
            await out.push(`${toCsvLine(columns)}\r\n`);
          }
          if (page.rows.length === 0) break;
          const names = columns;
          const lines = page.rows.map(
            (row) =>
              `${toCsvLine(names.map((name, i) => (redacted[i] ? (row[name] == null ? null : "[redacted]") : cell(row[name]))))}\r\n`,
          );
          await out.push(lines.join(""));
          rows += page.rows.length;
          if (page.rows.length < PAGE_ROWS) break;
        }
        await tx.execute(sql`close export_rows`);
        out.end();
        written.push({ name: table.name, file, rows, columns: columns ?? [] });
      }
      return written;
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

/** The job: builds the zip, uploads it, marks the export ready and emails the link. Safe to run again. */
export async function buildDataExport(ctx: ServiceContext, exportId: string) {
  const [row] = await ctx.db.select().from(dataExports).where(eq(dataExports.id, exportId)).limit(1);
  if (!row) return { state: "missing" as const };
  if (row.status === "ready" || row.status === "expired") return { state: "already-built" as const };
  await ctx.db
    .update(dataExports)
    .set({ status: "building", startedAt: ctx.now() })
    .where(eq(dataExports.id, exportId));
  const business =
    row.kind === "business" && row.businessId
      ? ((await ctx.db.select().from(businesses).where(eq(businesses.id, row.businessId)).limit(1))[0] ??
        null)
      : null;
  if (row.kind === "business" && !business) return { state: "missing" as const };
  const directory = await mkdtemp(join(tmpdir(), "kavi-export-"));
  try {
    const path = join(directory, "export.zip");
    const zip = new ZipFile(createWriteStream(path));
    const tables = business
      ? await businessTables(ctx.db, business.id)
      : accountTables(row.requestedByUserId);
    const written = await writeTables(ctx, zip, tables);
    const storedFiles = business
      ? (
          await ctx.db.execute<Record<string, unknown>>(sql`
            select id, file_name, content_type, size_bytes, purpose, status, transaction_id, created_at
            from files where business_id = ${business.id} order by created_at`)
        ).rows.map((file) =>
          Object.fromEntries(Object.entries(file).map(([key, value]) => [key, cell(value)])),
        )
      : [];
    const manifest = {
      format: "kavi-data-export/1",
      kind: row.kind,
      exportedAt: ctx.now().toISOString(),
      exportId: row.id,
      ...(business ? { business: { id: business.id, name: businessDisplayName(business) } } : {}),
      ...(business ? {} : { userId: row.requestedByUserId }),
      tables: written.map((table) => ({
        name: table.name,
        file: table.file,
        rows: table.rows,
        columns: table.columns,
      })),
      /** Stored documents (receipts, attachments, logos): listed here; download each from KAVI. */
      files: storedFiles,
      notes: [
        "Amounts ending in _minor are integer minor units (cents) of the row's currency.",
        "Times are ISO 8601 in UTC. Secrets, password and token hashes and storage keys are shown as [redacted].",
      ],
    };
    const manifestFile = zip.file("manifest.json");
    await manifestFile.push(JSON.stringify(manifest, null, 2));
    manifestFile.end();
    await zip.close();
    const key = business
      ? newObjectKey(business.id, "data_export")
      : newAccountObjectKey(row.requestedByUserId, "data_export");
    const size = await ctx.storage.putFile(key, path, "application/zip");
    const now = ctx.now();
    const expiresAt = new Date(now.getTime() + ctx.config.dataRights.exportKeepDays * 86_400_000);
    const [requester] = await ctx.db
      .select({ email: users.email })
      .from(users)
      .where(eq(users.id, row.requestedByUserId))
      .limit(1);
    const language = await languageOfUser(ctx.db, row.requestedByUserId);
    const url = await presignExport(ctx, key, row);
    const linkExpires = formatMomentFor(
      new Date(now.getTime() + ctx.config.dataRights.exportLinkSeconds * 1000),
      language,
    );
    await inTransaction(ctx, async (tx, afterCommit) => {
      await tx
        .update(dataExports)
        .set({ status: "ready", objectKey: key, sizeBytes: size, completedAt: now, expiresAt, error: null })
        .where(eq(dataExports.id, exportId));
      await recordActivity(
        tx,
        { ...ctx.actor, businessId: row.businessId },
        {
          action: business ? "business.data_export_ready" : "account.data_export_ready",
          entityType: "data_export",
          entityId: row.id,
          metadata: { sizeBytes: size, tables: written.length },
        },
      );
      if (requester) {
        await queueEmail(tx, afterCommit, {
          template: "data-export-ready",
          to: requester.email,
          businessId: row.businessId,
          // The link is a bearer credential: the body is erased once sent.
          sensitive: true,
          email: dataExportReadyEmail({
            language,
            businessName: business ? businessDisplayName(business) : null,
            url,
            linkExpires,
            settingsUrl: `${ctx.config.appUrl.replace(/\/$/, "")}/account/security`,
          }),
        });
      }
    });
    ctx.logger.info({ exportId, sizeBytes: size, tables: written.length }, "data export built");
    return { state: "built" as const, sizeBytes: size, tables: written.length };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** After the job's last attempt: the export shows as failed and may be asked for again. */
export async function markDataExportFailed(
  ctx: Pick<ServiceContext, "db">,
  exportId: string,
  reason: string,
) {
  await ctx.db
    .update(dataExports)
    .set({ status: "failed", error: reason.slice(0, 500) })
    .where(and(eq(dataExports.id, exportId), inArray(dataExports.status, ["queued", "building"])));
}

/** Deletes zips past their keep date (the row stays, as "expired", for the record). */
export async function expireDataExports(ctx: ServiceContext, now: Date = ctx.now()): Promise<number> {
  return inTransaction(ctx, async (tx, afterCommit) => {
    const due = await tx
      .select({ id: dataExports.id, objectKey: dataExports.objectKey })
      .from(dataExports)
      .where(and(eq(dataExports.status, "ready"), lt(dataExports.expiresAt, now)))
      .for("update", { skipLocked: true });
    if (due.length === 0) return 0;
    await tx
      .update(dataExports)
      .set({ status: "expired", objectKey: null })
      .where(
        inArray(
          dataExports.id,
          due.map((row) => row.id),
        ),
      );
    const keys = due.flatMap((row) => (row.objectKey ? [row.objectKey] : []));
    await queueObjectDeletions(tx, keys);
    afterCommit.run(async () => {
      await deleteQueuedObjects(ctx, { keys });
    });
    return due.length;
  });
}

/**
 * Queues stored objects for deletion in the caller's transaction (the files sweeper removes them and retries a
 * failure); the caller deletes them right after commit with `deleteQueuedObjects`.
 */
export async function queueObjectDeletions(tx: DbOrTx, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await tx
    .insert(fileDeletions)
    .values(keys.map((objectKey) => ({ objectKey })))
    .onConflictDoNothing();
}
