/**
 * Document numbers: PREFIX-YEAR-0001 (or PREFIX-0001 when numbering does not restart yearly). The counter
 * lives in the database and is taken inside the issuing transaction; this only formats and matches.
 */
export interface DocumentNumberParts {
  prefix: string;
  includeYear: boolean;
  year: number;
  padding: number;
  value: number;
}

export function formatDocumentNumber(parts: DocumentNumberParts): string {
  const sequence = String(parts.value).padStart(parts.padding, "0");
  return parts.includeYear ? `${parts.prefix}-${parts.year}-${sequence}` : `${parts.prefix}-${sequence}`;
}

/**
 * A reference as a customer types it into M-Pesa (BillRefNumber), reduced to what cannot be mistyped:
 * upper case, letters and digits only, and the look-alikes O→0, I→1, L→1. The database index uses the same rule.
 */
export function normalizeDocumentReference(reference: string): string {
  return reference
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
}

/** The same without the leading letters, for customers who leave out the prefix ("2026-0042"). */
export function normalizeReferenceWithoutPrefix(reference: string): string {
  return normalizeDocumentReference(
    reference
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, "")
      .replace(/^[A-Z]+/, ""),
  );
}
