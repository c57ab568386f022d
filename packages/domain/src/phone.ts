import { InvalidInputError } from "./errors";

/**
 * Phone numbers are stored in E.164 (+254712345678). Kenyan input arrives as 07…, 01…, 7…, 254…, +254…
 * and with spaces or dashes; other countries must be typed with their + prefix.
 */

export class PhoneFormatError extends InvalidInputError {
  override name = "PhoneFormatError";
}

const KENYAN_MOBILE = /^(?:\+?254|0)?([17]\d{8})$/;

export function normalizePhone(input: string): string {
  const compact = input.trim().replace(/[\s\-().]/g, "");
  const kenyan = KENYAN_MOBILE.exec(compact);
  if (kenyan) return `+254${kenyan[1]}`;
  if (/^\+254/.test(compact) || /^0\d/.test(compact)) {
    throw new PhoneFormatError("Enter a Kenyan mobile number such as 0712 345 678");
  }
  const international = /^(?:\+|00)([1-9]\d{6,14})$/.exec(compact);
  if (international) return `+${international[1]}`;
  throw new PhoneFormatError("Enter a phone number such as 0712 345 678 or +44 20 7946 0958");
}

export function isValidPhone(input: string): boolean {
  try {
    normalizePhone(input);
    return true;
  } catch {
    return false;
  }
}

/** Daraja wants 2547XXXXXXXX / 2541XXXXXXXX: twelve digits, no plus. */
export function toMpesaMsisdn(input: string): string {
  const e164 = normalizePhone(input);
  if (!/^\+254[17]\d{8}$/.test(e164)) throw new PhoneFormatError("M-Pesa needs a Kenyan mobile number");
  return e164.slice(1);
}

/** "+254712345678" → "0712 345 678" for Kenyan numbers; other numbers stay in E.164. */
export function formatPhone(e164: string): string {
  const kenyan = /^\+254(\d{3})(\d{3})(\d{3})$/.exec(e164);
  return kenyan ? `0${kenyan[1]} ${kenyan[2]} ${kenyan[3]}` : e164;
}
