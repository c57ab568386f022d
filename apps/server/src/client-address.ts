import type { IncomingMessage } from "node:http";
import { secretsEqual } from "@kavi/security";
import type { NextFunction, Request, Response } from "express";
import proxyaddr from "proxy-addr";

/**
 * Who is calling: the address every per-IP limit, the sign-in throttle and the audit log use.
 *
 * X-Forwarded-For is written by whoever sends the request, and each proxy only appends to it. So it is read from
 * the right, one hop at a time, and only as far as the hops are proxies we know: by address (`TRUST_PROXY`, e.g.
 * the load balancer's subnets) and, for CloudFront, whose edge addresses change, by the secret header our
 * distribution adds (`ORIGIN_VERIFY_SECRET`). The first hop that is neither is the client, whatever it wrote
 * further left. A hop count ("2") is refused in production: it trusts the leftmost entries of anyone who can
 * reach the load balancer without going through CloudFront.
 */

/** The header CloudFront adds to every request it relays to the API (infra/cdk sets it from Secrets Manager). */
export const ORIGIN_VERIFY_HEADER = "x-origin-verify";

export type TrustProxySetting = boolean | number | string[];

/** `TRUST_PROXY` as Express understands it: true/false, a hop count, or addresses, CIDRs and named ranges. */
export function parseTrustProxy(value: string): TrustProxySetting {
  const trimmed = value.trim();
  if (trimmed === "true") return true;
  if (trimmed === "false") return false;
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const entries = trimmed
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  // proxy-addr throws on an entry it cannot read: at boot, with the entry named, rather than on a request.
  proxyaddr.compile(entries);
  return entries;
}

/** True for settings that trust whatever a caller wrote, given a way around the proxy. */
export function trustsByCount(setting: TrustProxySetting): boolean {
  return setting === true || (typeof setting === "number" && setting > 0);
}

function trustFunction(setting: TrustProxySetting): (address: string, hop: number) => boolean {
  if (setting === true) return () => true;
  if (setting === false) return () => false;
  if (typeof setting === "number") return (_address, hop) => hop < setting;
  return proxyaddr.compile(setting);
}

export interface ClientAddressOptions {
  trustProxy: TrustProxySetting;
  /** Accepted values of the CloudFront origin header (the current one, and the previous one while rotating). */
  originVerifySecrets: readonly string[];
}

export function createClientAddressResolver(options: ClientAddressOptions) {
  const trust = trustFunction(options.trustProxy);
  const verifiesOrigin = (request: IncomingMessage): boolean => {
    const header = request.headers[ORIGIN_VERIFY_HEADER];
    const presented = Array.isArray(header) ? header[0] : header;
    if (!presented) return false;
    // Every configured value is compared, so the time taken does not say which one (if any) matched.
    let matched = false;
    for (const secret of options.originVerifySecrets) matched = secretsEqual(presented, secret) || matched;
    return matched;
  };
  return (request: IncomingMessage): string | null => {
    // From the socket leftwards, stopping at (and including) the first hop that is not a trusted proxy.
    const hops = proxyaddr.all(request, trust);
    const firstUntrusted = hops.at(-1) ?? null;
    if (hops.length < 2 || !verifiesOrigin(request)) return firstUntrusted;
    // That hop is our CloudFront edge, proven by the secret it adds: the viewer is the one it appended.
    return proxyaddr.all(request)[hops.length] ?? firstUntrusted;
  };
}

/**
 * Resolves the client's address once, first thing, and makes it `request.ip` for everything after (Express
 * routes, the webhooks mounted ahead of them, the logs). The origin header is removed once read: nothing
 * downstream needs it, and it must never reach a log line.
 */
export function clientAddressMiddleware(options: ClientAddressOptions) {
  const resolve = createClientAddressResolver(options);
  return (request: Request, _response: Response, next: NextFunction): void => {
    const address = resolve(request) ?? undefined;
    delete request.headers[ORIGIN_VERIFY_HEADER];
    Object.defineProperty(request, "ip", { value: address, configurable: true, enumerable: true });
    next();
  };
}

/** The address resolved by `clientAddressMiddleware`, for handlers that see the plain Node request. */
export function clientAddressOf(request: IncomingMessage): string | null {
  const address = (request as IncomingMessage & { ip?: unknown }).ip;
  return typeof address === "string" ? address : null;
}
