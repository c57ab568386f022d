import { BAND_SW, FACTOR_SW } from "@kavi/insights/credit-words";
import { useLocale } from "../../i18n/use-locale";

/**
 * The score's own words (band, factor names, suggestions) in the reader's language: the assistant's table. The
 * reasons, healthy ranges and message come from the server in both languages (worded from the same values);
 * scores stored before they carried Kiswahili show the English.
 */
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
    /** The server's sentence in the reader's language: the Kiswahili one when there is one. */
    text: (english: string, kiswahili: string | undefined) =>
      language === "sw" && kiswahili ? kiswahili : english,
  };
}
