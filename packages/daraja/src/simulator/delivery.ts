import type { DeliveryFault } from "./outcomes";

/**
 * Posts callbacks like Safaricom does: JSON, no auth header, a short timeout, and a couple of re-sends when
 * the receiver fails (non-2xx or no answer). Every attempt is recorded with the HTTP status it got.
 */

export type CallbackKind =
  | "stk"
  | "c2b-validation"
  | "c2b-confirmation"
  | "b2c-result"
  | "status-result"
  | "balance-result"
  | "reversal-result"
  | "queue-timeout";

export interface DeliveryAttempt {
  at: string;
  httpStatus?: number;
  error?: string;
  responseBody?: string;
}

export interface CallbackDelivery {
  id: number;
  kind: CallbackKind;
  /** CheckoutRequestID, TransID or ConversationID of the request this answers. */
  reference: string;
  url: string;
  body: unknown;
  fault: DeliveryFault;
  /** 1-based copy number when the fault is "duplicated". */
  copy: number;
  status: "scheduled" | "delivered" | "failed" | "dropped";
  scheduledFor: string;
  attempts: DeliveryAttempt[];
}

export interface DeliveryTiming {
  /** Extra wait for the "delayed" fault. */
  delayedDeliveryMs: number;
  /** Out-of-order callbacks are held until this many are waiting, then sent latest first. */
  outOfOrderBatchSize: number;
  /** …or until the first of them has waited this long. */
  outOfOrderWindowMs: number;
  duplicateCopies: number;
  /** Waits before each re-send of a failed delivery; its length is the number of re-sends. */
  retryDelaysMs: readonly number[];
  /** How long a receiver has to answer. */
  deliveryTimeoutMs: number;
}

export interface DeliveryRequest {
  kind: CallbackKind;
  reference: string;
  url: string;
  body: unknown;
  fault: DeliveryFault;
}

export interface DeliveryReply {
  httpStatus: number;
  body: string;
}

type Logger = (message: string) => void;

export class CallbackDispatcher {
  readonly #timing: DeliveryTiming;
  readonly #now: () => Date;
  readonly #log: Logger;
  #records: CallbackDelivery[] = [];
  #nextId = 1;
  readonly #timers = new Set<NodeJS.Timeout>();
  #heldOutOfOrder: CallbackDelivery[] = [];
  #outOfOrderTimer: NodeJS.Timeout | undefined;
  #closing = new AbortController();

  constructor(timing: DeliveryTiming, now: () => Date, log: Logger) {
    this.#timing = timing;
    this.#now = now;
    this.#log = log;
  }

  deliveries(): CallbackDelivery[] {
    return structuredClone(this.#records);
  }

  /** Schedules a callback with its fault applied. */
  dispatch(request: DeliveryRequest): void {
    const copies = request.fault === "duplicated" ? Math.max(2, this.#timing.duplicateCopies) : 1;
    for (let copy = 1; copy <= copies; copy += 1) {
      const record = this.#createRecord(request, copy);
      switch (request.fault) {
        case "never-delivered":
          record.status = "dropped";
          this.#log(`callback ${record.kind} ${record.reference} dropped (never-delivered fault)`);
          break;
        case "delayed":
          this.#schedule(record, this.#timing.delayedDeliveryMs);
          break;
        case "out-of-order":
          this.#holdOutOfOrder(record);
          break;
        default:
          // Duplicates go out one after another, as separate POSTs.
          this.#schedule(record, (copy - 1) * 10);
      }
    }
  }

  /** Posts once (no retries, no fault) and returns the reply: for C2B validation, whose answer matters. */
  async exchange(request: Omit<DeliveryRequest, "fault">): Promise<DeliveryReply | undefined> {
    const record = this.#createRecord({ ...request, fault: "none" }, 1);
    return this.#attempt(record);
  }

  /** Cancels everything scheduled and aborts deliveries in flight. */
  stop(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    if (this.#outOfOrderTimer) clearTimeout(this.#outOfOrderTimer);
    this.#outOfOrderTimer = undefined;
    this.#heldOutOfOrder = [];
    this.#closing.abort();
    this.#closing = new AbortController();
  }

  reset(): void {
    this.stop();
    this.#records = [];
  }

  #createRecord(request: DeliveryRequest, copy: number): CallbackDelivery {
    const record: CallbackDelivery = {
      id: this.#nextId,
      kind: request.kind,
      reference: request.reference,
      url: request.url,
      body: request.body,
      fault: request.fault,
      copy,
      status: "scheduled",
      scheduledFor: this.#now().toISOString(),
      attempts: [],
    };
    this.#nextId += 1;
    this.#records.push(record);
    return record;
  }

  #later(delayMs: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      action();
    }, delayMs);
    this.#timers.add(timer);
  }

  #schedule(record: CallbackDelivery, delayMs: number): void {
    record.scheduledFor = new Date(this.#now().getTime() + delayMs).toISOString();
    this.#later(delayMs, () => {
      void this.#deliverWithRetries(record);
    });
  }

  #holdOutOfOrder(record: CallbackDelivery): void {
    this.#heldOutOfOrder.push(record);
    if (this.#heldOutOfOrder.length >= this.#timing.outOfOrderBatchSize) {
      this.#flushOutOfOrder();
      return;
    }
    this.#outOfOrderTimer ??= setTimeout(() => this.#flushOutOfOrder(), this.#timing.outOfOrderWindowMs);
  }

  #flushOutOfOrder(): void {
    if (this.#outOfOrderTimer) clearTimeout(this.#outOfOrderTimer);
    this.#outOfOrderTimer = undefined;
    const batch = this.#heldOutOfOrder.reverse();
    this.#heldOutOfOrder = [];
    void this.#deliverInSequence(batch);
  }

  async #deliverInSequence(batch: readonly CallbackDelivery[]): Promise<void> {
    const closing = this.#closing.signal;
    for (const record of batch) {
      if (closing.aborted) return;
      await this.#deliverWithRetries(record);
    }
  }

  async #deliverWithRetries(record: CallbackDelivery): Promise<void> {
    // Captured once: stop() swaps the controller, and a loop from before a reset must end, not resume.
    const closing = this.#closing.signal;
    const retryDelays = this.#timing.retryDelaysMs;
    for (let attempt = 0; ; attempt += 1) {
      if (closing.aborted) return;
      const reply = await this.#attempt(record);
      if (reply && reply.httpStatus >= 200 && reply.httpStatus < 300) return;
      const wait = retryDelays[attempt];
      if (wait === undefined || closing.aborted) return;
      await new Promise<void>((resolve) => this.#later(wait, resolve));
    }
  }

  async #attempt(record: CallbackDelivery): Promise<DeliveryReply | undefined> {
    const attempt: DeliveryAttempt = { at: this.#now().toISOString() };
    record.attempts.push(attempt);
    try {
      const response = await fetch(record.url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(record.body),
        signal: AbortSignal.any([this.#closing.signal, AbortSignal.timeout(this.#timing.deliveryTimeoutMs)]),
      });
      const body = await response.text();
      attempt.httpStatus = response.status;
      attempt.responseBody = body.slice(0, 500);
      const delivered = response.status >= 200 && response.status < 300;
      record.status = delivered ? "delivered" : "failed";
      this.#log(`callback ${record.kind} ${record.reference} → ${record.url}: HTTP ${response.status}`);
      return { httpStatus: response.status, body };
    } catch (error) {
      attempt.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      record.status = "failed";
      this.#log(`callback ${record.kind} ${record.reference} → ${record.url}: ${attempt.error}`);
      return undefined;
    }
  }
}
