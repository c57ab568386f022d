import { LANGUAGE_LOCALES, LANGUAGES, type Language } from "@kavi/domain";

export type { Language };
export const LOCALES = LANGUAGE_LOCALES;

/** Remembered on this device, so the sign-in screens speak the language of the last person signed in here. */
export const LANGUAGE_STORAGE_KEY = "kavi.language";

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** The language to start in before we know who is signed in: the device's last choice, then the browser's. */
export function initialLanguage(stored: string | null, browserLanguages: readonly string[] = []): Language {
  if (isLanguage(stored)) return stored;
  const browser = browserLanguages.map((tag) => tag.toLowerCase().split("-")[0]).find(isLanguage);
  return browser ?? "en";
}
