/**
 * `pnpm bench lighthouse`: the web app as a phone on a slow connection sees it (issue 12). Builds the client
 * (unless BENCH_SKIP_BUILD=1), serves apps/client/dist from a local static server with the SPA fallback, and:
 *   1. runs Lighthouse (mobile profile: simulated slow 4G, 4× CPU slowdown, Moto G Power screen) three times
 *      against /sign-in in /usr/bin/chromium and reports the median performance score, FCP, LCP, TBT, CLS and
 *      the JavaScript transferred on first load;
 *   2. checks installability the way Chrome does (the DevTools `Page.getInstallabilityErrors`), that the service
 *      worker takes control, and that the shell opens again with the network off.
 * Lighthouse 12 dropped its PWA category, so step 2 is measured here directly.
 *
 * With BENCH_LIGHTHOUSE_BASELINE=<a dist folder> (e.g. a copy of apps/client/dist built from main) both builds are
 * measured in the same run, their runs interleaved, and the medians printed side by side: on a shared machine
 * only figures from the same run compare.
 *
 *   BENCH_LIGHTHOUSE_RUNS=3  BENCH_CHROMIUM=/usr/bin/chromium  BENCH_SKIP_BUILD=1  BENCH_LIGHTHOUSE_BASELINE=
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3);
const CHROMIUM = process.env.BENCH_CHROMIUM ?? "/usr/bin/chromium";
const root = new URL("..", import.meta.url).pathname;
const dist = join(root, "apps/client/dist");
const baseline = process.env.BENCH_LIGHTHOUSE_BASELINE;

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".webmanifest": "application/manifest+json",
  ".json": "application/json",
  ".map": "application/json",
};

function serveDist(dist: string): Promise<{ url: string; close(): void }> {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname));
    if (path.startsWith("/api/")) {
      // No API in this bench: the sign-in screen must render without one.
      response.writeHead(503, { "content-type": "application/json" });
      response.end('{"error":"no api in the lighthouse bench"}');
      return;
    }
    let file = join(dist, path);
    if (!file.startsWith(dist) || !existsSync(file) || path === "/") file = join(dist, "index.html");
    const hashed = /\/assets\//.test(file);
    response.writeHead(200, {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "cache-control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
    });
    response.end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => server.close() });
    }),
  );
}

/** The slice of playwright-core used here (the package belongs to e2e/). */
interface PlaywrightChromium {
  /** A persistent profile: Chrome never offers to install from an incognito window ("in-incognito"). */
  launchPersistentContext(
    userDataDir: string,
    options: {
      executablePath: string;
      args: string[];
      viewport: { width: number; height: number };
      isMobile: boolean;
    },
  ): Promise<{
    newPage(): Promise<{
      goto(url: string, options: { waitUntil: "load" }): Promise<unknown>;
      evaluate(script: string): Promise<unknown>;
      reload(options: { waitUntil: "load" }): Promise<unknown>;
      request: { get(url: string): Promise<{ json(): Promise<unknown> }> };
      locator(selector: string): { first(): { waitFor(options: { timeout: number }): Promise<void> } };
    }>;
    newCDPSession(page: unknown): Promise<{ send(method: string): Promise<unknown> }>;
    setOffline(offline: boolean): Promise<void>;
    close(): Promise<void>;
  }>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function runLighthouse(url: string) {
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance"],
    });
    if (!result) throw new Error("lighthouse returned nothing");
    const { lhr } = result;
    const audit = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
    const scripts =
      (
        lhr.audits["network-requests"]?.details as
          | { items?: { resourceType?: string; transferSize?: number }[] }
          | undefined
      )?.items ?? [];
    const jsBytes = scripts
      .filter((item) => item.resourceType === "Script")
      .reduce((sum, item) => sum + (item.transferSize ?? 0), 0);
    return {
      score: Math.round((lhr.categories.performance?.score ?? 0) * 100),
      fcp: audit("first-contentful-paint"),
      lcp: audit("largest-contentful-paint"),
      tbt: audit("total-blocking-time"),
      cls: audit("cumulative-layout-shift"),
      jsKb: jsBytes / 1024,
    };
  } finally {
    chrome.kill();
  }
}

