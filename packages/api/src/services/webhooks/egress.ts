import { lookup as dnsLookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";

/**
 * Egress safety for outgoing webhooks. A business types the address we POST to, so it is untrusted: it must not
 * reach our own network, the cloud metadata service, or anything else that is not the public internet.
 *
 * - https only where the policy says so (production);
 * - the host name is resolved once and EVERY address is checked against the blocked ranges below;
 * - the connection goes to the address we checked (a custom `lookup`), so DNS cannot answer differently between
 *   the check and the connect (rebinding);
 * - redirects are not followed; a connect-to-last-byte timeout; request and response bodies are capped.
 *
 * In development and tests the local receiver lives on 127.0.0.1: it is allowed only through an explicit list of
 * origins (WEBHOOKS_ALLOWED_PRIVATE_ORIGINS), which production refuses.
 */

export interface EgressPolicy {
  requireHttps: boolean;
  /** Exact origins (`http://127.0.0.1:8107`) that may resolve to private addresses (development and tests). */
  allowedPrivateOrigins: readonly string[];
  /** Whole request: connect, send, and read the answer. */
  timeoutMs: number;
  /** The most we read of an answer (the log keeps less). */
  maxResponseBytes: number;
  /** The largest body we send. */
  maxRequestBytes: number;
}

export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export class EgressRefusedError extends Error {
  override name = "EgressRefusedError";
}

/** Addresses no webhook may reach: private, loopback, link-local (metadata), CGNAT, multicast and reserved. */
const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // CGNAT (carrier-grade NAT)
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, including the cloud metadata service 169.254.169.254
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments (incl. 192.0.0.192 Oracle metadata)
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, and 255.255.255.255 broadcast
] as const) {
  BLOCKED.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["64:ff9b::", 96], // NAT64: can embed any IPv4 address
  ["64:ff9b:1::", 48], // local-use NAT64
  ["100::", 64], // discard
  ["2001::", 23], // IETF protocol assignments (Teredo, ORCHID, …)
  ["2001:db8::", 32], // documentation
  ["2002::", 16], // 6to4: embeds an IPv4 address
  ["fc00::", 7], // unique local (incl. AWS's fd00:ec2::254 metadata)
  ["fe80::", 10], // link-local
  ["fec0::", 10], // old site-local
  ["ff00::", 8], // multicast
] as const) {
  BLOCKED.addSubnet(network, prefix, "ipv6");
}

/** Whether an address is one webhooks may never reach. IPv4-mapped IPv6 (::ffff:10.0.0.1) counts as IPv4. */
export function isBlockedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped?.[1]) return BLOCKED.check(mapped[1], "ipv4");
    // ::ffff:7f00:1 (hex form) is matched by BlockList against the IPv4 rules too.
    return BLOCKED.check(address, "ipv6");
  }
  return BLOCKED.check(address, "ipv4");
}

function originOf(url: URL): string {
  return url.origin.toLowerCase();
}

/**
 * Checks an address's form without the network: a full http(s) URL, https where required, no user or password,
 * and not a literal blocked IP. Used when a person saves an endpoint (a clear field error) and before every send.
 */
export function checkWebhookUrl(
  raw: string,
  policy: EgressPolicy,
): { ok: true; url: URL } | { ok: false; reason: string } {
  if (!URL.canParse(raw))
    return { ok: false, reason: "Enter a full address such as https://example.co.ke/hooks" };
  const url = new URL(raw);
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return { ok: false, reason: "The address must start with https://" };
  }
  const allowedPrivate = policy.allowedPrivateOrigins.includes(originOf(url));
  if (policy.requireHttps && url.protocol !== "https:" && !allowedPrivate) {
    return { ok: false, reason: "The address must start with https://" };
  }
  if (url.username || url.password) {
    return { ok: false, reason: "Put no user name or password in the address; verify the signature instead" };
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (
    !allowedPrivate &&
    (host === "localhost" || host.endsWith(".localhost") || (isIP(host) && isBlockedAddress(host)))
  ) {
    return {
      ok: false,
      reason: "The address points at a private or local network, which KAVI cannot send to",
    };
  }
  return { ok: true, url };
}

