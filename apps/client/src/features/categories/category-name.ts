import { categoryDisplayName } from "@kavi/domain";
import { useCallback } from "react";
import { useLocale } from "../../i18n/use-locale";

/**
 * A category's name in the reader's language, from the one source the server uses too (@kavi/domain's
 * categoryDisplayName): built-in names are worded by their key until the user renames them.
 */
export function useCategoryName(): (category: { name: string; systemKey?: string | null }) => string {
  const { language } = useLocale();
  return useCallback((category) => categoryDisplayName(category, language), [language]);
}
