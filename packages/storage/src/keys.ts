import { randomBytes } from "node:crypto";

/**
 * Object keys: `businesses/<businessId>/<purpose>/<256 random bits>`. The random part makes a key unguessable; the
 * business prefix lets deleting a business remove everything it stored with one listing.
 */
export function newObjectKey(businessId: string, purpose: string): string {
  return `${businessPrefix(businessId)}${purpose}/${randomBytes(32).toString("base64url")}`;
}

export function businessPrefix(businessId: string): string {
  if (!/^[0-9a-f-]{36}$/i.test(businessId)) throw new Error("businessPrefix: not a business id");
  return `businesses/${businessId.toLowerCase()}/`;
}

/** A person's own objects (their data exports): `accounts/<userId>/<purpose>/<256 random bits>`. */
export function newAccountObjectKey(userId: string, purpose: string): string {
  if (!/^[0-9a-f-]{36}$/i.test(userId)) throw new Error("newAccountObjectKey: not a user id");
  return `accounts/${userId.toLowerCase()}/${purpose}/${randomBytes(32).toString("base64url")}`;
}
