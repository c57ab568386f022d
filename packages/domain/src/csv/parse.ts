import { InvalidInputError } from "../errors";

/**
 * CSV as RFC 4180 says it (quoted fields, doubled quotes, line breaks inside quotes), plus what real exports
 * do: a byte-order mark, CRLF or LF, and semicolon- or tab-separated files from spreadsheets set to other
 * locales.
 */

export type CsvTable = string[][];

const CANDIDATE_DELIMITERS = [",", ";", "\t"] as const;
export type CsvDelimiter = (typeof CANDIDATE_DELIMITERS)[number];

export class CsvFormatError extends InvalidInputError {
  override name = "CsvFormatError";
}

/** The delimiter that splits the first lines most consistently (commas win ties). */
export function detectDelimiter(text: string): CsvDelimiter {
  const lines = text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .slice(0, 20);
  let best: CsvDelimiter = ",";
  let bestScore = 0;
  for (const delimiter of CANDIDATE_DELIMITERS) {
    const counts = lines.map((line) => countOutsideQuotes(line, delimiter));
    const max = Math.max(0, ...counts);
    const consistent = counts.filter((count) => count === max && count > 0).length;
    const score = consistent * 1000 + max;
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0;
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === delimiter && !quoted) count += 1;
  }
  return count;
}

export function parseCsv(input: string, delimiter: CsvDelimiter = detectDelimiter(input)): CsvTable {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const rows: CsvTable = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let fieldStarted = false;
  let line = 1;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"') {
        if (text[index + 1] === '"') {
          field += '"';
          index += 1;
        } else {
          quoted = false;
        }
      } else {
        if (char === "\n") line += 1;
        field += char;
      }
      continue;
    }
    if (char === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (char === delimiter) {
      row.push(field);
      field = "";
      fieldStarted = false;
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[index + 1] === "\n") index += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      fieldStarted = false;
      line += 1;
    } else {
      // A stray quote in the middle of an unquoted field is kept as text, as spreadsheets do.
      field += char;
      fieldStarted = true;
    }
  }
  if (quoted) throw new CsvFormatError(`A quoted field that starts on or before line ${line} never ends`);
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export function isBlankRow(row: readonly string[]): boolean {
  return row.every((cell) => cell.trim() === "");
}

const NUMBER_LIKE = /^-?\d[\d,]*(\.\d+)?$/;

/**
 * One cell, escaped for CSV. Text that a spreadsheet would run as a formula (=, +, -, @) is prefixed with
 * an apostrophe (OWASP's CSV-injection advice); plain numbers such as -1250.00 stay numbers.
 */
export function escapeCsvCell(value: string | number | bigint | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && !NUMBER_LIKE.test(text)) text = `'${text}`;
  return /[",\r\n;\t]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsvLine(cells: readonly (string | number | bigint | null | undefined)[]): string {
  return cells.map(escapeCsvCell).join(",");
}

/** Rows to CSV text with CRLF line ends (what RFC 4180 and Excel expect). */
export function toCsv(rows: readonly (readonly (string | number | bigint | null | undefined)[])[]): string {
  return rows.map((row) => `${toCsvLine(row)}\r\n`).join("");
}
