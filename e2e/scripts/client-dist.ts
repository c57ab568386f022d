/**
 * `pnpm build`'s client step: the production bundle the browser tests built for these sources
 * (`node_modules/.cache/kavi-e2e-client/<hash>`, ../src/client-build.ts), copied into `apps/client/dist`; built
 * here when there is none. CI runs the tests before the build, so the client is bundled once per run, not twice.
 */
import { existsSync } from "node:fs";
import { cp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { clientRoot, ensureClientBuild } from "../src/client-build";

/** Vite's own output, so only its shape is checked (the object is written back with its keys in order). */
function parseSourceMap(text: string, file: string): { sources: string[] } & Record<string, unknown> {
  const map: unknown = JSON.parse(text);
  if (
    typeof map !== "object" ||
    map === null ||
    !("sources" in map) ||
    !Array.isArray(map.sources) ||
    !map.sources.every((source) => typeof source === "string")
  ) {
    throw new Error(`${file} is not a source map`);
  }
  return map as { sources: string[] } & Record<string, unknown>;
}

/**
 * Source maps name their sources relative to where the build was written, so the copy's maps are rebased onto
 * `dist`: the same bytes `vite build` gives there. Sources that do not resolve from the build folder (a plugin's
 * temporary file, a map written relative to something else) are left as they are.
 */
async function rebaseSourceMaps(build: string, dist: string): Promise<void> {
  const entries = await readdir(dist, { recursive: true, withFileTypes: true });
  for (const entry of entries.filter((each) => each.isFile() && each.name.endsWith(".map"))) {
    const file = path.join(entry.parentPath, entry.name);
    const written = path.join(build, path.relative(dist, entry.parentPath));
    const map = parseSourceMap(await readFile(file, "utf8"), file);
    const sources = map.sources.map((source) => {
      const resolved = path.resolve(written, source);
      return existsSync(resolved) ? path.relative(entry.parentPath, resolved) : source;
    });
    if (sources.some((source, index) => source !== map.sources[index])) {
      await writeFile(file, JSON.stringify({ ...map, sources }));
    }
  }
}

const dist = path.join(clientRoot, "dist");
const build = await ensureClientBuild((message) => process.stdout.write(`client: ${message}\n`));
await rm(dist, { recursive: true, force: true });
await cp(build, dist, { recursive: true });
await rebaseSourceMaps(build, dist);
process.stdout.write(`client: ${path.relative(process.cwd(), dist)} ready\n`);
