import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { readdir, readFile, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { e2eEnv } from "./env";

/**
 * How the browser tests reach the web app: `build` is the production bundle, built once per run (or reused while
 * its sources are unchanged) and served by each stack with `/api` proxied (./static-client.ts); `dev` is a Vite
 * dev server per stack, compiling on first load (E2E_CLIENT=dev, for debugging with source).
 */
export type E2eClient = { kind: "build"; root: string } | { kind: "dev" };

declare module "vitest" {
  export interface ProvidedContext {
    kaviE2eClient: E2eClient;
  }
}

const repoRoot = path.resolve(import.meta.dirname, "../..");
export const clientRoot = path.join(repoRoot, "apps/client");
const cacheRoot = path.join(repoRoot, "node_modules/.cache/kavi-e2e-client");
const SKIPPED = new Set(["node_modules", "dist", ".turbo", ".artifacts"]);

/**
 * The bundle that ships: vitest's main process sets NODE_ENV=test, which a child `vite build` would inherit and bake
 * into the bundle (React's development build, `import.meta.env.DEV` true). `pnpm build` copies this folder into
 * `apps/client/dist` (../scripts/client-dist.ts), so it must be the production build.
 */
const PRODUCTION_ENV = { NODE_ENV: "production" } as const;

async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    if (SKIPPED.has(entry.name)) continue;
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}

/** The workspace packages the client bundles (its runtime dependencies, followed through theirs). */
async function bundledPackageDirectories(): Promise<string[]> {
  const byName = new Map<string, string>();
  for (const group of ["packages", "apps"]) {
    for (const entry of await readdir(path.join(repoRoot, group), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const directory = path.join(repoRoot, group, entry.name);
      const manifest = await readFile(path.join(directory, "package.json"), "utf8").catch(() => null);
      if (manifest) byName.set((JSON.parse(manifest) as { name: string }).name, directory);
    }
  }
  const seen = new Set<string>();
  const visit = async (directory: string) => {
    if (seen.has(directory)) return;
    seen.add(directory);
    const manifest = JSON.parse(await readFile(path.join(directory, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
    };
    for (const [name, version] of Object.entries(manifest.dependencies ?? {})) {
      const dependency = byName.get(name);
      if (version.startsWith("workspace:") && dependency) await visit(dependency);
    }
  };
  await visit(clientRoot);
  return [...seen].sort();
}

/**
 * What the bundle is made of: the client's files (its `@kavi/api` import is `import type`, erased by the build),
 * the workspace packages it bundles, the lockfile, the root TypeScript settings and any VITE_* variable.
 */
export async function clientSourceHash(): Promise<string> {
  const hash = createHash("sha256");
  const files = [
    ...(await Promise.all((await bundledPackageDirectories()).map(listFiles))).flat(),
    path.join(repoRoot, "pnpm-lock.yaml"),
    path.join(repoRoot, "tsconfig.base.json"),
  ].sort();
  for (const file of files) {
    hash.update(path.relative(repoRoot, file));
    hash.update("\0");
    hash.update(await readFile(file));
    hash.update("\0");
  }
  for (const [name, value] of e2eEnv.viteVariables) hash.update(`${name}=${value}\0`);
  hash.update(`NODE_ENV=${PRODUCTION_ENV.NODE_ENV}\0`);
  return hash.digest("hex").slice(0, 16);
}

function runViteBuild(outDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      "pnpm",
      ["exec", "vite", "build", "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"],
      { cwd: clientRoot, stdio: ["ignore", "pipe", "pipe"], env: { ...e2eEnv.inherited, ...PRODUCTION_ENV } },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`vite build failed (exit ${code}):\n${output}`)),
    );
  });
}

/**
 * The production bundle for these sources: reused from `node_modules/.cache/kavi-e2e-client/<hash>` when it is
 * there, else built into a fresh folder and moved into place (so a half-written build is never reused). Older
 * builds are removed.
 */
export async function ensureClientBuild(
  notify: (message: string) => void = () => undefined,
): Promise<string> {
  const hash = await clientSourceHash();
  const target = path.join(cacheRoot, hash);
  const ready = await stat(path.join(target, "index.html")).catch(() => null);
  if (ready?.isFile()) {
    notify(`reusing the client build for sources ${hash}`);
    return target;
  }
  const started = Date.now();
  const building = path.join(cacheRoot, `.building-${hash}-${randomBytes(4).toString("hex")}`);
  try {
    await runViteBuild(building);
    await rm(target, { recursive: true, force: true });
    await rename(building, target);
  } catch (error) {
    await rm(building, { recursive: true, force: true });
    throw error;
  }
  for (const entry of await readdir(cacheRoot)) {
    if (entry !== hash && !entry.startsWith(".building-")) {
      await rm(path.join(cacheRoot, entry), { recursive: true, force: true });
    }
  }
  notify(`built the client for sources ${hash} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return target;
}

/** vitest global setup for the e2e project: build (or reuse) the client once, before any stack starts. */
export default async function setup(project: TestProject) {
  if (e2eEnv.client === "dev") {
    project.provide("kaviE2eClient", { kind: "dev" });
    return;
  }
  const root = await ensureClientBuild((message) => process.stdout.write(`e2e: ${message}\n`));
  project.provide("kaviE2eClient", { kind: "build", root });
}
