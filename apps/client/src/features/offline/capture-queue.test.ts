// @vitest-environment node
import "fake-indexeddb/auto";
import { randomUUID } from "node:crypto";
import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { type CapturedEntry, createCaptureStore, newCapture, type TQueuedCreate } from "./capture-store";
import { classifyFailure, retryDelayMs, retryWith, type SyncApi, syncCaptures } from "./capture-sync";

const USER = randomUUID();
const BUSINESS = randomUUID();

function freshStore() {
  return createCaptureStore({ name: `kavi-test-${randomUUID()}` });
}

function capture(at: number, extra: Partial<TQueuedCreate> = {}, receipt: CapturedEntry["receipt"] = null) {
  return newCapture({
    userId: USER,
    businessId: BUSINESS,
    input: {
      clientRequestId: randomUUID(),
      type: "expense",
      amount: "250",
      currency: "KES",
      description: "Matatu fare",
      ...extra,
    },
    receipt,
    now: at,
  });
}

const networkDown = () => TRPCClientError.from(new TypeError("Failed to fetch"));
const refusedBy = (message: string, code = "BAD_REQUEST", httpStatus = 400) =>
  TRPCClientError.from({ error: { message, code: -32600, data: { code, httpStatus } } });

/** A pretend server that books each key once, like transactions.create with a clientRequestId. */
function fakeServer(options: { fail?: (input: TQueuedCreate) => Error | null } = {}) {
  const booked = new Map<string, { id: string; input: TQueuedCreate }>();
  const calls: string[] = [];
  const photos: string[] = [];
  let uploadFailure: Error | null = null;
  const api: SyncApi = {
    async create(_businessId, input) {
      calls.push(input.clientRequestId);
      const failure = options.fail?.(input) ?? null;
      if (failure) throw failure;
      const existing = booked.get(input.clientRequestId);
      if (existing) return { id: existing.id };
      const id = randomUUID();
      booked.set(input.clientRequestId, { id, input });
      return { id };
    },
    async attachReceipt(_businessId, transactionId) {
      if (uploadFailure) throw uploadFailure;
      photos.push(transactionId);
    },
  };
  return {
    api,
    booked,
    calls,
    photos,
    failUploads: (error: Error | null) => {
      uploadFailure = error;
    },
  };
}

describe("capture store (IndexedDB)", () => {
  it("keeps entries with their photo, oldest capture first, and tells subscribers", async () => {
    const store = freshStore();
    let changes = 0;
    store.subscribe(() => {
      changes += 1;
    });
    const photo = {
      blob: new Blob(["jpeg bytes"], { type: "image/jpeg" }),
      fileName: "r.jpg",
      contentType: "image/jpeg",
    };
    const later = capture(2_000, {}, photo);
    const earlier = capture(1_000);
    await store.put(later);
    await store.put(earlier);
    const listed = await store.list();
    expect(listed.map((entry) => entry.id)).toEqual([earlier.id, later.id]);
    const kept = listed[1]?.receipt?.blob;
    expect(kept).toBeInstanceOf(Blob);
    expect(await kept?.text()).toBe("jpeg bytes");
    await store.remove(earlier.id);
    expect((await store.list()).map((entry) => entry.id)).toEqual([later.id]);
    expect(changes).toBe(3);
  });

  it("skips what does not read as an entry instead of failing the whole list", async () => {
    const store = freshStore();
    const { createStore, set } = await import("idb-keyval");
    const name = `kavi-test-${randomUUID()}`;
    await set("junk", { hello: "from an older version" }, createStore(name, "captures"));
    const same = createCaptureStore({ name });
    expect(await same.list()).toEqual([]);
    expect(await store.list()).toEqual([]);
  });
});

