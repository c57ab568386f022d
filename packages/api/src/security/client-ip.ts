import { isIPv4, isIPv6 } from "node:net";

/** The eight 16-bit groups of an IPv6 address, or null when it is not one. */
function ipv6Groups(address: string): number[] | null {
  if (!isIPv6(address)) return null;
  const withoutZone = address.split("%")[0] ?? address;
  let text = withoutZone;
  // An embedded IPv4 tail (::ffff:10.0.0.1) becomes two groups.
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (tail) {
    const [a = 0, b = 0, c = 0, d = 0] = tail.split(".").map(Number);
    text = `${text.slice(0, -tail.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", rest] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = rest ? rest.split(":") : [];
  const missing = 8 - left.length - right.length;
  const groups = [...left, ...Array<string>(rest === undefined ? 0 : missing).fill("0"), ...right];
  return groups.length === 8 ? groups.map((group) => Number.parseInt(group, 16)) : null;
}

/**
 * The key per-address limits count a client under. An IPv4 address as it is; an IPv6 address by its /64 prefix,
 * because one subscriber (a phone on a Kenyan mobile network, a home router) is given a whole /64 and can pick any
 * of its 2^64 addresses: counting them apart would let one client escape every limit and fill our memory.
 */
export function addressSubject(address: string | null | undefined): string {
  if (!address) return "unknown";
  if (isIPv4(address)) return address;
  const groups = ipv6Groups(address);
  if (!groups) return "unknown";
  // ::ffff:a.b.c.d is an IPv4 client reached over a dual-stack socket.
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    const [high = 0, low = 0] = groups.slice(6);
    return [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(":")}::/64`;
}
