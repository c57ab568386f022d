import type { CaughtMessage, MessagePredicate } from "./types";

type Waiter = {
  predicate: MessagePredicate;
  resolve: (message: CaughtMessage) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
};

export type WaitOptions = { timeoutMs?: number };

export const DEFAULT_WAIT_TIMEOUT_MS = 10_000;

/** Messages in memory, capped at `maxMessages` (the oldest are dropped first). */
export class MessageStore {
  readonly #maxMessages: number;
  #messages: CaughtMessage[] = [];
  #version = 0;
  readonly #waiters = new Set<Waiter>();
  readonly #listeners = new Set<(message: CaughtMessage) => void>();

  constructor(maxMessages: number) {
    if (!Number.isInteger(maxMessages) || maxMessages < 1) {
      throw new RangeError(`maxMessages must be a positive integer, got ${maxMessages}`);
    }
    this.#maxMessages = maxMessages;
  }

  /** Changes whenever a message arrives or the inbox is cleared. */
  get version(): number {
    return this.#version;
  }

  add(message: CaughtMessage): void {
    this.#version += 1;
    this.#messages.push(message);
    if (this.#messages.length > this.#maxMessages) {
      this.#messages.splice(0, this.#messages.length - this.#maxMessages);
    }
    for (const listener of this.#listeners) listener(message);
    for (const waiter of this.#waiters) {
      let matches: boolean;
      try {
        matches = waiter.predicate(message);
      } catch (error) {
        // A predicate that throws is a bug in the caller's test: report it instead of timing out.
        this.#settle(waiter);
        waiter.reject(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      if (matches) {
        this.#settle(waiter);
        waiter.resolve(message);
      }
    }
  }

  /** Newest first. */
  list(): CaughtMessage[] {
    return this.#messages.toReversed();
  }

  get(id: string): CaughtMessage | undefined {
    return this.#messages.find((message) => message.id === id);
  }

  clear(): void {
    this.#version += 1;
    this.#messages = [];
  }

  onMessage(listener: (message: CaughtMessage) => void): void {
    this.#listeners.add(listener);
  }

  /**
   * Resolves with the newest message already caught that matches, otherwise with the first one to arrive.
   * Call `clear()` first when an older message could match too.
   */
  waitFor(
    predicate: MessagePredicate,
    { timeoutMs = DEFAULT_WAIT_TIMEOUT_MS }: WaitOptions = {},
  ): Promise<CaughtMessage> {
    return new Promise<CaughtMessage>((resolve, reject) => {
      const existing = this.list().find(predicate);
      if (existing) {
        resolve(existing);
        return;
      }
      const waiter: Waiter = {
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#settle(waiter);
          reject(new Error(`No matching email arrived within ${timeoutMs} ms. ${this.#describe()}`));
        }, timeoutMs),
      };
      this.#waiters.add(waiter);
    });
  }

  /** Rejects every pending `waitFor` (used on close). */
  rejectWaiters(reason: string): void {
    for (const waiter of this.#waiters) {
      this.#settle(waiter);
      waiter.reject(new Error(reason));
    }
  }

  #settle(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    this.#waiters.delete(waiter);
  }

  #describe(): string {
    if (this.#messages.length === 0) return "The mail catcher has caught no email.";
    const recent = this.list()
      .slice(0, 5)
      .map((message) => `"${message.subject}" to ${message.to.join(", ")}`);
    return `Caught ${this.#messages.length} email(s), newest first: ${recent.join("; ")}`;
  }
}
