/**
 * How values cross the wire between the API and its clients (the tRPC transformer). JSON carries everything
 * except the two types our data uses that JSON cannot: bigint (money in minor units) and Date. They travel as
 * one-key objects, `{"$big":"123450"}` and `{"$date":"2026-11-21T09:00:00.000Z"}`; an ordinary object that
 * happens to look like a marker is wrapped in `{"$esc":…}` so it comes back unchanged. Everything else is
 * plain JSON, readable with curl. It exists because a general-purpose serializer was a third of the CPU of a
 * 50-row list response.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const BIG = "$big";
const DATE = "$date";
const ESCAPE = "$esc";

/**
 * Longest `$big` text parsed: our amounts are PostgreSQL bigints (19 digits and a sign); 100 leaves room for any
 * 256-bit value. Parsing a bigint costs time quadratic in its length (a million digits take a tenth of a second),
 * so anything longer is left as the plain object it is and the input's schema refuses it, unread.
 */
export const MAX_BIG_LENGTH = 100;
/** Longest `$date` text parsed (an ISO timestamp is 24 characters; a few more for offsets). */
export const MAX_DATE_LENGTH = 40;

/** Sets an own property, even for a key named "__proto__" (which plain assignment would treat as the prototype). */
function assign(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
  } else {
    target[key] = value;
  }
}

function looksLikeMarker(value: Record<string, unknown>): boolean {
  let count = 0;
  let first: string | undefined;
  for (const key in value) {
    count += 1;
    if (count > 1) return false;
    first = key;
  }
  return count === 1 && (first === BIG || first === DATE || first === ESCAPE);
}

export function serializeForWire(value: unknown): Json {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "bigint":
      return { [BIG]: value.toString() };
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : null;
    case "object": {
      if (value instanceof Date)
        return { [DATE]: Number.isNaN(value.getTime()) ? null : value.toISOString() };
      if (Array.isArray(value)) return value.map(serializeForWire);
      const record = value as Record<string, unknown>;
      const out: { [key: string]: Json } = {};
      for (const key in record) {
        const item = record[key];
        if (item !== undefined) assign(out, key, serializeForWire(item));
      }
      return looksLikeMarker(record) ? { [ESCAPE]: out } : out;
    }
    default:
      return null;
  }
}

export function deserializeFromWire(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(deserializeFromWire);
  const record = value as Record<string, unknown>;
  if (looksLikeMarker(record)) {
    if (BIG in record) {
      const text = record[BIG];
      if (typeof text === "string" && text.length <= MAX_BIG_LENGTH && /^-?\d+$/.test(text))
        return BigInt(text);
    } else if (DATE in record) {
      const text = record[DATE];
      return typeof text === "string" && text.length <= MAX_DATE_LENGTH
        ? new Date(text)
        : new Date(Number.NaN);
    } else {
      const inner = record[ESCAPE];
      if (inner && typeof inner === "object" && !Array.isArray(inner)) {
        const out: Record<string, unknown> = {};
        for (const key in inner)
          assign(out, key, deserializeFromWire((inner as Record<string, unknown>)[key]));
        return out;
      }
    }
  }
  const out: Record<string, unknown> = {};
  for (const key in record) assign(out, key, deserializeFromWire(record[key]));
  return out;
}

/** The tRPC data transformer, shared by the server and every client. */
export const wireTransformer = {
  serialize: serializeForWire,
  deserialize: deserializeFromWire,
};
