import { type DehydratedState, dehydrate, hydrate, type QueryClient } from "@tanstack/react-query";
import { createStore, del, get, set } from "idb-keyval";
import { z } from "zod";
import type { SessionManager } from "../lib/session/session-manager";

/**
 * The last-loaded main lists, kept in IndexedDB so the app opens with no connection showing what it showed last
 * (marked as offline, with its time). Only these queries are kept, only while someone is signed in, for at most
 * a week, and the snapshot is dropped when the session ends.
 */
export const PERSISTED_QUERIES = [
  "auth.me",
  "business.get",
  "categories.list",
  "customers.list",
  "suppliers.list",
  "transactions.list",
  "invoices.list",
  "dashboard",
] as const;

export const OFFLINE_CACHE_MAX_AGE_MS = 7 * 24 * 3_600_000;
/** Bump when what is kept changes shape: an older snapshot is then thrown away. */
const BUSTER = "1";
const SNAPSHOT_KEY = "snapshot";

/** tRPC query keys start with the procedure path (["transactions", "list"]). */
export function isPersistedQuery(queryKey: readonly unknown[]): boolean {
  const [path] = queryKey;
  if (!Array.isArray(path)) return false;
  const dotted = path.join(".");
  return PERSISTED_QUERIES.some((prefix) => dotted === prefix || dotted.startsWith(`${prefix}.`));
}

const ZSnapshotSchema = z.object({
  buster: z.literal(BUSTER),
  savedAt: z.number(),
  user: z.object({ id: z.string(), email: z.string(), fullName: z.string(), isSuperAdmin: z.boolean() }),
  state: z.custom<DehydratedState>(
    (value) => typeof value === "object" && value !== null && "queries" in value && "mutations" in value,
  ),
});
type Snapshot = z.output<typeof ZSnapshotSchema>;

export interface OfflineCache {
  /** After session.restore(): resume offline from the snapshot, or keep it in step with the session. */
  start(): Promise<void>;
  /** Forget the snapshot (sign-out). */
  clear(): Promise<void>;
}

export function createOfflineCache(options: {
  queryClient: QueryClient;
  session: SessionManager;
  name?: string;
  now?: () => number;
  /** Coalesce cache writes (every query change would otherwise write). */
  writeDelayMs?: number;
}): OfflineCache {
  const { queryClient, session } = options;
  const now = options.now ?? Date.now;
  const store = createStore(options.name ?? "kavi-cache", "queries");
  const delay = options.writeDelayMs ?? 1_000;
  let pending: ReturnType<typeof setTimeout> | null = null;

  const read = async (): Promise<Snapshot | null> => {
    try {
      // IndexedDB is outside input: a snapshot from another version, or a damaged one, is ignored.
      const parsed = ZSnapshotSchema.safeParse(await get(SNAPSHOT_KEY, store));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  };
  const write = async () => {
    const state = session.getState();
    if (state.status !== "signed-in") return;
    const snapshot: Snapshot = {
      buster: BUSTER,
      savedAt: now(),
      user: state.user,
      // IndexedDB keeps bigint and Date as they are (structured clone): no JSON round trip for money.
      state: dehydrate(queryClient, {
        shouldDehydrateQuery: (query) => query.state.status === "success" && isPersistedQuery(query.queryKey),
        shouldDehydrateMutation: () => false,
      }),
    };
    try {
      await set(SNAPSHOT_KEY, snapshot, store);
    } catch {
      // Storage full, private mode, a value that will not clone: the app works, it just opens empty offline.
    }
  };
  const schedule = () => {
    if (pending) return;
    pending = setTimeout(() => {
      pending = null;
      void write();
    }, delay);
  };
  const clear = async () => {
    if (pending) clearTimeout(pending);
    pending = null;
    await del(SNAPSHOT_KEY, store).catch(() => undefined);
  };

  return {
    clear,
    async start() {
      const state = session.getState();
      const snapshot = await read();
      if (state.status === "signed-out") {
        await clear();
        return;
      }
      const fresh = snapshot !== null && now() - snapshot.savedAt <= OFFLINE_CACHE_MAX_AGE_MS;
      const usable =
        fresh &&
        (state.status === "unreachable" ||
          (state.status === "signed-in" && state.user.id === snapshot.user.id));
      if (usable) {
        // Newer data already in the cache wins (hydrate keeps whichever was fetched later).
        hydrate(queryClient, snapshot.state);
        if (state.status === "unreachable") session.resumeOffline(snapshot.user);
        // Online, the snapshot is only a first paint: it may predate the last changes (it is written a moment
        // after them), so every restored query is refetched as soon as a screen uses it.
        else
          await queryClient.invalidateQueries({
            predicate: (query) => isPersistedQuery(query.queryKey),
            refetchType: "none",
          });
      } else if (snapshot) {
        await clear();
      }
      // Nothing kept for one account may be shown to the next.
      let previous = session.getState().status;
      session.subscribe(() => {
        const current = session.getState().status;
        if (current === "signed-out" && previous !== "signed-out") void clear();
        previous = current;
      });
      queryClient.getQueryCache().subscribe((event) => {
        if (event.type === "updated" && isPersistedQuery(event.query.queryKey)) schedule();
      });
    },
  };
}

/** When the last-loaded data was fetched: the newest of the kept queries, or null when nothing is loaded. */
export function lastLoadedAt(queryClient: QueryClient): number | null {
  let newest = 0;
  for (const query of queryClient.getQueryCache().getAll()) {
    if (isPersistedQuery(query.queryKey)) newest = Math.max(newest, query.state.dataUpdatedAt);
  }
  return newest > 0 ? newest : null;
}
