import i18next, { type i18n as I18n, type InitOptions, type Resource } from "i18next";
import { initReactI18next } from "react-i18next";
import { lazyCatalogues } from "./catalogue-loader";
import type { Language } from "./languages";

/** Always loaded before the first render: the words of the buttons, spinners and errors every screen shares. */
export const DEFAULT_NAMESPACE = "common";

const OPTIONS: InitOptions = {
  supportedLngs: ["en", "sw"],
  load: "languageOnly",
  defaultNS: DEFAULT_NAMESPACE,
  // React escapes what it renders; escaping here would show "&amp;" in the UI.
  interpolation: { escapeValue: false },
};

/**
 * The app's i18next instance (built once in main.tsx). Only the active language's catalogues are loaded, each
 * namespace when a screen first needs it (catalogue-loader.ts): a phone on 3G does not download Kiswahili to read
 * English. No fallback language either: a Kiswahili reader would otherwise download English as well, and
 * `catalogues.test.ts` already fails when Kiswahili lacks a key. Resolves once `namespaces` (and the message
 * table) are in, so the first paint is in the reader's language, never English first.
 */
export async function startI18n(language: Language, namespaces: readonly string[] = []): Promise<I18n> {
  const instance = i18next.createInstance();
  await instance
    .use(lazyCatalogues)
    .use(initReactI18next)
    .init({
      ...OPTIONS,
      lng: language,
      fallbackLng: false,
      ns: [DEFAULT_NAMESPACE, ...namespaces],
    });
  return instance;
}

/** An instance with the catalogues given up front, ready at once: for tests. */
export function createBundledI18n(language: Language, resources: Resource): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    ...OPTIONS,
    resources,
    lng: language,
    fallbackLng: "en",
    ns: Object.keys(resources.en ?? {}),
    initAsync: false,
  });
  return instance;
}