/** Resolves the host and checks every address; returns the one to connect to. */
export async function resolveSafeAddress(
  url: URL,
  policy: EgressPolicy,
  resolve: Resolver,
): Promise<{ address: string; family: 4 | 6 }> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const literal = isIP(host);
  const addresses = literal ? [{ address: host, family: literal }] : await resolveOrRefuse(resolve, host);
  if (addresses.length === 0) throw new EgressRefusedError(`${host} has no address`);
  if (!policy.allowedPrivateOrigins.includes(originOf(url))) {
    const blocked = addresses.find((entry) => isBlockedAddress(entry.address));
    if (blocked) {
      throw new EgressRefusedError(
        `${host} resolves to ${blocked.address}, a private or local address KAVI does not send to`,
      );
    }
  }
  const first = addresses[0];
  if (!first) throw new EgressRefusedError(`${host} has no address`);
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

async function resolveOrRefuse(resolve: Resolver, host: string) {
  try {
    return await resolve(host);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new EgressRefusedError(`Could not find ${host}${code ? ` (${code})` : ""}`);
  }
}

export interface EgressResponse {
  status: number;
  headers: Record<string, string>;
  /** At most `maxResponseBytes`, as text. */
  body: string;
  truncated: boolean;
}

/**
 * POSTs `body` to `url` under the policy. Throws EgressRefusedError when the target is not allowed (before any
 * connection), and other errors for network failures and timeouts. Never follows a redirect: a 3xx is returned
 * as it is, and the caller counts it as a failure.
 */
export async function postSafely(
  rawUrl: string,
  headers: Record<string, string>,
  body: string,
  policy: EgressPolicy,
  resolve: Resolver = systemResolver,
): Promise<EgressResponse> {
  const checked = checkWebhookUrl(rawUrl, policy);
  if (!checked.ok) throw new EgressRefusedError(checked.reason);
  const payload = Buffer.from(body, "utf8");
  if (payload.byteLength > policy.maxRequestBytes) {
    throw new EgressRefusedError(
      `The body is ${payload.byteLength} bytes; at most ${policy.maxRequestBytes} are sent`,
    );
  }
  const url = checked.url;
  const target = await resolveSafeAddress(url, policy, resolve);
  // Node asks this for the address to connect to: always the one we checked, never a second DNS answer.
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) {
      (callback as unknown as (error: null, addresses: { address: string; family: number }[]) => void)(null, [
        { address: target.address, family: target.family },
      ]);
    } else {
      callback(null, target.address, target.family);
    }
  };
  const client = url.protocol === "https:" ? https : http;
  return new Promise<EgressResponse>((resolvePromise, reject) => {
    const request = client.request(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(payload.byteLength) },
        lookup: pinned,
        agent: false,
        timeout: policy.timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let received = 0;
        let truncated = false;
        response.on("data", (chunk: Buffer) => {
          if (truncated) return;
          const room = policy.maxResponseBytes - received;
          if (chunk.byteLength > room) {
            chunks.push(chunk.subarray(0, room));
            received += room;
            truncated = true;
            // We have what we keep: stop reading a receiver that keeps talking.
            response.destroy();
            finish();
            return;
          }
          chunks.push(chunk);
          received += chunk.byteLength;
        });
        response.on("end", finish);
        response.on("error", (error) => (truncated ? undefined : reject(error)));
        let done = false;
        function finish() {
          if (done) return;
          done = true;
          clearTimeout(deadline);
          const responseHeaders: Record<string, string> = {};
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined) responseHeaders[name] = Array.isArray(value) ? value.join(", ") : value;
          }
          resolvePromise({
            status: response.statusCode ?? 0,
            headers: responseHeaders,
            body: Buffer.concat(chunks).toString("utf8"),
            truncated,
          });
        }
      },
    );
    // `timeout` above is for an idle socket; this one bounds the whole exchange (a slow drip of bytes).
    const deadline = setTimeout(() => {
      request.destroy(new Error(`No complete answer within ${policy.timeoutMs} ms`));
    }, policy.timeoutMs);
    request.on("timeout", () => request.destroy(new Error(`No answer within ${policy.timeoutMs} ms`)));
    request.on("error", (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    request.end(payload);
  });
}
