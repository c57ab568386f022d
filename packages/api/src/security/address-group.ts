import { isIPv4, isIPv6 } from "node:net";

/**
 * The unit a per-address limit counts. An IPv4 address is one subscriber (or one NAT); an IPv6 subscriber
 * is normally handed a whole /64, so counting single IPv6 addresses would give one person 2^64 fresh
 * identities. IPv4-mapped IPv6 addresses (::ffff:1.2.3.4) count as their IPv4 address.
 */
export interface AddressGroup {
  /** A stable key: "1.2.3.4", "2001:db8:0:1::/64", or "unknown". */
  key: string;
  /**
   * The same group as PostgreSQL networks for `ip <<= any(…)`: an IPv4 address also in its IPv4-mapped IPv6
   * form, which is how a dual-stack server may have recorded it. Empty when there is no address.
   */
  networks: string[];
}

const UNKNOWN: AddressGroup = { key: "unknown", networks: [] };

function ipv4Group(ipv4: string): AddressGroup {
  return { key: ipv4, networks: [`${ipv4}/32`, `::ffff:${ipv4}/128`] };
}

/** Expands an IPv6 address to its eight 16-bit groups (no zone id). */
function ipv6Groups(address: string): number[] | null {
  const [withoutZone = ""] = address.split("%");
  let text = withoutZone.toLowerCase();
  // A trailing dotted IPv4 part (::ffff:1.2.3.4) becomes two groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const octets = dotted[1].split(".").map(Number);
    const [a = 0, b = 0, c = 0, d = 0] = octets;
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string | undefined) =>
    part ? part.split(":").map((group) => Number.parseInt(group, 16)) : [];
  const head = parse(halves[0]);
  const tail = parse(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 0) return null;
  const groups = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return groups.length === 8 &&
    groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff)
    ? groups
    : null;
}

export function addressGroup(ip: string | null | undefined): AddressGroup {
  if (!ip) return UNKNOWN;
  if (isIPv4(ip)) return ipv4Group(ip);
  if (!isIPv6(ip)) return UNKNOWN;
  const groups = ipv6Groups(ip);
  if (!groups) return UNKNOWN;
  const isMappedIPv4 = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  if (isMappedIPv4) {
    const [high = 0, low = 0] = groups.slice(6);
    const ipv4 = [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
    return ipv4Group(ipv4);
  }
  const prefix = `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(":")}::/64`;
  return { key: prefix, networks: [prefix] };
}
