import {
  buildC2bConfirmationReply,
  buildCallbackAcknowledgement,
  type DarajaCallbackEvent,
  DarajaCallbackParseError,
  dedupeKeyOf,
  parseAccountBalanceResult,
  parseB2cResult,
  parseC2bConfirmation,
  parseC2bValidation,
  parseQueueTimeout,
  parseReversalResult,
  parseStkCallback,
  parseTransactionStatusResult,
} from "@kavi/daraja";
import { type Database, type MPESA_CALLBACK_KINDS, mpesaCallbacks } from "@kavi/db";
import type { JobQueue } from "@kavi/jobs";
import { and, asc, eq, isNull, lt, sql } from "drizzle-orm";
import type { Logger } from "../../logger";
import type { ServiceContext } from "../service-context";
import { decideC2bValidation } from "./c2b";
import { resolveCallbackToken } from "./settings";

export type MpesaCallbackKind = (typeof MPESA_CALLBACK_KINDS)[number];

/** The URL path after the token → the callback kind it receives. */
export const CALLBACK_ROUTES = {
  stk: "stk",
  "c2b/validation": "c2b_validation",
  "c2b/confirmation": "c2b_confirmation",
  "b2c/result": "b2c_result",
  "b2c/timeout": "b2c_timeout",
  "status/result": "status_result",
  "status/timeout": "status_timeout",
  "balance/result": "balance_result",
  "balance/timeout": "balance_timeout",
  "reversal/result": "reversal_result",
  "reversal/timeout": "reversal_timeout",
} as const satisfies Record<string, MpesaCallbackKind>;

export type CallbackRoute = keyof typeof CALLBACK_ROUTES;

const PARSERS: Record<MpesaCallbackKind, (body: unknown) => DarajaCallbackEvent> = {
  stk: parseStkCallback,
  c2b_validation: parseC2bValidation,
  c2b_confirmation: parseC2bConfirmation,
  b2c_result: parseB2cResult,
  b2c_timeout: parseQueueTimeout,
  status_result: parseTransactionStatusResult,
  status_timeout: parseQueueTimeout,
  balance_result: parseAccountBalanceResult,
  balance_timeout: parseQueueTimeout,
  reversal_result: parseReversalResult,
  reversal_timeout: parseQueueTimeout,
};

export function parseCallback(kind: MpesaCallbackKind, body: unknown): DarajaCallbackEvent {
  return PARSERS[kind](body);
}

export interface IncomingCallback {
  token: string;
  route: CallbackRoute;
  /** The payment request or payout id our callback URL carried. */
  subjectId: string | null;
  /** The exact bytes received. */
  rawBody: string;
  sourceIp: string | null;
}

export type CallbackReply =
  | { status: 404; body: { error: string } }
  | { status: 400; body: { error: string } }
  | { status: 200; body: Record<string, unknown>; callbackId: string | null; duplicate: boolean };

export type ReceiveContext = Pick<ServiceContext, "db" | "jobs" | "logger" | "config" | "now">;

/** How long acknowledging waits for Redis before leaving the callback to the sweeper. */
const ENQUEUE_BUDGET_MS = 250;

