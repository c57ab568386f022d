import { type QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { i18n as I18n } from "i18next";
import { type ReactNode, useEffect } from "react";
import { I18nextProvider } from "react-i18next";
import type { CaptureStore } from "../features/offline/capture-store";
import { CapturesProvider } from "../features/offline/captures-provider";
import { dropCacheOnSignOut } from "../lib/session/drop-cache-on-sign-out";
import { SessionProvider } from "../lib/session/session-context";
import type { SessionManager } from "../lib/session/session-manager";
import { type ApiClient, TRPCProvider } from "../lib/trpc";

export function AppProviders({
  session,
  queryClient,
  apiClient,
  i18n,
  captures,
  children,
}: {
  i18n: I18n;
  /** Entries recorded offline (IndexedDB), built once in main.tsx. */
  captures: CaptureStore;
  session: SessionManager;
  queryClient: QueryClient;
  apiClient: ApiClient;
  children: ReactNode;
}) {
  useEffect(() => dropCacheOnSignOut(session, queryClient), [session, queryClient]);
  return (
    <I18nextProvider i18n={i18n}>
      <SessionProvider manager={session}>
        <QueryClientProvider client={queryClient}>
          <TRPCProvider trpcClient={apiClient} queryClient={queryClient}>
            <CapturesProvider store={captures}>{children}</CapturesProvider>
          </TRPCProvider>
        </QueryClientProvider>
      </SessionProvider>
    </I18nextProvider>
  );
}
