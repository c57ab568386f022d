import { createHash } from "node:crypto";

/**
 * One OAuth token per credential set, shared by every client instance in the process: Daraja may invalidate
 * the previous token when a new one is issued, so instances must not compete by fetching their own.
 */

export interface AccessToken {
  value: string;
  expiresAtMs: number;
}

interface TokenSlot {
  current: AccessToken | undefined;
  refreshing: Promise<AccessToken> | undefined;
}

const slots = new Map<string, TokenSlot>();

/** Forgets every cached token (tests, or after rotating consumer secrets). */
export function clearDarajaTokenCache(): void {
  slots.clear();
}

export const TOKEN_REFRESH_MARGIN_MS = 60_000;

export function deriveTokenCacheKey(baseUrl: string, consumerKey: string, consumerSecret: string): string {
  return createHash("sha256").update(`${baseUrl}\n${consumerKey}\n${consumerSecret}`).digest("hex");
}

export class SharedTokenProvider {
  readonly #key: string;
  readonly #issueToken: () => Promise<AccessToken>;
  readonly #now: () => Date;

  constructor(key: string, issueToken: () => Promise<AccessToken>, now: () => Date) {
    this.#key = key;
    this.#issueToken = issueToken;
    this.#now = now;
  }

  /** A token valid for at least the refresh margin; at most one issue request is in flight per credential set. */
  async getToken(): Promise<string> {
    const slot = this.#slot();
    const current = slot.current;
    if (current && !this.#isDueForRefresh(current)) return current.value;
    const fresh = await this.#refresh(slot);
    return fresh.value;
  }

  /** Drops the token Daraja rejected, unless another caller already replaced it. */
  invalidate(rejectedToken: string): void {
    const slot = this.#slot();
    if (slot.current?.value === rejectedToken) slot.current = undefined;
  }

  #isDueForRefresh(token: AccessToken): boolean {
    return this.#now().getTime() >= token.expiresAtMs - TOKEN_REFRESH_MARGIN_MS;
  }

  #slot(): TokenSlot {
    let slot = slots.get(this.#key);
    if (!slot) {
      slot = { current: undefined, refreshing: undefined };
      slots.set(this.#key, slot);
    }
    return slot;
  }

  #refresh(slot: TokenSlot): Promise<AccessToken> {
    if (slot.refreshing) return slot.refreshing;
    const refreshing = this.#issueToken()
      .then((token) => {
        slot.current = token;
        return token;
      })
      .finally(() => {
        slot.refreshing = undefined;
      });
    slot.refreshing = refreshing;
    return refreshing;
  }
}
