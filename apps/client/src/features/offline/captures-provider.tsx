import type { UploadContentType } from "@kavi/domain";
import { useQueryClient } from "@tanstack/react-query";
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { useTranslation } from "react-i18next";
import { useSession } from "../../lib/session/session-context";
import { type ApiClient, useTRPC, useTRPCClient } from "../../lib/trpc";
import { toast } from "../../ui/toast";
import { uploadTransactionAttachment } from "../transactions/upload-attachment";
import { type CapturedEntry, type CaptureStore, newCapture, type TQueuedCreate } from "./capture-store";
import { retryWith, type SyncApi, syncCaptures } from "./capture-sync";

interface CapturesValue {
  /** The signed-in person's entries on this device, oldest first. */
  entries: CapturedEntry[];
  syncing: boolean;
  syncNow: () => Promise<void>;
  /** Queues an entry (offline, or a create that could not get through) and shows it at once. */
  capture: (businessId: string, input: TQueuedCreate, receipt: CapturedEntry["receipt"]) => Promise<void>;
  /** Queues only the photo of an entry that is booked (its upload could not get through). */
  capturePhoto: (
    businessId: string,
    transactionId: string,
    input: TQueuedCreate,
    receipt: NonNullable<CapturedEntry["receipt"]>,
  ) => Promise<void>;
  discard: (id: string) => Promise<void>;
  /** A conflicted entry, corrected: it waits again under its key and is sent now. */
  resubmit: (entry: CapturedEntry, input: TQueuedCreate) => Promise<void>;
}

const CapturesContext = createContext<CapturesValue | null>(null);

export function useCaptures(): CapturesValue {
  const value = useContext(CapturesContext);
  if (!value) throw new Error("useCaptures needs <CapturesProvider>");
  return value;
}

function syncApiFor(client: ApiClient): SyncApi {
  return {
    async create(businessId, input) {
      type CreateInput = Parameters<typeof client.transactions.create.mutate>[0];
      const created = await client.transactions.create.mutate({ ...(input as CreateInput), businessId });
      return { id: created.id };
    },
    async attachReceipt(businessId, transactionId, receipt) {
      await uploadTransactionAttachment(client, {
        businessId,
        transactionId,
        blob: receipt.blob,
        fileName: receipt.fileName,
        contentType: receipt.contentType as UploadContentType,
      });
    },
  };
}

const isOnline = () => typeof navigator === "undefined" || navigator.onLine !== false;

/**
 * Keeps the offline queue moving: a sync when the app starts (or someone signs in), when the device comes back
 * online, and after each entry's back-off while online; "Sync now" forces one. Runs never overlap in a tab;
 * across tabs the keys keep a double send harmless.
 */
export function CapturesProvider({
  store,
  now = Date.now,
  children,
}: {
  store: CaptureStore;
  now?: () => number;
  children: ReactNode;
}) {
  const session = useSession();
  const userId = session.status === "signed-in" ? session.user.id : null;
  const client = useTRPCClient();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { t } = useTranslation("offline");
  const [entries, setEntries] = useState<CapturedEntry[]>([]);
  const [syncing, setSyncing] = useState(false);
  const running = useRef<Promise<void> | null>(null);
  const api = useMemo(() => syncApiFor(client), [client]);

  const reload = useCallback(async () => {
    const all = await store.list();
    setEntries(userId ? all.filter((entry) => entry.userId === userId) : []);
  }, [store, userId]);

  useEffect(() => {
    void reload();
    return store.subscribe(() => void reload());
  }, [store, reload]);

  const run = useCallback(
    async (force: boolean) => {
      if (!userId) return;
      if (running.current) return running.current;
      const work = (async () => {
        setSyncing(true);
        try {
          const summary = await syncCaptures({ store, api, userId, now, force });
          if (summary.synced > 0) {
            await queryClient.invalidateQueries({ queryKey: trpc.transactions.pathKey() });
            await queryClient.invalidateQueries({ queryKey: trpc.dashboard.pathKey() });
            toast("success", t("synced", { count: summary.synced }));
          }
          if (summary.refused > 0) toast("error", t("refusedToast", { count: summary.refused }));
        } finally {
          setSyncing(false);
          running.current = null;
        }
      })();
      running.current = work;
      return work;
    },
    [userId, store, api, now, queryClient, trpc, t],
  );

  // App start and sign-in; back online.
  useEffect(() => {
    if (!userId) return;
    if (isOnline()) void run(false);
    const online = () => void run(true);
    window.addEventListener("online", online);
    return () => window.removeEventListener("online", online);
  }, [userId, run]);

  // The next due try of the earliest entry that is not a conflict.
  useEffect(() => {
    const next = entries.find((entry) => entry.state !== "conflict");
    if (!next || syncing || !userId) return;
    const timer = setTimeout(
      () => {
        if (isOnline()) void run(false);
      },
      Math.max(1_000, next.nextAttemptAt - now()),
    );
    return () => clearTimeout(timer);
  }, [entries, syncing, userId, run, now]);

  const value = useMemo<CapturesValue>(
    () => ({
      entries,
      syncing,
      syncNow: () => run(true),
      async capture(businessId, input, receipt) {
        if (!userId) return;
        await store.put(newCapture({ userId, businessId, input, receipt, now: now() }));
      },
      async capturePhoto(businessId, transactionId, input, receipt) {
        if (!userId) return;
        const entry = newCapture({ userId, businessId, input, receipt, now: now() });
        await store.put({ ...entry, state: "photo", transactionId });
      },
      async discard(id) {
        await store.remove(id);
      },
      async resubmit(entry, input) {
        await store.put(retryWith(entry, input, now()));
        if (isOnline()) await run(true);
      },
    }),
    [entries, syncing, run, store, userId, now],
  );
  return <CapturesContext.Provider value={value}>{children}</CapturesContext.Provider>;
}
