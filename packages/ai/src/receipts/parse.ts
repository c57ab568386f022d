/**
 * Reads a receipt's text (from OCR) into the fields an expense needs: merchant, date, total and VAT. Kenyan receipts
 * write dates day first (14/11/2026, 18/11/26) and amounts with thousands commas (5,148.00); M-Pesa till messages
 * say "Ksh1,250.00 paid to NAME on 18/11/26". Pure and deterministic, so it is tested and measured on samples.
 */
export interface ReceiptFields {
  merchant: string | null;
  /** A calendar date, YYYY-MM-DD. */
  date: string | null;
  totalMinor: bigint | null;
  vatMinor: bigint | null;
  currency: string;
}

const AMOUNT = /(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)[.,](\d{2})(?![\d%])/g;
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

function amountsIn(line: string): bigint[] {
  return [...line.matchAll(AMOUNT)].map((match) =>
    BigInt(`${(match[1] ?? "").replace(/,/g, "")}${match[2]}`),
  );
}

function validDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 2000 || year > 2100) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return null;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export function findReceiptDate(text: string): string | null {
  const iso = /\b(20\d{2})-(\d{2})-(\d{2})\b/.exec(text);
  if (iso) return validDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  for (const match of text.matchAll(/\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b/g)) {
    const year = Number(match[3]);
    const found = validDate(year < 100 ? 2000 + year : year, Number(match[2]), Number(match[1]));
    if (found) return found;
  }
  const named = /\b(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?,?\s+(20\d{2})\b/.exec(text);
  if (named) {
    const month = MONTHS.indexOf((named[2] ?? "").toLowerCase()) + 1;
    if (month > 0) return validDate(Number(named[3]), month, Number(named[1]));
  }
  return null;
}

const NOT_A_MERCHANT =
  /^(lipa na m-?pesa|cash sale|receipt|tax invoice|invoice|welcome|pin\b|date\b|till\b|tel\b|vat\b|total\b|buy goods|paybill|-+$)/i;

function cleanName(name: string): string {
  return name
    .replace(/[^A-Za-z0-9&'.,\- ]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** "NAIVAS SUPERMARKET" → "Naivas Supermarket"; short all-caps words (LTD) stay readable. */
function titleCase(name: string): string {
  return name
    .toLowerCase()
    .replace(/\b([a-z])/g, (letter) => letter.toUpperCase())
    .replace(/\bLtd\b/g, "Ltd");
}

export function findMerchant(lines: string[]): string | null {
  const joined = lines.join("\n");
  const paidTo = /paid to\s*\n?\s*([A-Za-z0-9&'.\- ]{3,60}?)\s*(?:\.|\n|\s+on\b)/i.exec(joined);
  if (paidTo?.[1]) return titleCase(cleanName(paidTo[1]));
  for (const line of lines.slice(0, 6)) {
    const candidate = cleanName(line);
    const letters = candidate.replace(/[^A-Za-z]/g, "").length;
    if (candidate.length < 3 || letters < candidate.length * 0.6 || NOT_A_MERCHANT.test(candidate)) continue;
    return titleCase(candidate);
  }
  return null;
}

export function parseReceiptText(text: string): ReceiptFields {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  let total: bigint | null = null;
  let vat: bigint | null = null;
  for (const line of lines) {
    const upper = line.toUpperCase();
    const amounts = amountsIn(line);
    const last = amounts.at(-1);
    if (last === undefined) continue;
    if (/\bVAT\b|\bV\.A\.T\b|\bTAX\b/.test(upper) && !/\bEXCL|\bSUBTOTAL/.test(upper)) {
      vat = last;
    } else if (/\bTOTAL\b/.test(upper) && !/SUB\s*TOTAL/.test(upper)) {
      total = total === null || last > total ? last : total;
    }
  }
  if (total === null) {
    // M-Pesa: "Ksh1,250.00 paid to …"; otherwise the "AMOUNT" line.
    const paid = /ksh\s?((?:\d{1,3}(?:,\d{3})+|\d+)\.\d{2})\s+paid/i.exec(text);
    const amountLine = lines.find((line) => /\bAMOUNT\b/i.test(line) && amountsIn(line).length > 0);
    total = paid?.[1]
      ? (amountsIn(paid[1])[0] ?? null)
      : amountLine
        ? (amountsIn(amountLine).at(-1) ?? null)
        : null;
  }
  if (vat !== null && total !== null && vat >= total) vat = null;
  return {
    merchant: findMerchant(lines),
    date: findReceiptDate(text),
    totalMinor: total,
    vatMinor: vat,
    currency: "KES",
  };
}
