import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * AES-256-GCM for secrets at rest (M-Pesa credentials). Keys are rotatable: the keyring's first key encrypts,
 * every key decrypts, and each ciphertext names the key that made it: `v1.<keyId>.<iv>.<tag>.<data>` (base64url).
 */

/**
 * The development keyring (`DATA_ENCRYPTION_KEYS` when unset outside production): fine on a laptop and in tests,
 * refused in production. Generate a real key with `node -e "console.log('k1:'+require('crypto').randomBytes(32).toString('base64'))"`.
 */
export const DEVELOPMENT_DATA_ENCRYPTION_KEYS = "dev:a2F2aS1kZXZlbG9wbWVudC1vbmx5LWRhdGEta2V5ISE=";

const AUTH_TAG_BYTES = 16;

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

export class EncryptionError extends Error {
  override name = "EncryptionError";
}

export interface Keyring {
  encrypt(plaintext: string, associatedData?: string): string;
  decrypt(ciphertext: string, associatedData?: string): string;
  /** True when the value was not made with the current key and should be re-encrypted. */
  isStale(ciphertext: string): boolean;
  currentKeyId: string;
}

/** Parses `id:base64key,id2:base64key2`; each key must be 32 bytes. */
export function parseKeyring(spec: string): EncryptionKey[] {
  const keys = spec
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const separator = entry.indexOf(":");
      if (separator <= 0) throw new EncryptionError("Each key must look like <id>:<base64 32-byte key>");
      const id = entry.slice(0, separator);
      const key = Buffer.from(entry.slice(separator + 1), "base64");
      if (!/^[A-Za-z0-9_-]{1,32}$/.test(id))
        throw new EncryptionError(`Key id "${id}" must be 1–32 letters, digits, - or _`);
      if (key.length !== 32)
        throw new EncryptionError(`Key "${id}" must be 32 bytes (base64 of 32 random bytes)`);
      return { id, key };
    });
  if (keys.length === 0) throw new EncryptionError("At least one encryption key is required");
  if (new Set(keys.map((key) => key.id)).size !== keys.length)
    throw new EncryptionError("Key ids must be unique");
  return keys;
}

export function createKeyring(keys: EncryptionKey[]): Keyring {
  const [current] = keys;
  if (!current) throw new EncryptionError("At least one encryption key is required");
  const byId = new Map(keys.map((key) => [key.id, key.key]));

  return {
    currentKeyId: current.id,
    encrypt(plaintext, associatedData = "") {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", current.key, iv, { authTagLength: AUTH_TAG_BYTES });
      cipher.setAAD(Buffer.from(associatedData, "utf8"));
      const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [
        "v1",
        current.id,
        iv.toString("base64url"),
        tag.toString("base64url"),
        data.toString("base64url"),
      ].join(".");
    },
    decrypt(ciphertext, associatedData = "") {
      const [version, keyId, iv, tag, data] = ciphertext.split(".");
      if (version !== "v1" || !keyId || !iv || !tag || data === undefined) {
        throw new EncryptionError("Not a KAVI ciphertext");
      }
      const key = byId.get(keyId);
      if (!key) throw new EncryptionError(`Encryption key "${keyId}" is not configured`);
      const authTag = Buffer.from(tag, "base64url");
      // GCM accepts tags as short as 4 bytes, and a short tag is one an attacker can forge by trying: only the
      // full 16 bytes we write are accepted.
      if (authTag.length !== AUTH_TAG_BYTES) {
        throw new EncryptionError("The secret could not be decrypted (wrong key or tampered data)");
      }
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"), {
          authTagLength: AUTH_TAG_BYTES,
        });
        decipher.setAAD(Buffer.from(associatedData, "utf8"));
        decipher.setAuthTag(authTag);
        return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString(
          "utf8",
        );
      } catch (cause) {
        throw new EncryptionError("The secret could not be decrypted (wrong key or tampered data)", {
          cause,
        });
      }
    },
    isStale(ciphertext) {
      return ciphertext.split(".")[1] !== current.id;
    },
  };
}
