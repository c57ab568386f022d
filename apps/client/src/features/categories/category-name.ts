import { categoryDisplayName, toLanguage } from "@kavi/domain";
import { useCallback } from "react";
import { useTranslation } from "react-i18next";

/**
 * A category's name in the reader's language, from the one source the server uses too (@kavi/domain's
 * categoryDisplayName): built-in names are worded by their key until the user renames them.
 */
export function useCategoryName(): (category: { name: string; systemKey?: string | null }) => string {
  const { i18n } = useTranslation();
  const language = toLanguage(i18n.resolvedLanguage ?? i18n.language);
  return useCallback((category) => categoryDisplayName(category, language), [language]);
}
