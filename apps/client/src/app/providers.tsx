import { type QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useEffect } from "react";
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
  // Nothing cached for one account may be shown to the next: drop the cache whenever the session ends.
  useEffect(
    () =>
      session.subscribe(() => {
        if (session.getState().status === "signed-out") queryClient.clear();
      }),
    [session, queryClient],
  );
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
