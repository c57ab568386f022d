import type { Database, MPESA_CALLBACK_KINDS, Transaction } from "@kavi/db";
import { CALLBACKS_PER_JOB, type JobQueue } from "@kavi/jobs";
import { sql } from "drizzle-orm";
import type { Logger } from "../../logger";
import type { ServiceContext } from "../service-context";
import { type AfterCommit, inTransaction } from "../unit-of-work";

/**
 * The one mechanism behind both Daraja callback inboxes: store (deduplicated, group-committed), enqueue, claim
 * (lock + processed check), mark processed in the same transaction as the effects, record a failed attempt, and
 * sweep what lost its job. Two tables, because a business's inbox is keyed by business and the lender is none:
 * `mpesa_callbacks` (one business each) and `lending_callbacks` (the platform's own shortcodes). A business's
 * queries name `mpesa_callbacks` and their business, so the lender's rows are out of their reach by construction.
 */
export interface CallbackInbox {
  /** For logs. */
  label: string;
  table: "mpesa_callbacks" | "lending_callbacks";
  /** Whether each row belongs to a business (and the business is part of its dedupe key). */
  perBusiness: boolean;
  /** The job that processes stored callbacks ({ callbackId, more }: processInboxCallbacks). */
  job: "mpesa.process-callback" | "lending.process-callback";
  /** After this many failed attempts the sweeper leaves a callback for people (its last error is kept). */
  maxAttempts: number;
  /** How many stale callbacks one sweep re-enqueues. */
  sweepLimit: number;
}

export const BUSINESS_INBOX: CallbackInbox = {
  label: "M-Pesa",
  table: "mpesa_callbacks",
  perBusiness: true,
  job: "mpesa.process-callback",
  maxAttempts: 50,
  sweepLimit: 1_000,
};

export const LENDER_INBOX: CallbackInbox = {
  label: "lender M-Pesa",
  table: "lending_callbacks",
  perBusiness: false,
  job: "lending.process-callback",
  maxAttempts: 20,
  sweepLimit: 200,
};

export type MpesaCallbackKind = (typeof MPESA_CALLBACK_KINDS)[number];

export interface StoreCallbackInput {
  /** The business whose inbox it is; null in the lender's. */
  businessId: string | null;
  kind: MpesaCallbackKind;
  dedupeKey: string;
  subjectId: string | null;
  rawBody: string;
  sourceIp: string | null;
  sourceAllowed?: boolean | null;
  /** Set when storing is all there is to do (a C2B validation answered at once). */
  processedAt?: Date;
  outcome?: string;
}

/** An inbox row as a claim reads it (`business_id` null in the lender's inbox). */
export interface InboxRow extends Record<string, unknown> {
  id: string;
  business_id: string | null;
  kind: MpesaCallbackKind;
  subject_id: string | null;
  raw_body: string;
  processed_at: Date | string | null;
  source_allowed: boolean | null;
  received_at: Date | string;
}

// One named statement per inbox for a whole batch: PostgreSQL plans it once per connection, and one commit (one
// WAL flush) makes every callback of the batch durable. This INSERT is the acknowledgement's whole cost.
const INSERT_STATEMENTS: Record<CallbackInbox["table"], { name: string; text: string }> = {
  mpesa_callbacks: {
    name: "mpesa-callbacks-insert",
    text: `insert into mpesa_callbacks (business_id, kind, dedupe_key, subject_id, raw_body, source_ip, processed_at, outcome, source_allowed)
           select * from unnest($1::uuid[], $2::mpesa_callback_kind[], $3::varchar[], $4::uuid[], $5::text[],
                                $6::varchar[], $7::timestamptz[], $8::varchar[], $9::boolean[])
           on conflict (business_id, kind, dedupe_key) do nothing
           returning id, business_id, kind, dedupe_key`,
  },
  lending_callbacks: {
    name: "lending-callbacks-insert",
    // $1 (the business) is always null here; it keeps one parameter list for both inboxes.
    text: `insert into lending_callbacks (kind, dedupe_key, subject_id, raw_body, source_ip, processed_at, outcome, source_allowed)
           select kind, dedupe_key, subject_id, raw_body, source_ip, processed_at, outcome, source_allowed
           from unnest($1::uuid[], $2::mpesa_callback_kind[], $3::varchar[], $4::uuid[], $5::text[],
                       $6::varchar[], $7::timestamptz[], $8::varchar[], $9::boolean[])
                as x(business_id, kind, dedupe_key, subject_id, raw_body, source_ip, processed_at, outcome, source_allowed)
           on conflict (kind, dedupe_key) do nothing
           returning id, null::uuid as business_id, kind, dedupe_key`,
  },
};

