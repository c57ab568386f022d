import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createKeyring, parseKeyring } from "./encryption";
import { secretsEqual } from "./tokens";

const keyring = () => createKeyring(parseKeyring(`k1:${randomBytes(32).toString("base64")}`));

describe("security: secrets at rest", () => {
  it("attack: a stored secret with its GCM tag cut to 4 bytes is refused, not decrypted", () => {
    const ring = keyring();
    const sealed = ring.encrypt("consumer-secret", "business:1");
    const parts = sealed.split(".");
    // A 4-byte tag is a 1 in 2^32 guess per try: Node accepts it unless the length is enforced.
    parts[3] = Buffer.from(parts[3] ?? "", "base64url")
      .subarray(0, 4)
      .toString("base64url");
    expect(() => ring.decrypt(parts.join("."), "business:1")).toThrow(/could not be decrypted/);
  });

  it("attack: a tag longer than 16 bytes is refused too", () => {
    const ring = keyring();
    const parts = ring.encrypt("passkey").split(".");
    parts[3] = Buffer.concat([Buffer.from(parts[3] ?? "", "base64url"), Buffer.alloc(4)]).toString(
      "base64url",
    );
    expect(() => ring.decrypt(parts.join("."))).toThrow(/could not be decrypted/);
  });
});

describe("security: secret comparison", () => {
  it("compares secrets of any length without throwing, and only equal ones match", () => {
    expect(secretsEqual("metrics-token-0123456789", "metrics-token-0123456789")).toBe(true);
    expect(secretsEqual("metrics-token-0123456789", "metrics-token-012345678")).toBe(false);
    expect(secretsEqual("", "x")).toBe(false);
  });
});
