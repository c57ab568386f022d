import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** An unguessable URL-safe token (256 bits by default). */
export function generateToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** Tokens are stored as SHA-256 hex: a leaked table cannot be replayed. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/**
 * Compares two secrets in constant time. Both sides are hashed first, so neither their contents nor their
 * lengths change how long the comparison takes (and unequal lengths need no early exit).
 */
export function secretsEqual(presented: string, expected: string): boolean {
  const left = createHash("sha256").update(presented, "utf8").digest();
  const right = createHash("sha256").update(expected, "utf8").digest();
  return timingSafeEqual(left, right);
}
