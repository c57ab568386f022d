import {
  buildC2bConfirmationReply,
  buildCallbackAcknowledgement,
  type DarajaCallbackEvent,
  DarajaCallbackParseError,
  dedupeKeyOf,
  parseB2cResult,
  parseC2bConfirmation,
  parseC2bValidation,
  parseQueueTimeout,
  parseStkCallback,
  parseTransactionStatusResult,
} from "@kavi/daraja";
import { type Database, type MPESA_CALLBACK_KINDS, mpesaCallbacks } from "@kavi/db";
import type { JobQueue } from "@kavi/jobs";
import { and, asc, eq, isNull, lt, sql } from "drizzle-orm";
import type { Logger } from "../../logger";
import { decideC2bValidation } from "./c2b";
import type { MpesaDeps } from "./config";
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
  | { status: 400; body: { error: string; issues?: readonly { path: string; message: string }[] } }
  | { status: 200; body: Record<string, unknown>; callbackId: string | null; duplicate: boolean };

export type ReceiveDeps = Pick<MpesaDeps, "db" | "jobs" | "logger" | "mpesa" | "now">;

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
  deps: ReceiveDeps,
  incoming: IncomingCallback,
): Promise<CallbackReply> {
  const businessId = await resolveCallbackToken(deps, incoming.token);
  if (!businessId) return { status: 404, body: { error: "not_found" } };
  const kind = CALLBACK_ROUTES[incoming.route];

  let event: DarajaCallbackEvent;
  try {
    event = parseCallback(kind, JSON.parse(incoming.rawBody));
  } catch (error) {
    const issues = error instanceof DarajaCallbackParseError ? error.issues : undefined;
    deps.logger.warn(
      {
        businessId,
        kind,
        issues,
        error: error instanceof Error ? error.message : String(error),
        bytes: incoming.rawBody.length,
      },
      "unreadable M-Pesa callback refused",
    );
    return { status: 400, body: { error: "unreadable_callback", ...(issues ? { issues } : {}) } };
  }
  const dedupeKey = dedupeKeyOf(event).slice(0, 120);

  if (event.kind === "c2b" && event.stage === "validation") {
    // Validation needs an answer now; it is stored for the record and needs no processing.
    const decision = await decideC2bValidation(deps, businessId, event);
    await storeCallback(deps.db, {
      businessId,
      kind,
      dedupeKey,
      subjectId: incoming.subjectId,
      rawBody: incoming.rawBody,
      sourceIp: incoming.sourceIp,
      processedAt: deps.now(),
      outcome: decision.accepted ? "accepted" : `rejected:${decision.reason}`,
    });
    return { status: 200, body: { ...decision.reply }, callbackId: null, duplicate: false };
  }

  const callbackId = await storeCallback(deps.db, {
    businessId,
    kind,
    dedupeKey,
    subjectId: incoming.subjectId,
    rawBody: incoming.rawBody,
    sourceIp: incoming.sourceIp,
  });
  if (callbackId) await enqueueCallbackProcessing(deps.jobs, deps.logger, callbackId);
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
  processedAt?: Date;
  outcome?: string;
}

/** One INSERT … ON CONFLICT DO NOTHING: the id when new, null for a duplicate. */
export async function storeCallback(db: Database, input: StoreCallbackInput): Promise<string | null> {
  const [row] = await db
    .insert(mpesaCallbacks)
    .values({
      businessId: input.businessId,
      kind: input.kind,
      dedupeKey: input.dedupeKey,
      subjectId: input.subjectId,
      rawBody: input.rawBody,
      sourceIp: input.sourceIp,
      ...(input.processedAt ? { processedAt: input.processedAt, outcome: input.outcome ?? null } : {}),
    })
    .onConflictDoNothing({
      target: [mpesaCallbacks.businessId, mpesaCallbacks.kind, mpesaCallbacks.dedupeKey],
    })
    .returning({ id: mpesaCallbacks.id });
  return row?.id ?? null;
}

/** The sweeper's part for callbacks: re-enqueue stored-but-unprocessed ones (Redis was down, a job was lost). */
export async function sweepUnprocessedCallbacks(
  deps: Pick<MpesaDeps, "db" | "jobs" | "logger" | "now" | "mpesa">,
  limit = 1_000,
): Promise<number> {
  const before = new Date(deps.now().getTime() - deps.mpesa.sweepAfterMs);
  const stale = await deps.db
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
    if (await enqueueCallbackProcessing(deps.jobs, deps.logger, id, `mpesa-callback-${id}-sweep-${attempts}`))
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
