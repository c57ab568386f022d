import type { i18n as I18n } from "i18next";
import { isLanguage, LANGUAGE_STORAGE_KEY } from "./languages";

/** Keeps `<html lang>` (screen readers, hyphenation, spell-check) and this device's remembered choice in step. */
export function bindDocumentLanguage(
  i18n: I18n,
  root: { lang: string },
  storage: Pick<Storage, "setItem"> | null,
): () => void {
  const apply = (language: string) => {
    if (!isLanguage(language)) return;
    root.lang = language;
    try {
      storage?.setItem(LANGUAGE_STORAGE_KEY, language);
    } catch {
      // Private mode or a full quota: the profile still holds the choice.
    }
  };
  apply(i18n.language);
  i18n.on("languageChanged", apply);
  return () => i18n.off("languageChanged", apply);
}
