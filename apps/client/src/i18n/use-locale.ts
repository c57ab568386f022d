import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import type { Problem } from "../lib/errors";
import { isLanguage, type Language, LOCALES } from "./languages";
import { translateMessage, translateProblemMessage } from "./messages";

/** The current language and the Intl locale money and dates are formatted with. */
export function useLocale(): { language: Language; locale: string } {
  const { i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "en";
  return { language, locale: LOCALES[language] };
}

/** Translates a message that came from a schema or the server (see messages.ts). */
export function useTranslateMessage(): (message: string) => string {
  const { language } = useLocale();
  return useCallback((message: string) => translateMessage(message, language), [language]);
}

/** A failed call's message for the reader (see translateProblemMessage): one way for every screen. */
export function useProblemMessage(): (problem: Pick<Problem, "kind" | "message">) => string {
  const { language } = useLocale();
  return useCallback((problem) => translateProblemMessage(problem, language), [language]);
}
