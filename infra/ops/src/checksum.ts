import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { basename } from "node:path";

export function checksumPathOf(dumpPath: string): string {
  return `${dumpPath}.sha256`;
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Writes `<hex>  <file name>` beside the dump, the format `sha256sum -c` checks. */
export async function writeChecksumFile(dumpPath: string, sha256: string): Promise<string> {
  const path = checksumPathOf(dumpPath);
  await writeFile(path, `${sha256}  ${basename(dumpPath)}\n`, "utf8");
  return path;
}

export type ChecksumCheck = { ok: true; sha256: string } | { ok: false; reason: string };

/** Recomputes the dump's SHA-256 and compares it with the checksum file written at backup time. */
export async function checkChecksumFile(dumpPath: string): Promise<ChecksumCheck> {
  let content: string;
  try {
    content = await readFile(checksumPathOf(dumpPath), "utf8");
  } catch {
    return { ok: false, reason: `checksum file ${checksumPathOf(dumpPath)} is missing` };
  }
  const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(content.trim());
  if (!match) return { ok: false, reason: "checksum file is not in `sha256sum` format" };
  const [, expected, fileName] = match;
  if (fileName !== basename(dumpPath)) {
    return { ok: false, reason: `checksum file is for ${fileName}, not ${basename(dumpPath)}` };
  }
  const actual = await sha256OfFile(dumpPath);
  if (actual !== expected) {
    return {
      ok: false,
      reason: `SHA-256 mismatch: the file hashes to ${actual}, the checksum file says ${expected}`,
    };
  }
  return { ok: true, sha256: actual };
}
