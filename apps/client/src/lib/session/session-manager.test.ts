import { describe, expect, it, vi } from "vitest";
import {
  type ChannelLike,
  type IssuedSession,
  type LockManagerLike,
  SessionManager,
} from "./session-manager";

const user = { id: "u1", email: "amina@example.co.ke", fullName: "Amina Wanjiru", isSuperAdmin: false };

class Rejected extends Error {}

function issued(token: string, expiresInMs: number, now: number): IssuedSession {
  return { accessToken: token, accessTokenExpiresAt: new Date(now + expiresInMs), user };
}

/** A manual clock and timer queue, so scheduling is checked without real waiting. */
function fakeTime(start = 1_000_000) {
  let now = start;
  const timers: { at: number; callback: () => void; handle: number }[] = [];
  let next = 1;
  return {
    now: () => now,
    setTimer: (callback: () => void, ms: number) => {
      const handle = next++;
      timers.push({ at: now + ms, callback, handle });
      return handle;
    },
    clearTimer: (handle: unknown) => {
      const index = timers.findIndex((timer) => timer.handle === handle);
      if (index >= 0) timers.splice(index, 1);
    },
    pending: () => timers.map((timer) => timer.at - now),
    advance(ms: number) {
      now += ms;
      for (const timer of timers.filter((item) => item.at <= now)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.callback();
      }
    },
  };
}

