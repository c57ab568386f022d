/**
 * `pnpm bench node-versions`: the ledger benchmark (bench/run.ts: the list and the 12-month summary over HTTP/tRPC
 * and on bare pg, the request-path probes, the steady-rate runs), short, once under each Node major, side by side
 * with the ratio to the first. The binaries come from the npm registry (scripts/node-binaries.ts); the bench and
 * the server it forks both run on the binary measured.
 *
 *   BENCH_NODE_VERSIONS=20,22,24   majors, the first is the baseline of the ratios
 *   BENCH_NODE_ROUNDS=1            rounds; each round runs every version once (in turn), the figure is the median
 *   and the ledger bench's own variables, with smaller defaults here: BENCH_TRANSACTIONS=50000,
 *   BENCH_SMALL_TRANSACTIONS=2000, BENCH_SECONDS=5, BENCH_RATE_RUNS=1, BENCH_PROBES=1.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { type NodeBinary, nodeBinary } from "../scripts/node-binaries";
import type { LoadResult } from "./load";
import { root } from "./mpesa-kit";

const majors = (process.env.BENCH_NODE_VERSIONS ?? "20,22,24")
  .split(",")
  .map((value) => Number(value.trim()));
const ROUNDS = Number(process.env.BENCH_NODE_ROUNDS ?? 1);
const defaults: Record<string, string> = {
  BENCH_TRANSACTIONS: "50000",
  BENCH_SMALL_TRANSACTIONS: "2000",
  BENCH_SECONDS: "5",
  BENCH_RATE_RUNS: "1",
  BENCH_PROBES: "1",
};

function runLedger(binary: NodeBinary, jsonFile: string): Promise<LoadResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary.node, ["--import", "tsx", path.join(root, "bench", "run.ts")], {
      cwd: root,
      env: {
        ...defaults,
        ...process.env,
        BENCH_JSON: jsonFile,
        // Tools the bench starts by name (none today) would find the same Node first.
        PATH: `${binary.bin}${path.delimiter}${process.env.PATH ?? ""}`,
      },
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code !== 0) {
        reject(new Error(`the ledger bench on Node ${binary.version} exited ${code}`));
        return;
      }
      resolve((JSON.parse(readFileSync(jsonFile, "utf8")) as { results: LoadResult[] }).results);
    });
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

async function main() {
  const binaries = majors.map((major) => nodeBinary(major));
  console.log(
    `Node versions: ${binaries.map((binary) => binary.version).join(", ")}; ${ROUNDS} round(s); load average ${loadavg()
      .map((value) => value.toFixed(1))
      .join(" / ")}\n`,
  );
  const folder = mkdtempSync(path.join(tmpdir(), "kavi-node-versions-"));
  const runs = new Map<string, LoadResult[][]>(binaries.map((binary) => [binary.version, []]));
  try {
    for (let round = 1; round <= ROUNDS; round += 1) {
      for (const binary of binaries) {
        console.log(`── round ${round}, Node ${binary.version} ──`);
        const results = await runLedger(binary, path.join(folder, `${binary.version}-${round}.json`));
        runs.get(binary.version)?.push(results);
      }
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }

  const labels = runs.get(binaries[0]?.version ?? "")?.[0]?.map((result) => result.label) ?? [];
  const figure = (version: string, label: string, pick: (result: LoadResult) => number) =>
    median(
      (runs.get(version) ?? []).flatMap((results) =>
        results.filter((result) => result.label === label).map(pick),
      ),
    );
  const baseline = binaries[0]?.version ?? "";
  console.log(
    `\nSide by side (median of ${ROUNDS} round(s); ratios to Node ${baseline}; load average now ${loadavg()
      .map((value) => value.toFixed(1))
      .join(" / ")})`,
  );
  const header = ["scenario".padEnd(44), ...binaries.map((binary) => `Node ${binary.version}`.padStart(32))];
  console.log(`  ${header.join(" ")}`);
  for (const label of labels) {
    const base = {
      rate: figure(baseline, label, (result) => result.perSecond),
      p95: figure(baseline, label, (result) => result.p95),
    };
    const cells = binaries.map((binary) => {
      const rate = figure(binary.version, label, (result) => result.perSecond);
      const p95 = figure(binary.version, label, (result) => result.p95);
      const ratio =
        binary.version === baseline
          ? ""
          : ` (${(rate / base.rate).toFixed(2)}×, ${(p95 / base.p95).toFixed(2)}×)`;
      return `${rate.toFixed(0)}/s p95 ${p95.toFixed(1)}${ratio}`.padStart(32);
    });
    console.log(`  ${label.slice(0, 44).padEnd(44)} ${cells.join(" ")}`);
  }
  console.log("  (req/s, p95 ms; in brackets: rate ratio, p95 ratio — higher rate and lower p95 are better)");
}

await main().catch((error: unknown) => {
  console.error("node-versions bench failed:", error);
  process.exitCode = 1;
});
