import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createKeyring, parseKeyring } from "./encryption";
import { hashPassword, needsRehash, verifyPassword } from "./passwords";
import { generateToken, hashToken } from "./tokens";

const keySpec = (id: string) => `${id}:${randomBytes(32).toString("base64")}`;

describe("passwords", () => {
  it("hashes with argon2id at m=19 MiB, t=2 and verifies", async () => {
    const stored = await hashPassword("correct horse battery staple");
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(stored, "Correct horse battery staple")).toBe(false);
    expect(await verifyPassword("not-a-hash", "x")).toBe(false);
    expect(needsRehash(stored)).toBe(false);
    expect(needsRehash("$argon2id$v=19$m=4096,t=3,p=1$abc$def")).toBe(true);
  });
});

describe("tokens", () => {
  it("generates unguessable tokens and stable hashes", () => {
    const token = generateToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateToken()).not.toBe(token);
    expect(hashToken(token)).toHaveLength(64);
    expect(hashToken(token)).toBe(hashToken(token));
  });
});

describe("keyring", () => {
  it("round-trips, binds associated data and detects tampering", () => {
    const keyring = createKeyring(parseKeyring(keySpec("k1")));
    const sealed = keyring.encrypt("consumer-secret", "business:1");
    expect(sealed.startsWith("v1.k1.")).toBe(true);
    expect(keyring.decrypt(sealed, "business:1")).toBe("consumer-secret");
    expect(() => keyring.decrypt(sealed, "business:2")).toThrow(/could not be decrypted/);
    const parts = sealed.split(".");
    parts[4] = Buffer.from("tampered").toString("base64url");
    expect(() => keyring.decrypt(parts.join("."), "business:1")).toThrow(/could not be decrypted/);
  });

  it("rotates: new key encrypts, old keys still decrypt", () => {
    const oldSpec = keySpec("old");
    const before = createKeyring(parseKeyring(oldSpec));
    const sealed = before.encrypt("passkey");
    const after = createKeyring(parseKeyring(`${keySpec("new")},${oldSpec}`));
    expect(after.decrypt(sealed)).toBe("passkey");
    expect(after.isStale(sealed)).toBe(true);
    expect(after.isStale(after.encrypt("passkey"))).toBe(false);
  });

  it("refuses malformed keyrings", () => {
    expect(() => parseKeyring("")).toThrow(/At least one/);
    expect(() => parseKeyring("k1:short")).toThrow(/32 bytes/);
    expect(() => parseKeyring(`${keySpec("a")},${keySpec("a")}`)).toThrow(/unique/);
  });
});
