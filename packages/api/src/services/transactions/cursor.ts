/**
 * Keyset cursors over (sort value, id): stable while rows are added, cheap at any depth. Opaque to clients
 * (base64url JSON); a tampered cursor is refused as bad input rather than silently restarting.
 */
import { AppError } from "../../errors";

export function encodeKeyset(value: string, id: string): string {
  return Buffer.from(JSON.stringify([value, id]), "utf8").toString("base64url");
}

export function decodeKeyset(cursor: string | null | undefined): { value: string; id: string } | null {
  if (!cursor) return null;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(decoded) && decoded.length === 2) {
      const [value, id] = decoded;
      if (
        typeof value === "string" &&
        typeof id === "string" &&
        /^[0-9a-f-]{36}$/i.test(id) &&
        value.length <= 300
      ) {
        return { value, id };
      }
    }
  } catch {
    // fall through
  }
  throw new AppError("BAD_REQUEST", "This list position is no longer valid; start again from the top", {
    fieldErrors: { cursor: ["This list position is no longer valid"] },
  });
}
