import { type QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useEffect } from "react";
import { dropCacheOnSignOut } from "../lib/session/drop-cache-on-sign-out";
import { SessionProvider } from "../lib/session/session-context";
import type { SessionManager } from "../lib/session/session-manager";
import { type ApiClient, TRPCProvider } from "../lib/trpc";

export function AppProviders({
  session,
  queryClient,
  apiClient,
  children,
}: {
  session: SessionManager;
  queryClient: QueryClient;
  apiClient: ApiClient;
  children: ReactNode;
}) {
  useEffect(() => dropCacheOnSignOut(session, queryClient), [session, queryClient]);
  return (
    <SessionProvider manager={session}>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={apiClient} queryClient={queryClient}>
          {children}
        </TRPCProvider>
      </QueryClientProvider>
    </SessionProvider>
  );
}
