import type { AppRouter } from "@kavi/api";
import { createTRPCClient, TRPCClientError, type TRPCLink } from "@trpc/client";
import { observable } from "@trpc/server/observable";
import { describe, expect, it, vi } from "vitest";
import { SessionManager } from "./session/session-manager";
import { sessionLink } from "./trpc";

const user = { id: "u1", email: "a@example.co.ke", fullName: "A", isSuperAdmin: false };

function expired() {
  return TRPCClientError.from({
    error: {
      message: "Your session needs refreshing",
      code: -32001,
      data: { code: "UNAUTHORIZED", httpStatus: 401, reason: "TOKEN_EXPIRED" },
    },
  });
}

function ended() {
  return TRPCClientError.from({
    error: {
      message: "Please sign in to continue",
      code: -32001,
      data: { code: "UNAUTHORIZED", httpStatus: 401, reason: "SESSION_ENDED" },
    },
  });
}

/** A terminating link standing in for the server: answers from a script of responses. */
function scriptedServer(responses: (() => unknown)[], seen: string[]): TRPCLink<AppRouter> {
  return () =>
    ({ op }) =>
      observable((observer) => {
        seen.push(op.path);
        const next = responses.shift();
        try {
          const data = next?.();
          observer.next({ result: { type: "data", data } });
          observer.complete();
        } catch (error) {
          observer.error(error as TRPCClientError<AppRouter>);
        }
        return () => undefined;
      });
}

async function signedInSession(refresh = vi.fn()) {
  refresh.mockResolvedValue({
    accessToken: "new",
    accessTokenExpiresAt: new Date(Date.now() + 900_000),
    user,
  });
  const session = new SessionManager({ refresh, isRejection: () => true });
  session.start({ accessToken: "old", accessTokenExpiresAt: new Date(Date.now() + 900_000), user });
  return { session, refresh };
}

describe("sessionLink", () => {
  it("refreshes once and retries a call whose access token had expired", async () => {
    const { session, refresh } = await signedInSession();
    const seen: string[] = [];
    const client = createTRPCClient<AppRouter>({
      links: [
        sessionLink(session),
        scriptedServer(
          [
            () => {
              throw expired();
            },
            () => ({ unread: 3 }),
          ],
          seen,
        ),
      ],
    });
    await expect(client.notifications.unreadCount.query()).resolves.toEqual({ unread: 3 });
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(seen).toEqual(["notifications.unreadCount", "notifications.unreadCount"]);
    session.dispose();
  });

  it("does not loop when the retry fails again", async () => {
    const { session, refresh } = await signedInSession();
    const client = createTRPCClient<AppRouter>({
      links: [
        sessionLink(session),
        scriptedServer(
          [
            () => {
              throw expired();
            },
            () => {
              throw expired();
            },
          ],
          [],
        ),
      ],
    });
    await expect(client.auth.me.query()).rejects.toBeInstanceOf(TRPCClientError);
    expect(refresh).toHaveBeenCalledTimes(1);
    session.dispose();
  });

  it("ends the session when the server says it is over", async () => {
    const { session } = await signedInSession();
    const client = createTRPCClient<AppRouter>({
      links: [
        sessionLink(session),
        scriptedServer(
          [
            () => {
              throw ended();
            },
          ],
          [],
        ),
      ],
    });
    await expect(client.auth.me.query()).rejects.toBeInstanceOf(TRPCClientError);
    expect(session.getState()).toEqual({ status: "signed-out", reason: "session-ended" });
    session.dispose();
  });

  it("leaves sign-in errors alone", async () => {
    const { session, refresh } = await signedInSession();
    const client = createTRPCClient<AppRouter>({
      links: [
        sessionLink(session),
        scriptedServer(
          [
            () => {
              throw expired();
            },
          ],
          [],
        ),
      ],
    });
    await expect(
      client.auth.signIn.mutate({ email: "a@example.co.ke", password: "x" }),
    ).rejects.toBeInstanceOf(TRPCClientError);
    expect(refresh).not.toHaveBeenCalled();
    session.dispose();
  });
});
