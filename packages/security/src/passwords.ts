import { hash, verify } from "@node-rs/argon2";

// @node-rs/argon2 exports Algorithm as an ambient const enum; 2 is Argon2id.
const ARGON2ID = 2;

/**
 * argon2id at OWASP's minimum for interactive logins (19 MiB, 2 passes, 1 lane).
 * Stored hashes carry their parameters, so raising these later re-hashes on next sign-in.
 */
export const PASSWORD_HASH_PARAMETERS = {
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PASSWORD_HASH_PARAMETERS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** True when a stored hash was made with weaker parameters than today's. */
export function needsRehash(passwordHash: string): boolean {
  const match = /^\$argon2id\$v=\d+\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(passwordHash);
  if (!match) return true;
  const [, memory, time, lanes] = match.map(Number);
  return (
    memory === undefined ||
    time === undefined ||
    lanes === undefined ||
    memory < PASSWORD_HASH_PARAMETERS.memoryCost ||
    time < PASSWORD_HASH_PARAMETERS.timeCost
  );
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same effort as a real verification, so "no such account" and "wrong password"
 * take the same time and an attacker cannot probe which emails exist.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword("kavi-timing-equaliser");
  await verifyPassword(await dummyHash, password);
  return false;
}