interface PendingStore {
  input: StoreCallbackInput;
  enqueue: boolean;
  resolve(id: string | null): void;
  reject(error: unknown): void;
}

const MAX_BATCH = 250;
/**
 * INSERTs a writer keeps in flight at once. While they run, new callbacks wait and go together in the next one:
 * under load the batches grow instead of the commits (one WAL flush and one pooled connection per batch, not
 * per callback), and the writer never takes more than this many of the pool's connections from the API.
 */
export const MAX_INSERTS_IN_FLIGHT = 2;

/** How long acknowledging waits for Redis before leaving the callback to the sweeper. */
const ENQUEUE_BUDGET_MS = 250;

function rowKey(businessId: string | null, kind: string, dedupeKey: string): string {
  return `${businessId ?? ""}|${kind}|${dedupeKey}`;
}

/**
 * Group commit for one inbox. Callbacks arriving together (Daraja bursts, duplicates) are written by one
 * multi-row INSERT and enqueued by one addBulk; each request still waits until its own row is committed and its
 * job handed to Redis before it is acknowledged. Alone, a callback is a batch of one, flushed at once; under
 * load, those arriving while MAX_INSERTS_IN_FLIGHT inserts run are written together as soon as one ends.
 */
class CallbackWriter {
  #pending: PendingStore[] = [];
  #scheduled = false;
  #inFlight = 0;

  constructor(
    private readonly inbox: CallbackInbox,
    private readonly db: Database,
    private readonly jobs: JobQueue,
    private readonly logger: Logger,
  ) {}

  store(input: StoreCallbackInput, enqueue: boolean): Promise<string | null> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ input, enqueue, resolve, reject });
      if (!this.#scheduled && this.#inFlight < MAX_INSERTS_IN_FLIGHT) {
        this.#scheduled = true;
        // Whatever else arrived in this turn of the event loop joins the batch.
        setImmediate(() => {
          this.#scheduled = false;
          this.#flush();
        });
      }
    });
  }

  #flush(): void {
    while (this.#pending.length > 0 && this.#inFlight < MAX_INSERTS_IN_FLIGHT) {
      this.#inFlight += 1;
      void this.#write(this.#pending.splice(0, MAX_BATCH));
    }
  }

  async #write(batch: PendingStore[]): Promise<void> {
    let inserted: Map<string, string>;
    try {
      const result = await this.db.$client.query<{
        id: string;
        business_id: string | null;
        kind: string;
        dedupe_key: string;
      }>({
        ...INSERT_STATEMENTS[this.inbox.table],
        values: [
          batch.map((entry) => (this.inbox.perBusiness ? entry.input.businessId : null)),
          batch.map((entry) => entry.input.kind),
          batch.map((entry) => entry.input.dedupeKey),
          batch.map((entry) => entry.input.subjectId),
          batch.map((entry) => entry.input.rawBody),
          batch.map((entry) => entry.input.sourceIp?.slice(0, 64) ?? null),
          batch.map((entry) => entry.input.processedAt ?? null),
          batch.map((entry) => (entry.input.processedAt ? (entry.input.outcome ?? null) : null)),
          batch.map((entry) => entry.input.sourceAllowed ?? null),
        ],
      });
      inserted = new Map(
        result.rows.map((row) => [rowKey(row.business_id, row.kind, row.dedupe_key), row.id]),
      );
    } catch (error) {
      for (const entry of batch) entry.reject(error);
      return;
    } finally {
      // The connection is back in the pool: whatever waited meanwhile goes now, while this batch is enqueued.
      this.#inFlight -= 1;
      this.#flush();
    }
    // The first of identical callbacks in one batch owns the row; the others are duplicates.
    const ids = batch.map((entry) => {
      const businessId = this.inbox.perBusiness ? entry.input.businessId : null;
      const key = rowKey(businessId, entry.input.kind, entry.input.dedupeKey);
      const id = inserted.get(key) ?? null;
      inserted.delete(key);
      return id;
    });
    const toEnqueue = ids.filter(
      (id, index): id is string => id !== null && (batch[index]?.enqueue ?? false),
    );
    if (toEnqueue.length > 0) await enqueueCallbacks(this.inbox, this.jobs, this.logger, toEnqueue);
    for (const [index, entry] of batch.entries()) entry.resolve(ids[index] ?? null);
  }
}

const writers = new WeakMap<Database, Map<CallbackInbox, CallbackWriter>>();

