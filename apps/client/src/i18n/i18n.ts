import i18next, { type i18n as I18n } from "i18next";
import { initReactI18next } from "react-i18next";
import type { Language } from "./languages";
import { DEFAULT_NAMESPACE, NAMESPACES, RESOURCES } from "./resources";

/**
 * One i18next instance per app (built in main.tsx, or per test), with every catalogue bundled: the catalogues are
 * small, and a language switch must not wait for the network on a bad connection.
 */
export function createI18n(language: Language): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: RESOURCES,
    lng: language,
    fallbackLng: "en",
    supportedLngs: ["en", "sw"],
    ns: NAMESPACES,
    defaultNS: DEFAULT_NAMESPACE,
    // React escapes what it renders; escaping here would show "&amp;" in the UI.
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return instance;
}