/** Enqueues processing of a stored callback; never throws and never waits long (Redis may be down). */
export async function enqueueCallbackProcessing(
  jobs: JobQueue,
  logger: Logger,
  callbackId: string,
  jobId?: string,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      jobs.enqueue("mpesa.process-callback", { callbackId }, jobId ? { jobId } : {}),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("enqueue timed out")), ENQUEUE_BUDGET_MS);
      }),
    ]);
    return true;
  } catch (error) {
    logger.warn(
      { err: error, callbackId },
      "M-Pesa callback stored but not enqueued; the sweeper will process it",
    );
    return false;
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/**
 * A Daraja callback arrives: resolve the token, read the body, store it (deduplicated), enqueue its
 * processing, and answer what Daraja expects. Storage is the only step that may fail the request: an
 * unavailable Redis or worker never turns into a 5xx (Daraja may drop a result it could not deliver).
 */
export async function receiveMpesaCallback(
  ctx: ReceiveContext,
  incoming: IncomingCallback,
): Promise<CallbackReply> {
  const businessId = await resolveCallbackToken(ctx, incoming.token);
  if (!businessId) return { status: 404, body: { error: "not_found" } };
  const kind = CALLBACK_ROUTES[incoming.route];
  // Off the allow-list is not refused (a change to Safaricom's list would lose real payments): it is stored,
  // flagged and never trusted beyond what Daraja confirms when asked (see processMpesaCallback).
  const allowList = ctx.config.mpesa.callbackAllowList;
  const sourceAllowed = allowList ? allowList.allows(incoming.sourceIp) : null;
  if (sourceAllowed === false) {
    ctx.logger.warn(
      { businessId, kind, sourceIp: incoming.sourceIp },
      "M-Pesa callback from an address outside MPESA_CALLBACK_ALLOWED_IPS: stored, not trusted",
    );
  }

  let event: DarajaCallbackEvent;
  try {
    event = parseCallback(kind, JSON.parse(incoming.rawBody));
  } catch (error) {
    const issues = error instanceof DarajaCallbackParseError ? error.issues : undefined;
    ctx.logger.warn(
      {
        businessId,
        kind,
        issues,
        error: error instanceof Error ? error.message : String(error),
        bytes: incoming.rawBody.length,
      },
      "unreadable M-Pesa callback refused",
    );
    // The parser's findings stay in our log: a caller probing the format learns nothing from the answer.
    return { status: 400, body: { error: "unreadable_callback" } };
  }
  // An STK callback is keyed by its CheckoutRequestID *and* its outcome: copies of one callback are one row, but
  // a forged callback sent first cannot take the place of the real one (both are kept; the query decides).
  const outcomeKey = event.kind === "stk" ? `:${event.receipt ?? event.resultCode}` : "";
  const dedupeKey = `${dedupeKeyOf(event).slice(0, 80)}${outcomeKey.slice(0, 40)}`;

  if (event.kind === "c2b" && event.stage === "validation") {
    // Validation needs an answer now; it is stored for the record and needs no processing.
    const decision = await decideC2bValidation(ctx, businessId, event);
    await storeCallback(ctx, {
      businessId,
      kind,
      dedupeKey,
      subjectId: incoming.subjectId,
      rawBody: incoming.rawBody,
      sourceIp: incoming.sourceIp,
      sourceAllowed,
      processedAt: ctx.now(),
      outcome: decision.accepted ? "accepted" : `rejected:${decision.reason}`,
    });
    return { status: 200, body: { ...decision.reply }, callbackId: null, duplicate: false };
  }

  // Stored, then enqueued, then acknowledged: the promise resolves once both are done (or Redis gave up).
  const callbackId = await storeCallback(
    ctx,
    {
      businessId,
      kind,
      dedupeKey,
      subjectId: incoming.subjectId,
      rawBody: incoming.rawBody,
      sourceIp: incoming.sourceIp,
      sourceAllowed,
    },
    { enqueue: true },
  );
  const reply = kind === "c2b_confirmation" ? buildC2bConfirmationReply() : buildCallbackAcknowledgement();
  return { status: 200, body: { ...reply }, callbackId, duplicate: callbackId === null };
}

interface StoreCallbackInput {
  businessId: string;
  kind: MpesaCallbackKind;
  dedupeKey: string;
  subjectId: string | null;
  rawBody: string;
  sourceIp: string | null;
  sourceAllowed?: boolean | null;
  processedAt?: Date;
  outcome?: string;
}

const INSERT_CALLBACKS = {
  // One named statement for a whole batch: PostgreSQL plans it once per connection, and one commit (one WAL
  // flush) makes every callback of the batch durable. This INSERT is the acknowledgement's whole cost.
  name: "mpesa-callbacks-insert",
  text: `insert into mpesa_callbacks (business_id, kind, dedupe_key, subject_id, raw_body, source_ip, processed_at, outcome, source_allowed)
         select * from unnest($1::uuid[], $2::mpesa_callback_kind[], $3::varchar[], $4::uuid[], $5::text[],
                              $6::varchar[], $7::timestamptz[], $8::varchar[], $9::boolean[])
         on conflict (business_id, kind, dedupe_key) do nothing
         returning id, business_id, kind, dedupe_key`,
};

interface PendingStore {
  input: StoreCallbackInput;
  enqueue: boolean;
  resolve(id: string | null): void;
  reject(error: unknown): void;
}

const MAX_BATCH = 250;
/**
 * INSERTs the writer keeps in flight at once. While they run, new callbacks wait and go together in the next one:
 * under load the batches grow instead of the commits (one WAL flush and one pooled connection per batch, not
 * per callback), and the writer never takes more than this many of the pool's connections from the API.
 */
export const MAX_INSERTS_IN_FLIGHT = 2;

/**
 * Group commit for the callback inbox. Callbacks arriving together (Daraja bursts, duplicates) are written by
 * one multi-row INSERT and enqueued by one addBulk; each request still waits until its own row is committed
 * and its job handed to Redis before it is acknowledged. Alone, a callback is a batch of one, flushed at once;
 * under load, those arriving while MAX_INSERTS_IN_FLIGHT inserts run are written together as soon as one ends.
 */
class CallbackWriter {
  #pending: PendingStore[] = [];
  #scheduled = false;
  #inFlight = 0;

  constructor(
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
      inserted = await this.#insert(batch);
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
      const key = `${entry.input.businessId}|${entry.input.kind}|${entry.input.dedupeKey}`;
      const id = inserted.get(key) ?? null;
      inserted.delete(key);
      return id;
    });
    const toEnqueue = ids.filter(
      (id, index): id is string => id !== null && (batch[index]?.enqueue ?? false),
    );
    if (toEnqueue.length > 0) await enqueueCallbacks(this.jobs, this.logger, toEnqueue);
    for (const [index, entry] of batch.entries()) entry.resolve(ids[index] ?? null);
  }

  async #insert(batch: PendingStore[]): Promise<Map<string, string>> {
    const result = await this.db.$client.query<{
      id: string;
      business_id: string;
      kind: string;
      dedupe_key: string;
    }>({
      ...INSERT_CALLBACKS,
      values: [
        batch.map((entry) => entry.input.businessId),
        batch.map((entry) => entry.input.kind),
        batch.map((entry) => entry.input.dedupeKey),
        batch.map((entry) => entry.input.subjectId),
        batch.map((entry) => entry.input.rawBody),
        batch.map((entry) => entry.input.sourceIp),
        batch.map((entry) => entry.input.processedAt ?? null),
        batch.map((entry) => (entry.input.processedAt ? (entry.input.outcome ?? null) : null)),
        batch.map((entry) => entry.input.sourceAllowed ?? null),
      ],
    });
    return new Map(result.rows.map((row) => [`${row.business_id}|${row.kind}|${row.dedupe_key}`, row.id]));
  }
}

