import { BlockList, isIP } from "node:net";

/**
 * Safaricom's published callback source addresses (Daraja "Getting started", checked 2026-08-08; see
 * /docs/security.md). Kept in code so `MPESA_CALLBACK_ALLOWED_IPS=safaricom` needs no copy-paste; an operator can
 * list more addresses or ranges beside the keyword when Safaricom adds some.
 */
export const SAFARICOM_CALLBACK_IPS: readonly string[] = [
  "196.201.214.200",
  "196.201.214.206",
  "196.201.213.114",
  "196.201.214.207",
  "196.201.214.208",
  "196.201.213.44",
  "196.201.212.127",
  "196.201.212.138",
  "196.201.212.129",
  "196.201.212.136",
  "196.201.212.74",
  "196.201.212.69",
];

export interface CallbackAllowList {
  /** What the setting expanded to, for the boot log and the docs. */
  readonly entries: readonly string[];
  allows(address: string | null): boolean;
}

/** `::ffff:196.201.214.200` (a dual-stack socket) is the IPv4 address it carries. */
function unmapped(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address;
}

/**
 * `MPESA_CALLBACK_ALLOWED_IPS`: unset or `off` → no list (every source is taken as it comes; confirmation by
 * query still guards the money); `safaricom` → the published list; otherwise comma-separated addresses and CIDR
 * ranges, which may include the keyword. Throws on an entry it cannot read, so a typo fails at boot.
 */
export function parseCallbackAllowList(value: string | null | undefined): CallbackAllowList | null {
  const trimmed = value?.trim() ?? "";
  if (trimmed === "" || trimmed.toLowerCase() === "off") return null;
  const entries = trimmed
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .flatMap((entry) => (entry.toLowerCase() === "safaricom" ? SAFARICOM_CALLBACK_IPS : [entry]));
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix] = entry.split("/");
    const family = isIP(address);
    if (family === 0)
      throw new Error(`MPESA_CALLBACK_ALLOWED_IPS: "${entry}" is not an address or CIDR range`);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) {
      list.addAddress(address, type);
      continue;
    }
    const bits = Number(prefix);
    if (!/^\d+$/.test(prefix) || bits > (family === 4 ? 32 : 128)) {
      throw new Error(`MPESA_CALLBACK_ALLOWED_IPS: "${entry}" has an invalid prefix length`);
    }
    list.addSubnet(address, bits, type);
  }
  return {
    entries,
    allows(address) {
      if (!address) return false;
      const plain = unmapped(address);
      const family = isIP(plain);
      if (family === 0) return false;
      return list.check(plain, family === 4 ? "ipv4" : "ipv6");
    },
  };
}
