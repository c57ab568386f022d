import { randomBytes, randomInt } from "node:crypto";
import { formatDarajaTimestamp } from "../timestamp";

const ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

function randomCharacters(length: number, alphabet = ALPHANUMERIC): string {
  let text = "";
  for (let index = 0; index < length; index += 1) text += alphabet[randomInt(alphabet.length)] ?? "0";
  return text;
}

/**
 * M-Pesa receipt numbers encode the Nairobi date: year letter (A = 2006, so R = 2023, S = 2024),
 * month letter (A = January), day (1–9, then A = 10 …), then seven characters: RKL51ZDR4F is 21 November 2023.
 */
export function generateReceiptNumber(instant: Date): string {
  const timestamp = formatDarajaTimestamp(instant);
  const year = Number(timestamp.slice(0, 4));
  const month = Number(timestamp.slice(4, 6));
  const day = Number(timestamp.slice(6, 8));
  const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  const yearLetter = letters[(year - 2006 + 26 * 10) % 26] ?? "A";
  const monthLetter = letters[month - 1] ?? "A";
  const dayCharacter = ALPHANUMERIC[day] ?? "0";
  return `${yearLetter}${monthLetter}${dayCharacter}${randomCharacters(7)}`;
}

/** "29115-34620561-1" */
export function generateMerchantRequestId(sequence: number): string {
  return `${randomInt(10_000, 99_999)}-${randomInt(10_000_000, 99_999_999)}-${sequence}`;
}

/** "ws_CO_191220191020363925": ws_CO_ + DDMMYYYYHHmmss (Nairobi) + digits. */
export function generateCheckoutRequestId(instant: Date, sequence: number): string {
  const timestamp = formatDarajaTimestamp(instant);
  const ddmmyyyy = `${timestamp.slice(6, 8)}${timestamp.slice(4, 6)}${timestamp.slice(0, 4)}`;
  return `ws_CO_${ddmmyyyy}${timestamp.slice(8)}${String(sequence).padStart(4, "0")}${randomInt(10, 99)}`;
}

/** "AG_20240706_2010325b025970fbc403" */
export function generateConversationId(instant: Date): string {
  return `AG_${formatDarajaTimestamp(instant).slice(0, 8)}_${randomBytes(10).toString("hex")}`;
}

/** "16740-34861180-1" */
export function generateOriginatorConversationId(sequence: number): string {
  return generateMerchantRequestId(sequence);
}

export function generateRequestId(sequence: number): string {
  return `${randomInt(1000, 99_999)}-${randomInt(1_000_000, 99_999_999)}-${sequence}`;
}

export function generateAccessToken(): string {
  return randomCharacters(28, `${ALPHANUMERIC}abcdefghijklmnopqrstuvwxyz`);
}