const writers = new WeakMap<Database, CallbackWriter>();

function writerFor(ctx: Pick<ServiceContext, "db" | "jobs" | "logger">): CallbackWriter {
  let writer = writers.get(ctx.db);
  if (!writer) {
    writer = new CallbackWriter(ctx.db, ctx.jobs, ctx.logger);
    writers.set(ctx.db, writer);
  }
  return writer;
}

/** Enqueues stored callbacks in one round trip; never throws and never waits long (Redis may be down). */
async function enqueueCallbacks(jobs: JobQueue, logger: Logger, callbackIds: string[]): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      jobs.enqueueBulk(
        "mpesa.process-callback",
        callbackIds.map((callbackId) => ({ callbackId })),
      ),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("enqueue timed out")), ENQUEUE_BUDGET_MS);
      }),
    ]);
    return true;
  } catch (error) {
    logger.warn(
      { err: error, callbacks: callbackIds.length },
      "M-Pesa callbacks stored but not enqueued; the sweeper will process them",
    );
    return false;
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/** Stores one callback (batched with any arriving at the same moment): its id when new, null for a duplicate. */
export function storeCallback(
  ctx: Pick<ServiceContext, "db" | "jobs" | "logger">,
  input: StoreCallbackInput,
  options: { enqueue: boolean } = { enqueue: false },
): Promise<string | null> {
  return writerFor(ctx).store(input, options.enqueue);
}

/** The sweeper's part for callbacks: re-enqueue stored-but-unprocessed ones (Redis was down, a job was lost). */
export async function sweepUnprocessedCallbacks(
  ctx: Pick<ServiceContext, "db" | "jobs" | "logger" | "now" | "config">,
  limit = 1_000,
): Promise<number> {
  const before = new Date(ctx.now().getTime() - ctx.config.mpesa.sweepAfterMs);
  const stale = await ctx.db
    .select({ id: mpesaCallbacks.id, attempts: mpesaCallbacks.attempts })
    .from(mpesaCallbacks)
    .where(
      and(
        isNull(mpesaCallbacks.processedAt),
        lt(mpesaCallbacks.receivedAt, before),
        lt(mpesaCallbacks.attempts, 50),
      ),
    )
    .orderBy(asc(mpesaCallbacks.receivedAt))
    .limit(limit);
  let enqueued = 0;
  for (const { id, attempts } of stale) {
    // A fresh id per processing attempt: an earlier job with the plain id may sit in the failed set.
    if (await enqueueCallbackProcessing(ctx.jobs, ctx.logger, id, `mpesa-callback-${id}-sweep-${attempts}`))
      enqueued += 1;
  }
  return enqueued;
}

/** Records a failed processing attempt outside the rolled-back transaction. */
export async function recordCallbackFailure(db: Database, callbackId: string, error: unknown): Promise<void> {
  await db
    .update(mpesaCallbacks)
    .set({
      attempts: sql`${mpesaCallbacks.attempts} + 1`,
      lastError: (error instanceof Error ? error.message : String(error)).slice(0, 2000),
    })
    .where(eq(mpesaCallbacks.id, callbackId));
}
