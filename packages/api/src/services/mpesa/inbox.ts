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
import type { Database } from "@kavi/db";
import type { JobQueue } from "@kavi/jobs";
import type { Logger } from "../../logger";
import type { ServiceContext } from "../service-context";
import { decideC2bValidation } from "./c2b";
import {
  BUSINESS_INBOX,
  enqueueInboxCallback,
  type MpesaCallbackKind,
  recordInboxFailure,
  type StoreCallbackInput,
  storeInboxCallback,
  sweepInbox,
} from "./callback-inbox";
import { resolveCallbackToken } from "./settings";

export type { MpesaCallbackKind } from "./callback-inbox";
export { MAX_INSERTS_IN_FLIGHT } from "./callback-inbox";

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

/** Enqueues processing of a stored callback; never throws and never waits long (Redis may be down). */
export function enqueueCallbackProcessing(
  jobs: JobQueue,
  logger: Logger,
  callbackId: string,
  jobId?: string,
): Promise<boolean> {
  return enqueueInboxCallback(BUSINESS_INBOX, jobs, logger, callbackId, jobId);
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

/** Stores one callback in the business's inbox: its id when new, null for a duplicate. */
export function storeCallback(
  ctx: Pick<ServiceContext, "db" | "jobs" | "logger">,
  input: StoreCallbackInput & { businessId: string },
  options: { enqueue: boolean } = { enqueue: false },
): Promise<string | null> {
  return storeInboxCallback(BUSINESS_INBOX, ctx, input, options);
}

/** The sweeper's part for businesses' callbacks: re-enqueue stored-but-unprocessed ones. */
export function sweepUnprocessedCallbacks(
  ctx: Pick<ServiceContext, "db" | "jobs" | "logger" | "now" | "config">,
  limit?: number,
): Promise<number> {
  return sweepInbox(BUSINESS_INBOX, ctx, limit);
}

/** Records a failed processing attempt outside the rolled-back transaction. */
export function recordCallbackFailure(db: Database, callbackId: string, error: unknown): Promise<void> {
  return recordInboxFailure(BUSINESS_INBOX, db, callbackId, error);
}
