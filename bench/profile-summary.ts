/**
 * Where a profile's time or memory went, as text: `tsx bench/profile-summary.ts <file> [rows] [requests]`.
 * A `.cpuprofile` prints self time by package (node_modules package, our workspace package, or Node's internals),
 * then the heaviest functions; a `.heapprofile` (sampled allocations) prints bytes allocated the same two ways,
 * per request when the scenario's request count is given. Made for the server profiles `BENCH_PROFILE` writes, to
 * compare before and after a change without opening DevTools.
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}
/** A sampled heap profile (HeapProfiler.stopSampling): a call tree whose nodes carry the bytes they allocated. */
interface HeapNode {
  callFrame: ProfileNode["callFrame"];
  selfSize: number;
  children: HeapNode[];
}
interface HeapProfile {
  head: HeapNode;
}

/** The package a script belongs to: the last node_modules package in its path, our workspace folder, or Node. */
export function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  if (url.startsWith("node:")) return "node:internals";
  const modules = url.lastIndexOf("/node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + "/node_modules/".length).split("/");
    return rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  const workspace = /\/(apps|packages|bench)\/([^/]+)\//.exec(url);
  return workspace ? `kavi:${workspace[1]}/${workspace[2]}` : url;
}

/** Sums amounts (self time, bytes) per call frame by package and by function. */
function group(entries: Iterable<[ProfileNode["callFrame"], number]>) {
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const [{ functionName, url, lineNumber }, amount] of entries) {
    total += amount;
    const pkg = packageOf(url, functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + amount);
    const name = `${functionName || "(anonymous)"} ${url ? `${url.replace(/^.*\/(node_modules|work\/wt\/[^/]+)\//, "")}:${lineNumber + 1}` : ""}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + amount);
  }
  const top = (map: Map<string, number>, rows: number) =>
    [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, rows);
  return { total, top, byPackage, byFunction };
}

export function summarise(profile: Profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  return group(
    [...selfMicros].flatMap(([id, micros]): [ProfileNode["callFrame"], number][] => {
      const node = byId.get(id);
      return node ? [[node.callFrame, micros]] : [];
    }),
  );
}

/** Bytes allocated per call frame of a sampled heap profile, grouped as `summarise` groups time. */
export function summariseHeap(profile: HeapProfile) {
  const frames: [ProfileNode["callFrame"], number][] = [];
  const pending = [profile.head];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (node.selfSize > 0) frames.push([node.callFrame, node.selfSize]);
    pending.push(...node.children);
  }
  return group(frames);
}

if (process.argv[1]?.endsWith("profile-summary.ts")) {
  const file = process.argv[2];
  if (!file)
    throw new Error(
      "usage: tsx bench/profile-summary.ts <file.cpuprofile|file.heapprofile> [rows] [requests]",
    );
  const rows = Number(process.argv[3] ?? 25);
  const requests = Number(process.argv[4] ?? 0);
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
  const heap = typeof parsed === "object" && parsed !== null && "head" in parsed;
  const { total, top, byPackage, byFunction } = heap
    ? summariseHeap(parsed as HeapProfile)
    : summarise(parsed as Profile);
  const share = (amount: number) =>
    `${((amount / total) * 100).toFixed(1).padStart(5)} %${
      heap && requests > 0 ? `  ${(amount / requests / 1024).toFixed(1).padStart(7)} KiB/request` : ""
    }`;
  const what = heap ? "bytes allocated" : "self time";
  console.log(
    heap
      ? `${(total / 2 ** 20).toFixed(1)} MiB allocated (sampled)${requests > 0 ? `, ${(total / requests / 1024).toFixed(1)} KiB per request over ${requests} requests` : ""}`
      : `${(total / 1e6).toFixed(1)} s sampled`,
  );
  console.log(`\n${what} by package`);
  for (const [name, amount] of top(byPackage, rows)) console.log(`  ${share(amount)}  ${name}`);
  console.log(`\n${what} by function`);
  for (const [name, amount] of top(byFunction, rows)) console.log(`  ${share(amount)}  ${name}`);
}
