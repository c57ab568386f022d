import { DEFAULT_CATEGORIES, type SystemCategoryKey } from "@kavi/domain";
import { useCallback } from "react";
import { useTranslation } from "react-i18next";

const DEFAULT_NAMES = new Map<string, string>(
  DEFAULT_CATEGORIES.map((category) => [category.systemKey, category.name]),
);

/** A built-in category the user has not renamed: its stored (English) name is still the default one. */
export function builtInKeyOf(category: {
  name: string;
  systemKey?: string | null;
}): SystemCategoryKey | null {
  const key = category.systemKey;
  return key && DEFAULT_NAMES.get(key) === category.name ? (key as SystemCategoryKey) : null;
}

/**
 * A category's name in the reader's language: built-in categories are stored in English and worded through
 * the catalogue by their stable key while the user has not renamed them; a renamed or own category is the
 * user's word, shown as they wrote it. Stored names never change.
 */
export function useCategoryName(): (category: { name: string; systemKey?: string | null }) => string {
  const { t } = useTranslation("categories");
  return useCallback(
    (category) => {
      const key = builtInKeyOf(category);
      return key ? t(`builtIn.${key}`) : category.name;
    },
    [t],
  );
}