function writerFor(
  inbox: CallbackInbox,
  ctx: Pick<ServiceContext, "db" | "jobs" | "logger">,
): CallbackWriter {
  let byInbox = writers.get(ctx.db);
  if (!byInbox) {
    byInbox = new Map();
    writers.set(ctx.db, byInbox);
  }
  let writer = byInbox.get(inbox);
  if (!writer) {
    writer = new CallbackWriter(inbox, ctx.db, ctx.jobs, ctx.logger);
    byInbox.set(inbox, writer);
  }
  return writer;
}

/** Resolves as `work` does, or rejects once the enqueue budget is spent (Redis may be down). */
async function withinEnqueueBudget(work: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      work,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("enqueue timed out")), ENQUEUE_BUDGET_MS);
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/**
 * Enqueues stored callbacks in one round trip, CALLBACKS_PER_JOB to a job (a burst is a few jobs, not one per
 * payment); never throws and never waits long (Redis may be down).
 */
async function enqueueCallbacks(
  inbox: CallbackInbox,
  jobs: JobQueue,
  logger: Logger,
  callbackIds: string[],
): Promise<boolean> {
  const payloads: { callbackId: string; more?: string[] }[] = [];
  for (let start = 0; start < callbackIds.length; start += CALLBACKS_PER_JOB) {
    const [callbackId, ...more] = callbackIds.slice(start, start + CALLBACKS_PER_JOB) as [
      string,
      ...string[],
    ];
    payloads.push(more.length > 0 ? { callbackId, more } : { callbackId });
  }
  try {
    await withinEnqueueBudget(jobs.enqueueBulk(inbox.job, payloads));
    return true;
  } catch (error) {
    logger.warn(
      { err: error, callbacks: callbackIds.length },
      `${inbox.label} callbacks stored but not enqueued; the sweeper will process them`,
    );
    return false;
  }
}

/** Enqueues processing of one stored callback; never throws and never waits long (Redis may be down). */
export async function enqueueInboxCallback(
  inbox: CallbackInbox,
  jobs: JobQueue,
  logger: Logger,
  callbackId: string,
  jobId?: string,
): Promise<boolean> {
  try {
    await withinEnqueueBudget(jobs.enqueue(inbox.job, { callbackId }, jobId ? { jobId } : {}));
    return true;
  } catch (error) {
    logger.warn(
      { err: error, callbackId },
      `${inbox.label} callback stored but not enqueued; the sweeper will process it`,
    );
    return false;
  }
}

/**
 * Stores one callback (batched with any arriving at the same moment): its id when new, null for a duplicate.
 * With `enqueue`, the promise resolves once its processing job is handed to Redis too (or Redis gave up).
 */
export function storeInboxCallback(
  inbox: CallbackInbox,
  ctx: Pick<ServiceContext, "db" | "jobs" | "logger">,
  input: StoreCallbackInput,
  options: { enqueue: boolean } = { enqueue: false },
): Promise<string | null> {
  return writerFor(inbox, ctx).store(input, options.enqueue);
}

/** The sweeper's part for one inbox: re-enqueue stored-but-unprocessed callbacks (Redis was down, a job was lost). */
export async function sweepInbox(
  inbox: CallbackInbox,
  ctx: Pick<ServiceContext, "db" | "jobs" | "logger" | "now" | "config">,
  limit = inbox.sweepLimit,
): Promise<number> {
  const before = new Date(ctx.now().getTime() - ctx.config.mpesa.sweepAfterMs);
  const stale = await ctx.db.execute<{ id: string; attempts: number }>(
    sql`select id, attempts from ${sql.identifier(inbox.table)}
        where processed_at is null and received_at < ${before.toISOString()}::timestamptz
          and attempts < ${inbox.maxAttempts}
        order by received_at
        limit ${limit}`,
  );
  let enqueued = 0;
  for (const { id, attempts } of stale.rows) {
    // A fresh id per processing attempt: an earlier job with the plain id may sit in the failed set.
    const jobId = `${inbox.job.replace(".process-", "-")}-${id}-sweep-${attempts}`;
    if (await enqueueInboxCallback(inbox, ctx.jobs, ctx.logger, id, jobId)) enqueued += 1;
  }
  return enqueued;
}

