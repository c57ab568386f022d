/** GSM 03.38 basic set: one septet each. */
const GSM7_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/** The extension table: an escape plus the character, so two septets each. */
const GSM7_EXTENDED = "^{}\\[~]|€\f";

export type SmsEncoding = "GSM-7" | "UCS-2";

export interface SmsParts {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  /** How many messages the network bills: cost is per part. */
  parts: number;
}

/**
 * How many parts a text is sent as: GSM-7 fits 160 in one and 153 per part when split; anything outside GSM-7
 * (emoji, curly quotes) makes the whole text UCS-2, 70 in one and 67 per part.
 */
export function countSmsParts(text: string): SmsParts {
  let septets = 0;
  let gsm = true;
  for (const character of text) {
    if (GSM7_BASIC.includes(character)) septets += 1;
    else if (GSM7_EXTENDED.includes(character)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return { encoding: "GSM-7", units: septets, parts: septets <= 160 ? 1 : Math.ceil(septets / 153) };
  const units = text.length;
  return { encoding: "UCS-2", units, parts: units <= 70 ? 1 : Math.ceil(units / 67) };
}

/**
 * A Kenyan mobile number in the form Africa's Talking takes (+2547XXXXXXXX / +2541XXXXXXXX), from what people
 * type (0712 345 678, 254712345678, +254 712 345 678); null when it is not one.
 */
export function normalizeKenyanMobile(input: string): string | null {
  const digits = input.replace(/[\s\-().]/g, "");
  const match = /^(?:\+?254|0)?([17]\d{8})$/.exec(digits);
  return match ? `+254${match[1]}` : null;
}

/** Africa's Talking's cost string ("KES 0.8000", or "0" for a rejected recipient) in integer minor units. */
export function parseSmsCost(cost: string): { currency: string; minor: bigint } | null {
  const match = /^([A-Z]{3})\s+(\d+)(?:\.(\d+))?$/.exec(cost.trim());
  if (!match) return null;
  const [, currency = "", whole = "0", fraction = ""] = match;
  // Minor units are hundredths; AT quotes four decimals, so round the rest half up (0.8050 → 81).
  const cents = `${fraction}00`.slice(0, 2);
  const rest = fraction.slice(2);
  let minor = BigInt(whole) * 100n + BigInt(cents);
  if (rest && Number(rest[0]) >= 5) minor += 1n;
  return { currency, minor };
}
