/**
 * Keyset cursors over (created_at, id): stable under inserts, cheap at any depth. Opaque to clients
 * (base64url JSON), and a tampered cursor just starts from the top rather than failing.
 */
export interface KeysetPosition {
  createdAt: Date;
  id: string;
}

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt.toISOString(), position.id]), "utf8").toString(
    "base64url",
  );
}

export function decodeCursor(cursor: string | null | undefined): KeysetPosition | null {
  if (!cursor) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [createdAt, id] = value;
    if (typeof createdAt !== "string" || typeof id !== "string") return null;
    const date = new Date(createdAt);
    if (Number.isNaN(date.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) return null;
    return { createdAt: date, id };
  } catch {
    return null;
  }
}
