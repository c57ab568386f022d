import { BAND_SW, FACTOR_SW } from "@kavi/insights/credit-words";
import { useLocale } from "../../i18n/use-locale";

/** The score's own words (band, factor names, suggestions) in the reader's language: the assistant's table. */
export function useCreditWords() {
  const { language } = useLocale();
  return {
    band: (band: string) => (language === "sw" ? (BAND_SW[band] ?? band) : band),
    factor: (key: string | undefined, label: string) => {
      const word = language === "sw" && key ? FACTOR_SW[key]?.label : undefined;
      return word ? word.charAt(0).toUpperCase() + word.slice(1) : label;
    },
    suggestion: (key: string | undefined, suggestion: string) =>
      (language === "sw" && key ? FACTOR_SW[key]?.suggestion : undefined) ?? suggestion,
  };
}
