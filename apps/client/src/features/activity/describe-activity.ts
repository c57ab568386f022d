import { formatMoney, MODULES, ROLES } from "@kavi/domain";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useLocale } from "../../i18n/use-locale";

/** Looks a key up in the activity catalogue; `defaultValue` when the catalogue has no such key. */
export type ActivityTranslate = (key: string, options?: { defaultValue?: string }) => string;

/** Action codes from the audit log, in words. Unknown actions fall back to a readable form of the code. */
export function describeAction(action: string, t: ActivityTranslate): string {
  return t(`action.${action}`, { defaultValue: action.replace(/[._]/g, " ") });
}

export function fieldLabel(field: string, t: ActivityTranslate): string {
  const spaced = field.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return t(`field.${field}`, { defaultValue: spaced.charAt(0).toUpperCase() + spaced.slice(1) });
}

/** A changed value as a person reads it: roles and modules by their labels, empty as an em dash. */
export function formatValue(field: string, value: unknown, t: ActivityTranslate, locale?: string): string {
  if (value === null || value === undefined || value === "") return "—";
  if (field === "role" && typeof value === "string" && (ROLES as readonly string[]).includes(value))
    return t(`shell:role.${value}`);
  if (Array.isArray(value)) {
    if (value.length === 0) return t("none");
    return value
      .map((item) =>
        typeof item === "string" && (MODULES as readonly string[]).includes(item)
          ? t(`shell:module.${item}`)
          : String(item),
      )
      .join(", ");
  }
  if (typeof value === "object") return JSON.stringify(value);
  // Money is recorded in minor units ("403000"): show it as an amount (2 decimals, the common case).
  if (field.endsWith("Minor") && /^-?\d+$/.test(String(value))) {
    return formatMoney(BigInt(String(value)), "KES", { display: "none", ...(locale ? { locale } : {}) });
  }
  if (field.endsWith("Bps") && typeof value === "number") return `${value / 100}%`;
  return String(value);
}

export function entityLabel(entityType: string, t: ActivityTranslate): string {
  return t(`entity.${entityType}`, { defaultValue: fieldLabel(entityType, t) });
}

/** The wording functions above, bound to the reader's language. */
export function useActivityWords() {
  const { t } = useTranslation(["activity", "shell"]);
  const { locale } = useLocale();
  return useMemo(() => {
    const translate = t as unknown as ActivityTranslate;
    return {
      describeAction: (action: string) => describeAction(action, translate),
      fieldLabel: (field: string) => fieldLabel(field, translate),
      formatValue: (field: string, value: unknown) => formatValue(field, value, translate, locale),
      entityLabel: (entityType: string) => entityLabel(entityType, translate),
    };
  }, [t, locale]);
}
