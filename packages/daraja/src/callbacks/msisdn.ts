import { createHash } from "node:crypto";
import { toMpesaMsisdn } from "@kavi/domain";

/**
 * What Daraja put in a callback's MSISDN: the plain number, a masked one ("2547 ***** 126"),
 * or (for many shortcodes since 2024) the SHA-256 hex of the number.
 */
export type MsisdnKind = "plain" | "masked" | "hashed";

export interface ClassifiedMsisdn {
  msisdn: string;
  msisdnKind: MsisdnKind;
  /** 2547XXXXXXXX when the MSISDN is a plain Kenyan number. */
  phone: string | undefined;
}

const SHA256_HEX = /^[0-9a-f]{64}$/i;

export function classifyMsisdn(raw: string): ClassifiedMsisdn {
  const msisdn = raw.trim();
  if (SHA256_HEX.test(msisdn)) return { msisdn, msisdnKind: "hashed", phone: undefined };
  try {
    return { msisdn, msisdnKind: "plain", phone: toMpesaMsisdn(msisdn) };
  } catch {
    return { msisdn, msisdnKind: "masked", phone: undefined };
  }
}

/**
 * SHA-256 hex of a phone in Daraja's 2547XXXXXXXX form, to match a hashed MSISDN against known customers.
 * Safaricom hashes the twelve-digit number; compare case-insensitively.
 */
export function hashMsisdn(phone: string): string {
  return createHash("sha256").update(toMpesaMsisdn(phone), "utf8").digest("hex");
}

/** True when a callback's MSISDN (plain, hashed, or masked with `*`) can be the given phone. */
export function msisdnMatchesPhone(raw: string, phone: string): boolean {
  const expected = toMpesaMsisdn(phone);
  const classified = classifyMsisdn(raw);
  if (classified.msisdnKind === "plain") return classified.phone === expected;
  if (classified.msisdnKind === "hashed") return classified.msisdn.toLowerCase() === hashMsisdn(expected);
  const compact = classified.msisdn.replace(/\s/g, "");
  if (compact.length !== expected.length) return false;
  return [...compact].every((character, index) => character === "*" || character === expected[index]);
}
