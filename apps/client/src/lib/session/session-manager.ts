/**
 * Keeps the signed-in state of this tab. The access token lives in memory only; the refresh token is an
 * httpOnly cookie the browser sends to /api/trpc. A refresh rotates that cookie, and the server revokes the
 * whole session if it ever sees an already-rotated token, so refreshes must never overlap: within a tab they
 * share one in-flight promise, across tabs they queue on a Web Lock, and a tab that refreshed tells the
 * others (BroadcastChannel) so they can use its token instead of refreshing again.
 */

export interface SessionUser {
  id: string;
  email: string;
  fullName: string;
  isSuperAdmin: boolean;
}

export interface IssuedSession {
  accessToken: string;
  accessTokenExpiresAt: Date;
  user: SessionUser;
}

export type SignedOutReason = "signed-out" | "session-ended";

export type SessionState =
  | { status: "restoring" }
  | { status: "signed-in"; user: SessionUser }
  | { status: "signed-out"; reason: SignedOutReason | null }
  | { status: "unreachable" };

type SessionMessage =
  | { type: "session"; accessToken: string; expiresAt: number; user: SessionUser }
  | { type: "signed-out"; reason: SignedOutReason };

export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
  close(): void;
}

export interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

export interface SessionManagerOptions {
  /** Calls auth.refresh (the cookie travels with it). Must reject with something `isRejection` recognises when the server says no. */
  refresh: () => Promise<IssuedSession>;
  /** True when the server refused the refresh (the session is over), false for network trouble. */
  isRejection: (error: unknown) => boolean;
  locks?: LockManagerLike | null;
  channel?: ChannelLike | null;
  now?: () => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** Refresh this long before the access token expires. */
  refreshLeadMs?: number;
  /** After a failed background refresh (network), try again this much later. */
  retryAfterMs?: number;
}

export const REFRESH_LOCK = "kavi:session-refresh";
export const SESSION_CHANNEL = "kavi:session";

interface HeldToken {
  accessToken: string;
  expiresAt: number;
}

