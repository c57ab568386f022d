import { AppError } from "../errors";

/**
 * The one pagination module. Lists page by keyset — (created_at, id) for newest-first lists, (sort value, id)
 * for lists by name or date — which stays stable while rows are added and costs the same at any depth. Cursors
 * are opaque to clients (base64url JSON of two strings). A cursor that does not decode (tampered, truncated,
 * from another list) is refused as bad input everywhere, rather than silently starting again from the top.
 */

const ID_PATTERN = /^[0-9a-f-]{36}$/i;
/** Longer than any sort value we page by (a name is at most 255 characters). */
const MAX_VALUE_LENGTH = 300;

function invalidCursor(): AppError {
  return new AppError("BAD_REQUEST", "This list position is no longer valid; start again from the top", {
    fieldErrors: { cursor: ["This list position is no longer valid"] },
  });
}

function encodePair(value: string, id: string): string {
  return Buffer.from(JSON.stringify([value, id]), "utf8").toString("base64url");
}

function decodePair(cursor: string): { value: string; id: string } {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) throw invalidCursor();
  const [value, id] = decoded;
  if (typeof value !== "string" || typeof id !== "string") throw invalidCursor();
  if (!ID_PATTERN.test(id) || value.length > MAX_VALUE_LENGTH) throw invalidCursor();
  return { value, id };
}

/** A position in a newest-first list. */
export interface KeysetPosition {
  createdAt: Date;
  id: string;
}

export function encodeCursor(position: KeysetPosition): string {
  return encodePair(position.createdAt.toISOString(), position.id);
}

/** null for the first page; BAD_REQUEST for a cursor that is not ours. */
export function decodeCursor(cursor: string | null | undefined): KeysetPosition | null {
  if (!cursor) return null;
  const { value, id } = decodePair(cursor);
  const createdAt = new Date(value);
  if (Number.isNaN(createdAt.getTime())) throw invalidCursor();
  return { createdAt, id };
}

/** A position in a list sorted by some other value (lower(name), a date): the value and the row's id. */
export function encodeKeyset(value: string, id: string): string {
  return encodePair(value, id);
}

/** null for the first page; BAD_REQUEST for a cursor that is not ours. */
export function decodeKeyset(cursor: string | null | undefined): { value: string; id: string } | null {
  if (!cursor) return null;
  return decodePair(cursor);
}
