import type { AppRouter } from "@kavi/api";
import { wireTransformer } from "@kavi/domain";
import { createTRPCClient, httpBatchLink, httpLink, type TRPCLink } from "@trpc/client";
import { observable } from "@trpc/server/observable";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { env } from "../env";
import { errorCode, errorReason } from "./errors";
import type { IssuedSession, SessionManager } from "./session/session-manager";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export type ApiClient = ReturnType<typeof createTRPCClient<AppRouter>>;

/** The refresh cookie must travel with every call (its path is /api/trpc). */
const withCredentials: typeof fetch = (input, init) => fetch(input, { ...init, credentials: "include" });

/** Procedures that must not trigger a refresh-and-retry: they are how sessions start and end. */
const SESSION_PROCEDURES = new Set([
  "auth.signIn",
  "auth.signUp",
  "auth.confirmSignUp",
  "auth.refresh",
  "auth.signOut",
]);

/**
 * Retries a call once after a silent refresh when the access token had expired, and ends the session in
 * this tab when the server says it is over.
 */
export function sessionLink(session: SessionManager): TRPCLink<AppRouter> {
  return () =>
    ({ op, next }) =>
      observable((observer) => {
        let retried = false;
        let subscription: { unsubscribe(): void } | null = null;
        const attempt = () => {
          subscription = next(op).subscribe({
            next: (value) => observer.next(value),
            complete: () => observer.complete(),
            error: (error) => {
              const reason = errorReason(error);
              if (reason === "TOKEN_EXPIRED" && !retried && !SESSION_PROCEDURES.has(op.path)) {
                retried = true;
                session
                  .refresh()
                  .then(attempt)
                  .catch(() => observer.error(error));
                return;
              }
              if (
                errorCode(error) === "UNAUTHORIZED" &&
                reason === "SESSION_ENDED" &&
                session.isSignedIn &&
                !SESSION_PROCEDURES.has(op.path)
              ) {
                session.end("session-ended");
              }
              observer.error(error);
            },
          });
        };
        attempt();
        return () => subscription?.unsubscribe();
      });
}

export function createApiClient(session: SessionManager): ApiClient {
  return createTRPCClient<AppRouter>({
    links: [
      sessionLink(session),
      httpBatchLink({
        url: env.apiUrl,
        transformer: wireTransformer,
        fetch: withCredentials,
        maxURLLength: 2000,
        // The server refuses batches of more than TRPC_MAX_BATCH_SIZE calls (20 by default): stay well below.
        maxItems: 10,
        async headers() {
          const token = await session.freshAccessToken();
          return token ? { authorization: `Bearer ${token}` } : {};
        },
      }),
    ],
  });
}

/** A bare client for auth.refresh alone: no auth header, no retry link, so it can never wait on itself. */
export function createRefreshCall(): () => Promise<IssuedSession> {
  const client = createTRPCClient<AppRouter>({
    links: [httpLink({ url: env.apiUrl, transformer: wireTransformer, fetch: withCredentials })],
  });
  return () => client.auth.refresh.mutate();
}
