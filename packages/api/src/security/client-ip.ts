import { addressGroup } from "./address-group";

/**
 * The key per-address limits count a client under. An IPv4 address as it is; an IPv6 address by its /64 prefix,
 * because one subscriber (a phone on a Kenyan mobile network, a home router) is given a whole /64 and can pick any
 * of its 2^64 addresses: counting them apart would let one client escape every limit and fill our memory.
 * The grouping itself is `addressGroup`, which the sign-in throttle uses too, so both count the same subject.
 */
export function addressSubject(address: string | null | undefined): string {
  return addressGroup(address).key;
}
