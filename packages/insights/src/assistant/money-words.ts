import { formatMoney, minorDigits } from "@kavi/domain";
import type { Language } from "./language";

/** "KES 12,500.00": how answers write money (exact, from minor units; never a float). */
export function moneyText(amountMinor: bigint, currency: string): string {
  return formatMoney(amountMinor, currency);
}

const ONES_EN = [
  "zero",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
];
const TENS_EN = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

function belowThousandEn(n: number): string {
  const parts: string[] = [];
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds) parts.push(`${ONES_EN[hundreds]} hundred`);
  if (rest) {
    const text =
      rest < 20
        ? (ONES_EN[rest] ?? "")
        : `${TENS_EN[Math.floor(rest / 10)]}${rest % 10 ? `-${ONES_EN[rest % 10]}` : ""}`;
    parts.push(hundreds ? `and ${text}` : text);
  }
  return parts.join(" ");
}

const SCALES_EN: [bigint, string][] = [
  [1_000_000_000_000n, "trillion"],
  [1_000_000_000n, "billion"],
  [1_000_000n, "million"],
  [1_000n, "thousand"],
];

export function numberToWordsEn(value: bigint): string {
  if (value === 0n) return "zero";
  if (value < 0n) return `minus ${numberToWordsEn(-value)}`;
  const parts: string[] = [];
  let rest = value;
  for (const [scale, name] of SCALES_EN) {
    if (rest >= scale) {
      parts.push(`${numberToWordsEn(rest / scale)} ${name}`);
      rest %= scale;
    }
  }
  if (rest > 0n) {
    const text = belowThousandEn(Number(rest));
    parts.push(parts.length > 0 && rest < 100n ? `and ${text}` : text);
  }
  return parts.join(" ");
}

const ONES_SW = ["sifuri", "moja", "mbili", "tatu", "nne", "tano", "sita", "saba", "nane", "tisa"];
const TENS_SW = [
  "",
  "kumi",
  "ishirini",
  "thelathini",
  "arobaini",
  "hamsini",
  "sitini",
  "sabini",
  "themanini",
  "tisini",
];

function belowHundredSw(n: number): string {
  if (n < 10) return ONES_SW[n] ?? "";
  const tens = TENS_SW[Math.floor(n / 10)] ?? "";
  return n % 10 ? `${tens} na ${ONES_SW[n % 10]}` : tens;
}

function belowThousandSw(n: number): string {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  const parts: string[] = [];
  if (hundreds) parts.push(`mia ${ONES_SW[hundreds]}`);
  if (rest) parts.push(belowHundredSw(rest));
  return parts.join(" na ");
}

/**
 * Kiswahili counts in elfu (thousand), laki (hundred thousand) and milioni, with the multiplier after the
 * unit: 12,500 → "elfu kumi na mbili na mia tano"; 250,000 → "laki mbili na elfu hamsini".
 */
export function numberToWordsSw(value: bigint): string {
  if (value === 0n) return "sifuri";
  if (value < 0n) return `hasi ${numberToWordsSw(-value)}`;
  const parts: string[] = [];
  let rest = value;
  const billions = rest / 1_000_000_000n;
  if (billions > 0n) {
    parts.push(`bilioni ${numberToWordsSw(billions)}`);
    rest %= 1_000_000_000n;
  }
  const millions = rest / 1_000_000n;
  if (millions > 0n) {
    parts.push(`milioni ${numberToWordsSw(millions)}`);
    rest %= 1_000_000n;
  }
  const lakhs = rest / 100_000n;
  if (lakhs > 0n) {
    parts.push(`laki ${ONES_SW[Number(lakhs)]}`);
    rest %= 100_000n;
  }
  const thousands = rest / 1_000n;
  if (thousands > 0n) {
    parts.push(`elfu ${belowHundredSw(Number(thousands))}`);
    rest %= 1_000n;
  }
  if (rest > 0n) parts.push(belowThousandSw(Number(rest)));
  return parts.join(" na ");
}

const CURRENCY_WORDS: Record<string, Record<Language, [string, string, string]>> = {
  // [major singular, major plural, minor]
  KES: { en: ["shilling", "shillings", "cents"], sw: ["shilingi", "shilingi", "senti"] },
  USD: { en: ["dollar", "dollars", "cents"], sw: ["dola", "dola", "senti"] },
  EUR: { en: ["euro", "euros", "cents"], sw: ["yuro", "yuro", "senti"] },
  GBP: { en: ["pound", "pounds", "pence"], sw: ["pauni", "pauni", "peni"] },
};

/** An amount as it is said aloud: "twelve thousand five hundred shillings" / "shilingi elfu kumi na mbili na mia tano". */
export function amountToWords(amountMinor: bigint, currency: string, language: Language): string {
  const digits = BigInt(minorDigits(currency));
  const scale = 10n ** digits;
  const negative = amountMinor < 0n;
  const absolute = negative ? -amountMinor : amountMinor;
  const major = absolute / scale;
  const minor = absolute % scale;
  const names = CURRENCY_WORDS[currency.toUpperCase()]?.[language] ?? [currency, currency, ""];
  if (language === "sw") {
    const text = `${names[0]} ${numberToWordsSw(major)}${minor > 0n && names[2] ? ` na ${names[2]} ${numberToWordsSw(minor)}` : ""}`;
    return negative ? `hasi ${text}` : text;
  }
  const text = `${numberToWordsEn(major)} ${major === 1n ? names[0] : names[1]}${minor > 0n && names[2] ? ` and ${numberToWordsEn(minor)} ${names[2]}` : ""}`;
  return negative ? `minus ${text}` : text;
}

const MONEY_IN_TEXT = /\b([A-Z]{3}) (-?[\d,]+(?:\.\d+)?)/g;

/** The reply as it is read aloud: every "KES 12,500.00" becomes words in the reply's language. */
export function speakableText(text: string, language: Language): string {
  return text.replace(MONEY_IN_TEXT, (whole, currency: string, amount: string) => {
    try {
      const digits = minorDigits(currency);
      const [whole_, fraction = ""] = amount.replace(/,/g, "").split(".");
      const minor = BigInt(`${whole_}${fraction.padEnd(digits, "0").slice(0, digits)}`);
      return amountToWords(minor, currency, language);
    } catch {
      return whole;
    }
  });
}
