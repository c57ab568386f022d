import { LANGUAGE_LABELS, LANGUAGES } from "@kavi/domain";
import { useTranslation } from "react-i18next";
import { useLocale } from "../i18n/use-locale";
import { cn } from "../lib/cn";

/**
 * The language switch of pages read without signing in (a lender's report check): changes this device's
 * language only (it is remembered here); signed-in people change theirs from the account menu.
 */
export function LanguageSwitch({ className }: { className?: string }) {
  const { t, i18n } = useTranslation("shell");
  const { language } = useLocale();
  return (
    <fieldset className={cn("flex items-center gap-1 text-[13px]", className)}>
      <legend className="sr-only">{t("language.label")}</legend>
      {LANGUAGES.map((code) => (
        <button
          key={code}
          type="button"
          lang={code}
          aria-pressed={code === language}
          onClick={() => void i18n.changeLanguage(code)}
          className={cn(
            "rounded-md px-2.5 py-1.5 font-medium",
            code === language ? "bg-brand-50 text-brand-800" : "text-ink-600 hover:bg-ink-100",
          )}
        >
          {LANGUAGE_LABELS[code]}
        </button>
      ))}
    </fieldset>
  );
}