export class SessionManager {
  private state: SessionState = { status: "restoring" };
  private token: HeldToken | null = null;
  private inflight: Promise<string | null> | null = null;
  private timer: unknown = null;
  private readonly listeners = new Set<() => void>();
  private readonly now: () => number;
  private readonly lead: number;
  private readonly retryAfter: number;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly options: SessionManagerOptions) {
    this.now = options.now ?? (() => Date.now());
    this.lead = options.refreshLeadMs ?? 60_000;
    this.retryAfter = options.retryAfterMs ?? 15_000;
    this.setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.clearTimer =
      options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
    options.channel?.addEventListener("message", (event) => this.receive(event.data));
  }

  getState = (): SessionState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get accessToken(): string | null {
    return this.token?.accessToken ?? null;
  }

  get isSignedIn(): boolean {
    return this.state.status === "signed-in";
  }

  /** On page load: the cookie (if any) decides whether we are signed in. */
  async restore(): Promise<void> {
    this.setState({ status: "restoring" });
    try {
      await this.refresh();
    } catch (error) {
      if (!this.options.isRejection(error)) this.setState({ status: "unreachable" });
    }
  }

  /**
   * Started with no connection: show the app to the person this device last saw signed in, from what it last
   * loaded, with no token. Nothing reaches the API until a refresh (the cookie) succeeds: the next request
   * refreshes first, and a refused refresh ends the session as usual. Only from "unreachable".
   */
  resumeOffline(user: SessionUser): void {
    if (this.state.status !== "unreachable") return;
    this.setState({ status: "signed-in", user });
  }

  /** After sign-in, sign-up or a password reset that signs in: adopt the new session and tell other tabs. */
  start(issued: IssuedSession): void {
    this.accept(issued);
    this.post({
      type: "session",
      accessToken: issued.accessToken,
      expiresAt: issued.accessTokenExpiresAt.getTime(),
      user: issued.user,
    });
  }

  /** Updates the user shown in the shell (after a profile change). */
  updateUser(patch: Partial<SessionUser>): void {
    if (this.state.status === "signed-in")
      this.setState({ status: "signed-in", user: { ...this.state.user, ...patch } });
  }

  /**
   * Gets a new access token. One refresh at a time per tab (callers share the promise) and across tabs
   * (a Web Lock). Resolves to the token, or rejects; a rejection by the server ends the session.
   */
  refresh(): Promise<string | null> {
    if (this.inflight) return this.inflight;
    const before = this.token?.accessToken ?? null;
    const run = async (): Promise<string | null> => {
      // While we waited for the lock another tab may have refreshed and shared its token.
      if (this.token && this.token.accessToken !== before && !this.isExpiring(this.token)) {
        return this.token.accessToken;
      }
      const issued = await this.options.refresh();
      this.start(issued);
      return issued.accessToken;
    };
    const locks = this.options.locks;
    const attempt = locks ? locks.request(REFRESH_LOCK, run) : run();
    this.inflight = attempt
      .catch((error: unknown) => {
        if (this.options.isRejection(error)) {
          const wasSignedIn = this.state.status === "signed-in";
          this.end(wasSignedIn ? "session-ended" : null, { broadcast: false });
        } else if (this.token && this.state.status === "signed-in") {
          this.schedule(this.retryAfter);
        }
        throw error;
      })
      .finally(() => {
        this.inflight = null;
      });
    return this.inflight;
  }

  /** The token to send with a request: refreshed first if it has expired (a laptop waking from sleep). */
  async freshAccessToken(): Promise<string | null> {
    if (this.inflight) return this.inflight.catch(() => null);
    // Resumed offline (signed in, no token yet): get one first.
    if (!this.token) return this.state.status === "signed-in" ? this.refresh().catch(() => null) : null;
    if (this.token.expiresAt - this.now() <= 5_000) return this.refresh().catch(() => null);
    return this.token.accessToken;
  }

  /** Called when the tab becomes visible again: timers may have been frozen while it slept. */
  checkExpiry(): void {
    if (this.token && this.isExpiring(this.token) && !this.inflight) {
      this.refresh().catch(() => undefined);
    }
  }

  /** Forgets the session in this tab (and, unless told otherwise, in the others). */
  end(reason: SignedOutReason | null, options: { broadcast?: boolean } = {}): void {
    this.token = null;
    this.cancelTimer();
    this.setState({ status: "signed-out", reason });
    if (options.broadcast ?? true) this.post({ type: "signed-out", reason: reason ?? "signed-out" });
  }

  dispose(): void {
    this.cancelTimer();
    this.options.channel?.close();
    this.listeners.clear();
  }

  private accept(issued: IssuedSession): void {
    this.token = { accessToken: issued.accessToken, expiresAt: issued.accessTokenExpiresAt.getTime() };
    this.setState({ status: "signed-in", user: issued.user });
    this.schedule(Math.max(1_000, this.token.expiresAt - this.now() - this.lead));
  }

  private receive(data: unknown): void {
    const message = data as SessionMessage | null;
    if (!message || typeof message !== "object") return;
    if (message.type === "session") {
      if (this.token && this.token.expiresAt >= message.expiresAt) return;
      this.accept({
        accessToken: message.accessToken,
        accessTokenExpiresAt: new Date(message.expiresAt),
        user: message.user,
      });
    } else if (message.type === "signed-out" && this.state.status !== "signed-out") {
      this.end(message.reason, { broadcast: false });
    }
  }

  private isExpiring(token: HeldToken): boolean {
    return token.expiresAt - this.now() <= this.lead;
  }

  private schedule(ms: number): void {
    this.cancelTimer();
    this.timer = this.setTimer(() => {
      this.timer = null;
      this.refresh().catch(() => undefined);
    }, ms);
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }

  private post(message: SessionMessage): void {
    try {
      this.options.channel?.postMessage(message);
    } catch {
      // A closed channel only means other tabs won't hear about it.
    }
  }

  private setState(state: SessionState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}