async function checkInstallability(url: string) {
  // playwright-core is the e2e package's browser driver: reuse it rather than adding a second one.
  const require = createRequire(join(root, "e2e/package.json"));
  const { chromium } = require("playwright-core") as { chromium: PlaywrightChromium };
  const profile = mkdtempSync(join(tmpdir(), "kavi-lighthouse-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ["--no-sandbox"],
    viewport: { width: 390, height: 844 },
    isMobile: true,
  });
  try {
    const page = await context.newPage();
    await page.goto(`${url}/sign-in`, { waitUntil: "load" });
    // Run in the page (this file is typed for Node, without the DOM library).
    const controlled = (await page.evaluate(`(async () => {
      const registration = await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await Promise.race([
          new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true })),
          new Promise((resolve) => setTimeout(resolve, 15000)),
        ]);
      }
      return Boolean(registration.active && navigator.serviceWorker.controller);
    })()`)) as boolean;
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send("Page.getInstallabilityErrors")) as {
      installabilityErrors: { errorId: string }[];
    };
    const manifest = (await (await page.request.get(`${url}/manifest.webmanifest`)).json()) as {
      name: string;
      display: string;
      icons: unknown[];
    };
    await context.setOffline(true);
    await page.reload({ waitUntil: "load" });
    const offlineShell = await page
      .locator("#root *")
      .first()
      .waitFor({ timeout: 10_000 })
      .then(
        () => true,
        () => false,
      );
    return {
      controlled,
      installabilityErrors: installabilityErrors.map((error) => error.errorId),
      manifest,
      offlineShell,
    };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

if (process.env.BENCH_SKIP_BUILD !== "1" || !existsSync(join(dist, "index.html"))) {
  console.log("building the client (pnpm --filter @kavi/client build)…");
  execFileSync("pnpm", ["--filter", "@kavi/client", "build"], { cwd: root, stdio: "ignore" });
}
type Figures = Awaited<ReturnType<typeof runLighthouse>>;
const describe = (result: Figures) =>
  `performance ${result.score}  FCP ${result.fcp.toFixed(0)} ms  LCP ${result.lcp.toFixed(0)} ms  TBT ${result.tbt.toFixed(0)} ms  CLS ${result.cls.toFixed(3)}  JS ${result.jsKb.toFixed(0)} KiB`;
const medianOf = (runs: Figures[]): Figures => {
  const pick = (key: keyof Figures) => median(runs.map((run) => run[key]));
  return {
    score: pick("score"),
    fcp: pick("fcp"),
    lcp: pick("lcp"),
    tbt: pick("tbt"),
    cls: pick("cls"),
    jsKb: pick("jsKb"),
  };
};

const site = await serveDist(dist);
const before = baseline ? await serveDist(baseline) : null;
try {
  const runs: Figures[] = [];
  const baselineRuns: Figures[] = [];
  for (let run = 1; run <= RUNS; run += 1) {
    if (before) {
      const result = await runLighthouse(`${before.url}/sign-in`);
      console.log(`run ${run} baseline: ${describe(result)}`);
      baselineRuns.push(result);
    }
    const result = await runLighthouse(`${site.url}/sign-in`);
    console.log(`run ${run}${before ? " this build" : ""}: ${describe(result)}`);
    runs.push(result);
  }
  if (before) console.log(`median of ${RUNS} (mobile), baseline:   ${describe(medianOf(baselineRuns))}`);
  console.log(
    `median of ${RUNS} (mobile)${before ? ", this build" : ""}: ${describe(medianOf(runs))} (JS on first load)`,
  );
  const pwa = await checkInstallability(site.url);
  console.log(
    `PWA: installable ${pwa.installabilityErrors.length === 0 ? "yes" : `no (${pwa.installabilityErrors.join(", ")})`}  service worker in control ${pwa.controlled ? "yes" : "no"}  shell offline ${pwa.offlineShell ? "yes" : "no"}  manifest "${pwa.manifest.name}" display ${pwa.manifest.display}, ${pwa.manifest.icons.length} icons`,
  );
} finally {
  site.close();
  before?.close();
}
