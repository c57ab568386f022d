/**
 * Where a CPU profile's time went, as text: `tsx bench/profile-summary.ts <file.cpuprofile> [rows]`.
 * Prints self time by package (node_modules package, our workspace package, or Node's internals), then the
 * heaviest functions. Made for the server profiles `BENCH_PROFILE` writes, to compare before and after a change
 * without opening DevTools.
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

export function summarise(profile: Profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const [id, micros] of selfMicros) {
    const node = byId.get(id);
    if (!node) continue;
    total += micros;
    const { functionName, url, lineNumber } = node.callFrame;
    const pkg = packageOf(url, functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + micros);
    const name = `${functionName || "(anonymous)"} ${url ? `${url.replace(/^.*\/(node_modules|work\/wt\/[^/]+)\//, "")}:${lineNumber + 1}` : ""}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  }
  const top = (map: Map<string, number>, rows: number) =>
    [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, rows);
  return { total, top, byPackage, byFunction };
}

if (process.argv[1]?.endsWith("profile-summary.ts")) {
  const file = process.argv[2];
  if (!file) throw new Error("usage: tsx bench/profile-summary.ts <file.cpuprofile> [rows]");
  const rows = Number(process.argv[3] ?? 25);
  const { total, top, byPackage, byFunction } = summarise(JSON.parse(readFileSync(file, "utf8")) as Profile);
  const share = (micros: number) => `${((micros / total) * 100).toFixed(1).padStart(5)} %`;
  console.log(`${(total / 1e6).toFixed(1)} s sampled\n\nself time by package`);
  for (const [name, micros] of top(byPackage, rows)) console.log(`  ${share(micros)}  ${name}`);
  console.log("\nself time by function");
  for (const [name, micros] of top(byFunction, rows)) console.log(`  ${share(micros)}  ${name}`);
}
