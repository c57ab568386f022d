import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { clientRoot } from "./client-build";

/**
 * What a phone downloads before the first screen (issue 12, "fast on 3G"): the production build's entry chunk and
 * what index.html preloads with it. Only the reader's language is fetched, and only when needed: no catalogue is
 * in there, the whole stays under a byte budget, and the service worker still precaches every lazy chunk (both
 * languages open offline).
 */

/** Entry plus modulepreloads, uncompressed. Was 816 KiB with every catalogue bundled; 582 KiB when this was set. */
const FIRST_LOAD_BUDGET = 640 * 1024;

const client = inject("kaviE2eClient");
const build = client.kind === "build" ? client.root : null;

async function firstLoadFiles(root: string): Promise<string[]> {
  const html = await readFile(path.join(root, "index.html"), "utf8");
  return [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map(
    (match) => match[1] ?? "",
  );
}

/** Each catalogue's longest sentence: if it is in a file, that catalogue was bundled into it. */
async function catalogueSentences(): Promise<Map<string, string>> {
  const sentences = new Map<string, string>();
  const longest = (value: unknown): string =>
    typeof value === "string"
      ? value
      : Object.values(value as Record<string, unknown>)
          .map(longest)
          .reduce((best, text) => (text.length > best.length ? text : best), "");
  for (const language of ["en", "sw"]) {
    const folder = path.join(clientRoot, "src/locales", language);
    for (const file of await readdir(folder)) {
      const catalogue = JSON.parse(await readFile(path.join(folder, file), "utf8")) as unknown;
      sentences.set(`${language}/${file}`, longest(catalogue));
    }
  }
  return sentences;
}

describe.skipIf(!build)("the client's first load", () => {
  const root = build ?? "";

  it("carries no message catalogue, in either language", async () => {
    const files = await firstLoadFiles(root);
    expect(files.length).toBeGreaterThan(1);
    const code = (await Promise.all(files.map((file) => readFile(path.join(root, file), "utf8")))).join("\n");
    const sentences = await catalogueSentences();
    expect(sentences.size).toBeGreaterThan(50);
    const bundled = [...sentences].filter(([, sentence]) => code.includes(sentence)).map(([name]) => name);
    expect(bundled).toEqual([]);
    expect(files.filter((file) => /^assets\/locale-|Chart|recharts/.test(file))).toEqual([]);
  });

  it("stays under its byte budget", async () => {
    const files = await firstLoadFiles(root);
    const sizes = await Promise.all(
      files.map(async (file) => (await readFile(path.join(root, file))).length),
    );
    const total = sizes.reduce((sum, size) => sum + size, 0);
    expect(total, `first-load JavaScript is ${(total / 1024).toFixed(0)} KiB`).toBeLessThan(
      FIRST_LOAD_BUDGET,
    );
  });

  it("has the service worker precache every chunk, each language's catalogues included", async () => {
    const worker = await readFile(path.join(root, "sw.js"), "utf8");
    const precached = new Set(
      [...worker.matchAll(/"?url"?:\s*"(assets\/[^"]+\.js)"/g)].map((match) => match[1]),
    );
    const chunks = (await readdir(path.join(root, "assets"))).filter((file) => file.endsWith(".js"));
    const catalogues = chunks.filter((file) => file.startsWith("locale-"));
    // Every namespace in both languages, and the Kiswahili message table.
    expect(catalogues.filter((file) => file.startsWith("locale-sw-")).length).toBe(
      catalogues.filter((file) => file.startsWith("locale-en-")).length + 1,
    );
    expect(catalogues.length).toBeGreaterThan(50);
    expect(chunks.filter((file) => !precached.has(`assets/${file}`))).toEqual([]);
  });
});
