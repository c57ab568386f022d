// @vitest-environment node
import "fake-indexeddb/auto";
import { randomUUID } from "node:crypto";
import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { SessionManager } from "../lib/session/session-manager";
import {
  createOfflineCache,
  isPersistedQuery,
  lastLoadedAt,
  OFFLINE_CACHE_MAX_AGE_MS,
} from "./offline-cache";

const user = {
  id: randomUUID(),
  email: "wanjiru@example.co.ke",
  fullName: "Wanjiru Kamau",
  isSuperAdmin: false,
};
const LIST_KEY = [["transactions", "list"], { input: { businessId: "b1" }, type: "infinite" }];
const OTHER_KEY = [["reports", "vatReturn"], { input: {}, type: "query" }];

class Rejected extends Error {}

/** A session whose refresh answers as told: signed in, no connection, or refused. */
function sessionThat(answer: "signed-in" | "offline" | "refused", who = user) {
  return new SessionManager({
    refresh: async () => {
      if (answer === "offline") throw new TypeError("Failed to fetch");
      if (answer === "refused") throw new Rejected("no");
      return { accessToken: "t", accessTokenExpiresAt: new Date(Date.now() + 600_000), user: who };
    },
    isRejection: (error) => error instanceof Rejected,
    setTimer: () => 0,
    clearTimer: () => undefined,
  });
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

async function seeded(name: string, now: () => number) {
  const session = sessionThat("signed-in");
  await session.restore();
  const queryClient = new QueryClient();
  const cache = createOfflineCache({ queryClient, session, name, now, writeDelayMs: 0 });
  await cache.start();
  queryClient.setQueryData(LIST_KEY, {
    pages: [{ items: [{ id: "t1", amountMinor: 125_000n }] }],
    pageParams: [null],
  });
  queryClient.setQueryData(OTHER_KEY, { secret: true });
  await settle();
  return { session, cache };
}

describe("offline cache", () => {
  it("keeps only the main lists, and opens with no connection as the last person, money intact", async () => {
    const name = `kavi-cache-${randomUUID()}`;
    await seeded(name, Date.now);

    const session = sessionThat("offline");
    await session.restore();
    expect(session.getState().status).toBe("unreachable");
    const queryClient = new QueryClient();
    await createOfflineCache({ queryClient, session, name, writeDelayMs: 0 }).start();
    expect(session.getState()).toEqual({ status: "signed-in", user });
    expect(queryClient.getQueryData(LIST_KEY)).toEqual({
      pages: [{ items: [{ id: "t1", amountMinor: 125_000n }] }],
      pageParams: [null],
    });
    expect(queryClient.getQueryData(OTHER_KEY)).toBeUndefined();
    expect(lastLoadedAt(queryClient)).toBeGreaterThan(0);
  });

  it("online, shows the snapshot at once but refetches it: it may be older than the last change", async () => {
    const name = `kavi-cache-${randomUUID()}`;
    await seeded(name, Date.now);

    const session = sessionThat("signed-in");
    await session.restore();
    const queryClient = new QueryClient();
    await createOfflineCache({ queryClient, session, name, writeDelayMs: 0 }).start();
    expect(queryClient.getQueryData(LIST_KEY)).toBeDefined();
    expect(queryClient.getQueryState(LIST_KEY)?.isInvalidated).toBe(true);
  });

  it("does not show one person's snapshot to another, and forgets it on sign-out", async () => {
    const name = `kavi-cache-${randomUUID()}`;
    const first = await seeded(name, Date.now);

    const someoneElse = sessionThat("signed-in", { ...user, id: randomUUID() });
    await someoneElse.restore();
    const theirs = new QueryClient();
    await createOfflineCache({ queryClient: theirs, session: someoneElse, name, writeDelayMs: 0 }).start();
    expect(theirs.getQueryData(LIST_KEY)).toBeUndefined();

    // The first person's snapshot was dropped: offline, nobody is resumed.
    const offline = sessionThat("offline");
    await offline.restore();
    await createOfflineCache({ queryClient: new QueryClient(), session: offline, name }).start();
    expect(offline.getState().status).toBe("unreachable");

    // And a sign-out clears what was kept.
    const name2 = `kavi-cache-${randomUUID()}`;
    const again = await seeded(name2, Date.now);
    again.session.end("signed-out");
    await settle();
    const later = sessionThat("offline");
    await later.restore();
    await createOfflineCache({ queryClient: new QueryClient(), session: later, name: name2 }).start();
    expect(later.getState().status).toBe("unreachable");
    expect(first.session.isSignedIn).toBe(true);
  });

  it("ignores a snapshot older than its maximum age", async () => {
    const name = `kavi-cache-${randomUUID()}`;
    const start = 1_700_000_000_000;
    await seeded(name, () => start);
    const session = sessionThat("offline");
    await session.restore();
    const queryClient = new QueryClient();
    await createOfflineCache({
      queryClient,
      session,
      name,
      now: () => start + OFFLINE_CACHE_MAX_AGE_MS + 1,
    }).start();
    expect(session.getState().status).toBe("unreachable");
    expect(queryClient.getQueryData(LIST_KEY)).toBeUndefined();
  });

  it("recognises the kept procedures by their path", () => {
    expect(isPersistedQuery(LIST_KEY)).toBe(true);
    expect(isPersistedQuery([["dashboard", "summary"], {}])).toBe(true);
    expect(isPersistedQuery([["auth", "me"]])).toBe(true);
    expect(isPersistedQuery(OTHER_KEY)).toBe(false);
    expect(isPersistedQuery(["transactions"])).toBe(false);
  });
});