describe("syncCaptures", () => {
  it("books every waiting entry once, in capture order, and empties the queue", async () => {
    const store = freshStore();
    const server = fakeServer();
    const first = capture(1);
    const second = capture(2);
    await store.put(second);
    await store.put(first);
    const summary = await syncCaptures({ store, api: server.api, userId: USER, now: () => 10 });
    expect(summary).toEqual({ synced: 2, refused: 0, stalled: false });
    expect(server.calls).toEqual([first.id, second.id]);
    expect(await store.list()).toEqual([]);
  });

  it("stops at a network failure, backs off that entry, and never lets a later one overtake it", async () => {
    const store = freshStore();
    let online = false;
    const server = fakeServer({ fail: () => (online ? null : networkDown()) });
    const first = capture(1);
    const second = capture(2);
    await store.put(first);
    await store.put(second);
    const summary = await syncCaptures({ store, api: server.api, userId: USER, now: () => 100 });
    expect(summary.stalled).toBe(true);
    expect(server.calls).toEqual([first.id]);
    const waiting = await store.get(first.id);
    expect(waiting).toMatchObject({ state: "waiting", attempts: 1, nextAttemptAt: 100 + retryDelayMs(1) });

    // Not due yet: nothing is sent.
    online = true;
    await syncCaptures({ store, api: server.api, userId: USER, now: () => 101 });
    expect(server.calls).toEqual([first.id]);
    // Due (or forced): both go, first first.
    await syncCaptures({ store, api: server.api, userId: USER, now: () => 100 + retryDelayMs(1) });
    expect(server.calls).toEqual([first.id, first.id, second.id]);
    expect(server.booked.size).toBe(2);
  });

  it("an answer lost on the way back is resent under the same key and booked once", async () => {
    const store = freshStore();
    const server = fakeServer();
    let loseAnswer = true;
    const api: SyncApi = {
      ...server.api,
      async create(businessId, input) {
        const result = await server.api.create(businessId, input);
        if (loseAnswer) {
          loseAnswer = false;
          throw networkDown();
        }
        return result;
      },
    };
    await store.put(capture(1));
    await syncCaptures({ store, api, userId: USER, now: () => 10 });
    await syncCaptures({ store, api, userId: USER, now: () => 10, force: true });
    expect(server.calls).toHaveLength(2);
    expect(server.booked.size).toBe(1);
    expect(await store.list()).toEqual([]);
  });

  it("a refusal becomes a conflict with the server's words, and the rest still syncs", async () => {
    const store = freshStore();
    const server = fakeServer({
      fail: (input) =>
        input.description === "Old category" ? refusedBy("Category not found", "NOT_FOUND", 404) : null,
    });
    const refused = capture(1, { description: "Old category" });
    const fine = capture(2);
    await store.put(refused);
    await store.put(fine);
    const summary = await syncCaptures({ store, api: server.api, userId: USER, now: () => 10 });
    expect(summary).toEqual({ synced: 1, refused: 1, stalled: false });
    const conflict = await store.get(refused.id);
    expect(conflict).toMatchObject({ state: "conflict", problem: { message: "Category not found" } });
    // A conflict is not sent again until the person changes it.
    await syncCaptures({ store, api: server.api, userId: USER, now: () => 10, force: true });
    expect(server.calls.filter((id) => id === refused.id)).toHaveLength(1);
    // Edited: it waits again under the same key and books.
    if (!conflict) throw new Error("conflict expected");
    await store.put(retryWith(conflict, { ...conflict.input, description: "Fuel" }, 15));
    await syncCaptures({ store, api: server.api, userId: USER, now: () => 15 });
    expect(server.booked.get(refused.id)?.input.description).toBe("Fuel");
    expect(await store.list()).toEqual([]);
  });

  it("books first, then uploads the photo; a failed upload keeps the booking and retries only the photo", async () => {
    const store = freshStore();
    const server = fakeServer();
    server.failUploads(networkDown());
    const photo = {
      blob: new Blob(["png"], { type: "image/png" }),
      fileName: "till.png",
      contentType: "image/png",
    };
    const entry = capture(1, {}, photo);
    await store.put(entry);
    await syncCaptures({ store, api: server.api, userId: USER, now: () => 10 });
    const afterFirst = await store.get(entry.id);
    expect(afterFirst?.state).toBe("photo");
    const transactionId = server.booked.get(entry.id)?.id;
    expect(afterFirst?.transactionId).toBe(transactionId);
    server.failUploads(null);
    await syncCaptures({ store, api: server.api, userId: USER, now: () => 10, force: true });
    expect(server.calls).toEqual([entry.id]);
    expect(server.photos).toEqual([transactionId]);
    expect(await store.list()).toEqual([]);
  });

  it("sends only the signed-in person's entries", async () => {
    const store = freshStore();
    const server = fakeServer();
    const theirs = { ...capture(1), userId: randomUUID() };
    await store.put(theirs);
    await syncCaptures({ store, api: server.api, userId: USER, now: () => 10 });
    expect(server.calls).toEqual([]);
    expect(await store.list()).toHaveLength(1);
  });
});

describe("classifyFailure and retryDelayMs", () => {
  it("waits out transport trouble and reports the server's refusals", () => {
    expect(classifyFailure(networkDown()).kind).toBe("retry");
    expect(classifyFailure(refusedBy("Server fell over", "INTERNAL_SERVER_ERROR", 500)).kind).toBe("retry");
    expect(classifyFailure(refusedBy("Slow down", "TOO_MANY_REQUESTS", 429)).kind).toBe("retry");
    expect(classifyFailure(refusedBy("The period is locked", "PRECONDITION_FAILED", 412))).toMatchObject({
      kind: "refused",
      message: "The period is locked",
    });
  });

  it("doubles from 5 seconds and stops at 5 minutes", () => {
    expect([1, 2, 3].map(retryDelayMs)).toEqual([5_000, 10_000, 20_000]);
    expect(retryDelayMs(30)).toBe(300_000);
  });
});
