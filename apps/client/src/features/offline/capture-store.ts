import { ZIdSchema } from "@kavi/domain";
import { createStore, del, get, set, values } from "idb-keyval";
import { z } from "zod";

/**
 * Entries recorded while the device could not reach KAVI, kept in IndexedDB until they are booked. Each one
 * carries the `clientRequestId` made when it was captured, so sending it again (after a lost answer, from a
 * second tab) returns the transaction already booked instead of a second one.
 */

/** What transactions.create is sent, less the business (kept beside it). Checked again by the server. */
export const ZQueuedCreateSchema = z
  .object({
    clientRequestId: ZIdSchema,
    type: z.enum(["income", "expense", "transfer"]),
    amount: z.string(),
    currency: z.string(),
  })
  .catchall(z.unknown());
export type TQueuedCreate = z.output<typeof ZQueuedCreateSchema>;

export const CAPTURE_STATES = [
  /** Not yet booked; sent on the next sync. */
  "waiting",
  /** The server refused it (validation, a deleted category, a locked period…): the person edits or discards. */
  "conflict",
  /** Booked (transactionId set); its receipt photo is still to upload. */
  "photo",
] as const;
export type CaptureState = (typeof CAPTURE_STATES)[number];

export const ZCapturedEntrySchema = z.object({
  id: ZIdSchema,
  userId: ZIdSchema,
  businessId: ZIdSchema,
  input: ZQueuedCreateSchema,
  receipt: z
    .object({ blob: z.instanceof(Blob), fileName: z.string().min(1), contentType: z.string().min(1) })
    .nullable(),
  capturedAt: z.number().int(),
  state: z.enum(CAPTURE_STATES),
  transactionId: ZIdSchema.nullable(),
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: z.number().int(),
  problem: z
    .object({ message: z.string(), fieldErrors: z.record(z.string(), z.array(z.string())).nullable() })
    .nullable(),
});
export type CapturedEntry = z.output<typeof ZCapturedEntrySchema>;

export interface CaptureStore {
  /** Everyone's entries on this device, oldest capture first. */
  list(): Promise<CapturedEntry[]>;
  get(id: string): Promise<CapturedEntry | null>;
  put(entry: CapturedEntry): Promise<void>;
  remove(id: string): Promise<void>;
  /** Called after every change (in this tab and, through BroadcastChannel, in the others). */
  subscribe(listener: () => void): () => void;
}

export const CAPTURE_CHANNEL = "kavi:captures";

/** The IndexedDB store. `name` lets tests use a fresh database each. */
export function createCaptureStore(
  options: { name?: string; channel?: BroadcastChannel | null } = {},
): CaptureStore {
  const store = createStore(options.name ?? "kavi-offline", "captures");
  const listeners = new Set<() => void>();
  const channel = options.channel ?? null;
  const notify = (broadcast: boolean) => {
    for (const listener of listeners) listener();
    if (broadcast) channel?.postMessage("changed");
  };
  channel?.addEventListener("message", () => notify(false));
  const read = (raw: unknown): CapturedEntry | null => {
    // What IndexedDB gives back is outside input: an entry from an older app version may not fit.
    const parsed = ZCapturedEntrySchema.safeParse(raw);
    return parsed.success ? parsed.data : null;
  };
  return {
    async list() {
      const all = (await values(store)).map(read).filter((entry) => entry !== null);
      return all.sort((a, b) => a.capturedAt - b.capturedAt || a.id.localeCompare(b.id));
    },
    async get(id) {
      return read(await get(id, store));
    },
    async put(entry) {
      await set(entry.id, ZCapturedEntrySchema.parse(entry), store);
      notify(true);
    },
    async remove(id) {
      await del(id, store);
      notify(true);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** A new entry as captured: waiting, never tried. */
export function newCapture(fields: {
  userId: string;
  businessId: string;
  input: TQueuedCreate;
  receipt: CapturedEntry["receipt"];
  now: number;
}): CapturedEntry {
  return {
    id: fields.input.clientRequestId,
    userId: fields.userId,
    businessId: fields.businessId,
    input: fields.input,
    receipt: fields.receipt,
    capturedAt: fields.now,
    state: "waiting",
    transactionId: null,
    attempts: 0,
    nextAttemptAt: fields.now,
    problem: null,
  };
}
