import type { BackendModule, ReadCallback, ResourceKey } from "i18next";
import { loadMessageTable } from "./messages";

/**
 * Every catalogue (locales/<language>/<namespace>.json) as its own lazy chunk: vite emits one small file per
 * language and namespace, the service worker precaches them all (so both languages work offline), and a screen
 * downloads only the namespaces it reads, in the reader's language.
 */
export const CATALOGUES = import.meta.glob<ResourceKey>(
  ["../locales/*/*.json", "!../locales/*/messages.json"],
  {
    import: "default",
  },
);

export function cataloguePath(language: string, namespace: string): string {
  return `../locales/${language}/${namespace}.json`;
}

/** i18next's backend: a namespace is ready together with its language's message table (messages.ts). */
export const lazyCatalogues: BackendModule = {
  type: "backend",
  init() {},
  read(language: string, namespace: string, callback: ReadCallback) {
    const load = CATALOGUES[cataloguePath(language, namespace)];
    if (!load) {
      callback(new Error(`no catalogue ${language}/${namespace}`), false);
      return;
    }
    Promise.all([load(), loadMessageTable(language)]).then(
      ([catalogue]) => callback(null, catalogue),
      // `true`: i18next retries a failed read a few times (a dropped connection) before it gives up.
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), true),
    );
  },
};