/** Locks one inbox row (waiting for whoever holds it, unless skipLocked), or null when there is none (or it is held). */
export async function lockInboxRow(
  inbox: CallbackInbox,
  tx: Transaction,
  callbackId: string,
  options: { skipLocked?: boolean } = {},
): Promise<InboxRow | null> {
  // Hot path: plain SQL for the inbox row (the query builder costs more CPU than the statement here).
  const businessId = inbox.perBusiness ? sql`business_id` : sql`null::uuid as business_id`;
  const locked = await tx.execute<InboxRow>(
    sql`select id, ${businessId}, kind, subject_id, raw_body, processed_at, source_allowed, received_at
        from ${sql.identifier(inbox.table)} where id = ${callbackId}
        for update ${options.skipLocked ? sql`skip locked` : sql``}`,
  );
  return locked.rows[0] ?? null;
}

/** Marks a claimed row processed with its outcome; call in the transaction that made its effects. */
export async function markInboxRowProcessed(
  inbox: CallbackInbox,
  tx: Transaction,
  callbackId: string,
  outcome: string,
  now: Date,
): Promise<void> {
  await tx.execute(
    sql`update ${sql.identifier(inbox.table)} set processed_at = ${now.toISOString()}::timestamptz,
        outcome = ${outcome.slice(0, 60)}, attempts = attempts + 1, last_error = null where id = ${callbackId}`,
  );
}

/** Records a failed processing attempt outside the rolled-back transaction. */
export async function recordInboxFailure(
  inbox: CallbackInbox,
  db: Database,
  callbackId: string,
  error: unknown,
): Promise<void> {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
  await db.execute(
    sql`update ${sql.identifier(inbox.table)} set attempts = attempts + 1, last_error = ${message}
        where id = ${callbackId}`,
  );
}

export interface ProcessOptions {
  /** Tests: runs inside the transaction after its effects, before commit (a crash there must roll back). */
  beforeCommit?: () => Promise<void>;
}

/**
 * Applies one stored callback, exactly once in effect: the row is locked and marked processed in the same
 * transaction as every effect `settle` makes (and each effect locks and checks the row it settles). A duplicate
 * job, a second worker, or a re-run after a crash between commit and job completion finds the work done.
 */
export async function processInboxCallback(
  inbox: CallbackInbox,
  ctx: ServiceContext,
  callbackId: string,
  settle: (unit: { tx: Transaction; afterCommit: AfterCommit }, row: InboxRow) => Promise<string>,
  options: ProcessOptions = {},
): Promise<string> {
  try {
    return await inTransaction(ctx, async (tx, afterCommit) => {
      const row = await lockInboxRow(inbox, tx, callbackId);
      if (!row) return "missing";
      if (row.processed_at) return "already-processed";
      const outcome = await settle({ tx, afterCommit }, row);
      await markInboxRowProcessed(inbox, tx, row.id, outcome, ctx.now());
      await options.beforeCommit?.();
      return outcome;
    });
  } catch (error) {
    await recordInboxFailure(inbox, ctx.db, callbackId, error).catch(() => undefined);
    throw error;
  }
}

/** Which of these callbacks are still unprocessed, in the order given (one statement). */
async function unprocessedAmong(
  inbox: CallbackInbox,
  db: Database,
  callbackIds: string[],
): Promise<string[]> {
  if (callbackIds.length === 0) return [];
  const result = await db.$client.query<{ id: string }>({
    name: `${inbox.table}-unprocessed`,
    text: `select id from ${inbox.table} where id = any($1::uuid[]) and processed_at is null`,
    values: [callbackIds],
  });
  const open = new Set(result.rows.map((row) => row.id));
  return callbackIds.filter((id) => open.has(id));
}

/**
 * A job's callbacks, each processed by `processOne` until none is left unprocessed. A batch settles others along
 * with the one it is given, so after each call only the callbacks still open are kept (one read). One that fails
 * does not stop the rest; the first error is thrown at the end, so the job runs again for what is left (its
 * attempt is already recorded on the callback). Returns the outcome when there is one callback, or a count.
 */
export async function processInboxCallbacks(
  inbox: CallbackInbox,
  ctx: Pick<ServiceContext, "db">,
  callbackIds: readonly string[],
  processOne: (callbackId: string) => Promise<string>,
): Promise<string> {
  const [only, ...others] = callbackIds;
  if (only !== undefined && others.length === 0) return processOne(only);
  let failure: { error: unknown } | null = null;
  let processed = 0;
  let remaining = [...callbackIds];
  while (remaining.length > 0) {
    const [head, ...rest] = remaining as [string, ...string[]];
    try {
      await processOne(head);
      processed += 1;
    } catch (error) {
      failure ??= { error };
    }
    remaining = await unprocessedAmong(inbox, ctx.db, rest);
    processed += rest.length - remaining.length;
  }
  if (failure) throw failure.error;
  return `processed ${processed} of ${callbackIds.length}`;
}
