import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { dropCacheOnSignOut } from "./drop-cache-on-sign-out";
import { type IssuedSession, SessionManager } from "./session-manager";

class Rejected extends Error {}

const user = { id: "u1", email: "amina@example.co.ke", fullName: "Amina Wanjiru", isSuperAdmin: false };

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

describe("dropCacheOnSignOut", () => {
  it("keeps a public query in flight when page load finds nobody signed in (the customer's invoice page)", async () => {
    const refresh = deferred<IssuedSession>();
    const session = new SessionManager({
      refresh: () => refresh.promise,
      isRejection: (e) => e instanceof Rejected,
    });
    const queryClient = new QueryClient();
    const stop = dropCacheOnSignOut(session, queryClient);
    const restoring = session.restore();
    const invoice = deferred<string>();
    const fetched = queryClient.fetchQuery({ queryKey: ["publicInvoice"], queryFn: () => invoice.promise });
    refresh.reject(new Rejected("no session"));
    await restoring;
    expect(session.getState().status).toBe("signed-out");
    invoice.resolve("INV-2026-0001, paid");
    await expect(fetched).resolves.toBe("INV-2026-0001, paid");
    expect(queryClient.getQueryData(["publicInvoice"])).toBe("INV-2026-0001, paid");
    stop();
  });

  it("drops everything cached for the account when a session ends", async () => {
    const session = new SessionManager({
      refresh: async () => ({ accessToken: "a", accessTokenExpiresAt: new Date(Date.now() + 600_000), user }),
      isRejection: (e) => e instanceof Rejected,
    });
    const queryClient = new QueryClient();
    const stop = dropCacheOnSignOut(session, queryClient);
    await session.restore();
    queryClient.setQueryData(["transactions"], ["KES 4,000 from Naivas"]);
    session.end("signed-out", { broadcast: false });
    expect(queryClient.getQueryData(["transactions"])).toBeUndefined();
    stop();
    session.dispose();
  });
});