/** A Web Lock stand-in that runs holders strictly one after another, like navigator.locks. */
function fakeLocks(): LockManagerLike & { held: () => number } {
  let queue: Promise<unknown> = Promise.resolve();
  let held = 0;
  return {
    held: () => held,
    request<T>(_name: string, callback: () => Promise<T>): Promise<T> {
      const run = queue.then(async () => {
        held += 1;
        try {
          return await callback();
        } finally {
          held -= 1;
        }
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}

/** Two tabs' BroadcastChannels wired together. */
function channelPair(): [ChannelLike, ChannelLike] {
  const listeners: [((event: { data: unknown }) => void)[], ((event: { data: unknown }) => void)[]] = [
    [],
    [],
  ];
  const make = (self: 0 | 1): ChannelLike => ({
    postMessage: (data) => {
      for (const listener of listeners[self === 0 ? 1 : 0]) listener({ data });
    },
    addEventListener: (_type, listener) => listeners[self].push(listener),
    close: () => undefined,
  });
  return [make(0), make(1)];
}

function manager(overrides: Partial<ConstructorParameters<typeof SessionManager>[0]> = {}) {
  const time = fakeTime();
  let count = 0;
  const refresh = vi.fn(async () => {
    count += 1;
    return issued(`token-${count}`, 15 * 60_000, time.now());
  });
  const session = new SessionManager({
    refresh,
    isRejection: (error) => error instanceof Rejected,
    now: time.now,
    setTimer: time.setTimer,
    clearTimer: time.clearTimer,
    ...overrides,
  });
  return { session, refresh, time };
}

describe("SessionManager", () => {
  it("restores a session from the refresh cookie on load", async () => {
    const { session, refresh } = manager();
    expect(session.getState()).toEqual({ status: "restoring" });
    await session.restore();
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(session.getState()).toEqual({ status: "signed-in", user });
    expect(session.accessToken).toBe("token-1");
  });

  it("is simply signed out (no 'session ended' message) when there is no cookie", async () => {
    const { session } = manager({
      refresh: async () => {
        throw new Rejected();
      },
    });
    await session.restore();
    expect(session.getState()).toEqual({ status: "signed-out", reason: null });
  });

  it("says the server is unreachable rather than signing out on a network error", async () => {
    const { session } = manager({
      refresh: async () => {
        throw new TypeError("Failed to fetch");
      },
    });
    await session.restore();
    expect(session.getState()).toEqual({ status: "unreachable" });
  });

  it("resumes offline for the last person with no token, and refreshes before the first request", async () => {
    let online = false;
    let count = 0;
    const { session } = manager({
      refresh: async () => {
        if (!online) throw new TypeError("Failed to fetch");
        count += 1;
        return issued(`token-${count}`, 15 * 60_000, 1_000_000);
      },
    });
    session.resumeOffline(user);
    expect(session.getState()).toEqual({ status: "restoring" });
    await session.restore();
    session.resumeOffline(user);
    expect(session.getState()).toEqual({ status: "signed-in", user });
    expect(session.accessToken).toBeNull();
    // Still offline: requests go without a token (and fail on the network), the person stays signed in.
    await expect(session.freshAccessToken()).resolves.toBeNull();
    expect(session.isSignedIn).toBe(true);
    online = true;
    await expect(session.freshAccessToken()).resolves.toBe("token-1");
  });

  it("ends a session resumed offline when the server refuses its refresh", async () => {
    let online = false;
    const { session } = manager({
      refresh: async () => {
        throw online ? new Rejected("session over") : new TypeError("Failed to fetch");
      },
    });
    await session.restore();
    session.resumeOffline(user);
    online = true;
    await expect(session.freshAccessToken()).resolves.toBeNull();
    expect(session.getState()).toEqual({ status: "signed-out", reason: "session-ended" });
  });

  it("shares one refresh between concurrent callers (single flight)", async () => {
    const { session, refresh } = manager();
    await session.restore();
    const results = await Promise.all([session.refresh(), session.refresh(), session.refresh()]);
    expect(refresh).toHaveBeenCalledTimes(2);
    expect(new Set(results)).toEqual(new Set(["token-2"]));
  });

  it("refreshes silently a minute before the access token expires", async () => {
    const { session, refresh, time } = manager();
    await session.restore();
    expect(time.pending()).toEqual([14 * 60_000]);
    time.advance(14 * 60_000 - 1);
    expect(refresh).toHaveBeenCalledTimes(1);
    time.advance(1);
    await vi.waitFor(() => expect(session.accessToken).toBe("token-2"));
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it("ends the session with a reason when a refresh is refused mid-session", async () => {
    let calls = 0;
    const time = fakeTime();
    const session = new SessionManager({
      refresh: async () => {
        calls += 1;
        if (calls > 1) throw new Rejected();
        return issued("first", 15 * 60_000, time.now());
      },
      isRejection: (error) => error instanceof Rejected,
      now: time.now,
      setTimer: time.setTimer,
      clearTimer: time.clearTimer,
    });
    await session.restore();
    await expect(session.refresh()).rejects.toBeInstanceOf(Rejected);
    expect(session.getState()).toEqual({ status: "signed-out", reason: "session-ended" });
    expect(session.accessToken).toBeNull();
    expect(time.pending()).toEqual([]);
  });

  it("retries a background refresh later after a network failure, keeping the session", async () => {
    let calls = 0;
    const time = fakeTime();
    const session = new SessionManager({
      refresh: async () => {
        calls += 1;
        if (calls === 2) throw new TypeError("Failed to fetch");
        return issued(`t${calls}`, 15 * 60_000, time.now());
      },
      isRejection: (error) => error instanceof Rejected,
      now: time.now,
      setTimer: time.setTimer,
      clearTimer: time.clearTimer,
      retryAfterMs: 15_000,
    });
    await session.restore();
    await expect(session.refresh()).rejects.toBeInstanceOf(TypeError);
    expect(session.getState().status).toBe("signed-in");
    expect(time.pending()).toEqual([15_000]);
  });

  it("refreshes before sending a request when the token has already expired (a laptop waking up)", async () => {
    const { session, refresh, time } = manager();
    await session.restore();
    time.clearTimer(1);
    time.advance(20 * 60_000);
    await expect(session.freshAccessToken()).resolves.toBe("token-2");
    expect(refresh).toHaveBeenCalledTimes(2);
    await expect(session.freshAccessToken()).resolves.toBe("token-2");
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it("never lets two tabs refresh at once, and the second tab reuses the first tab's new token", async () => {
    const time = fakeTime();
    const locks = fakeLocks();
    const [channelA, channelB] = channelPair();
    let serverCalls = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    const serverRefresh = async () => {
      serverCalls += 1;
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      return issued(`shared-${serverCalls}`, 15 * 60_000, time.now());
    };
    const options = {
      refresh: serverRefresh,
      isRejection: (error: unknown) => error instanceof Rejected,
      locks,
      now: time.now,
      setTimer: time.setTimer,
      clearTimer: time.clearTimer,
    };
    const tabA = new SessionManager({ ...options, channel: channelA });
    const tabB = new SessionManager({ ...options, channel: channelB });
    await tabA.restore();
    expect(tabB.accessToken).toBe("shared-1");
    // Both tabs find their token expired at the same moment.
    time.advance(15 * 60_000);
    const [a, b] = await Promise.all([tabA.refresh(), tabB.refresh()]);
    expect(maxInFlight).toBe(1);
    expect(serverCalls).toBe(2);
    expect(a).toBe("shared-2");
    expect(b).toBe("shared-2");
  });

  it("signs other tabs out when one tab signs out", async () => {
    const [channelA, channelB] = channelPair();
    const time = fakeTime();
    const options = {
      refresh: async () => issued("t", 15 * 60_000, time.now()),
      isRejection: () => false,
      now: time.now,
      setTimer: time.setTimer,
      clearTimer: time.clearTimer,
    };
    const tabA = new SessionManager({ ...options, channel: channelA });
    const tabB = new SessionManager({ ...options, channel: channelB });
    await tabA.restore();
    await tabB.restore();
    tabA.end("signed-out");
    expect(tabB.getState()).toEqual({ status: "signed-out", reason: "signed-out" });
    expect(tabB.accessToken).toBeNull();
  });

  it("notifies subscribers on every change", async () => {
    const { session } = manager();
    const seen: string[] = [];
    session.subscribe(() => seen.push(session.getState().status));
    await session.restore();
    session.end("signed-out", { broadcast: false });
    expect(seen).toEqual(["restoring", "signed-in", "signed-out"]);
  });
});
