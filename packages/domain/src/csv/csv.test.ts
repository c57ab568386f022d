import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  analyzeCsv,
  detectAmountFormat,
  detectDateFormat,
  escapeCsvCell,
  evaluateImport,
  parseAmountCell,
  parseCsv,
  parseDateCell,
  toCsv,
  ZImportMappingSchema,
} from ".";

describe("CSV parsing and writing", () => {
  it("reads quotes, doubled quotes, line breaks in quotes, CRLF, a BOM and semicolons", () => {
    expect(parseCsv('\ufeffa,b\r\n"x, y","say ""hi"""\r\n"multi\nline",2\n')).toEqual([
      ["a", "b"],
      ["x, y", 'say "hi"'],
      ["multi\nline", "2"],
    ]);
    expect(parseCsv("Datum;Betrag\n21.11.2026;1.250,00\n")).toEqual([
      ["Datum", "Betrag"],
      ["21.11.2026", "1.250,00"],
    ]);
    expect(() => parseCsv('a,b\n"never closed,1\n')).toThrow(/never ends/);
  });

  it("escapes cells and neutralises formulas, but keeps negative numbers numeric", () => {
    expect(escapeCsvCell('He said "jambo", then left')).toBe('"He said ""jambo"", then left"');
    expect(escapeCsvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(escapeCsvCell("-1250.00")).toBe("-1250.00");
    expect(escapeCsvCell("@sum")).toBe("'@sum");
    expect(escapeCsvCell(null)).toBe("");
  });

  it("property: what toCsv writes, parseCsv reads back", () => {
    const cell = fc.string({ maxLength: 20 }).filter((text) => !/^[=+\-@\t\r]/.test(text));
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 10 }),
        (rows) => {
          const width = rows[0]?.length ?? 2;
          const table = rows.map((row) => Array.from({ length: width }, (_, index) => row[index] ?? ""));
          expect(parseCsv(toCsv(table), ",")).toEqual(table);
        },
      ),
    );
  });
});

describe("date and amount formats", () => {
  it("detects the common date layouts and prefers day-first when ambiguous", () => {
    expect(detectDateFormat(["2026-11-21", "2026-11-02"]).format).toBe("YYYY-MM-DD");
    expect(detectDateFormat(["21/11/2026", "02/11/2026"]).format).toBe("DD/MM/YYYY");
    expect(detectDateFormat(["11/21/2026", "11/02/2026"]).format).toBe("MM/DD/YYYY");
    expect(detectDateFormat(["21-Nov-2026", "3-Dec-2026"]).format).toBe("DD-MMM-YYYY");
    const ambiguous = detectDateFormat(["02/11/2026", "03/11/2026"]);
    expect(ambiguous).toMatchObject({ format: "DD/MM/YYYY", ambiguous: true });
    expect(parseDateCell("2026-11-21 14:32:05", "YYYY-MM-DD")).toBe("2026-11-21T14:32:05");
    expect(parseDateCell("21/11/2026 2:05 PM", "DD/MM/YYYY")).toBe("2026-11-21T14:05:00");
    expect(parseDateCell("31/02/2026", "DD/MM/YYYY")).toBeNull();
  });

  it("reads amounts in the usual shapes, exactly", () => {
    expect(parseAmountCell("1,250.00", "KES")).toBe(125_000n);
    expect(parseAmountCell("(1,250.00)", "KES")).toBe(-125_000n);
    expect(parseAmountCell("-1250", "KES")).toBe(-125_000n);
    expect(parseAmountCell("1250.50-", "KES")).toBe(-125_050n);
    expect(parseAmountCell("KES 3,000.00", "KES")).toBe(300_000n);
    expect(parseAmountCell("450.00 DR", "KES")).toBe(-45_000n);
    expect(parseAmountCell("1.250,75", "KES", "decimal_comma")).toBe(125_075n);
    expect(parseAmountCell("", "KES")).toBeNull();
    expect(() => parseAmountCell("12.345", "KES")).toThrow(/at most 2 decimals/);
    expect(() => parseAmountCell("abc", "KES")).toThrow(/not an amount/);
    expect(detectAmountFormat(["1.250,00", "3,50"], "KES")).toBe("decimal_comma");
    expect(detectAmountFormat(["1,250.00", "-40"], "KES")).toBe("standard");
  });

  it("property: any amount written as 1,234.56 / (1,234.56) / -1234.56 reads back exactly", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 13n }), (minor) => {
        const whole = (minor / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
        const text = `${whole}.${(minor % 100n).toString().padStart(2, "0")}`;
        expect(parseAmountCell(text, "KES")).toBe(minor);
        expect(parseAmountCell(`(${text})`, "KES")).toBe(-minor);
        expect(parseAmountCell(`-${text.replace(/,/g, "")}`, "KES")).toBe(-minor);
      }),
    );
  });
});

const lookups = {
  currency: "KES",
  timeZone: "Africa/Nairobi",
  findCategoryByName: (name: string) => (name.toLowerCase() === "rent" ? "cat-rent" : null),
  findSystemCategory: (key: string) => `cat-${key}`,
};

describe("import evaluation", () => {
  it("recognises an M-Pesa statement below its summary block and books charges as charges", () => {
    const statement = [
      "MPESA FULL STATEMENT",
      "Customer Name:,WANJIRU FRESH PRODUCE",
      "",
      "Receipt No.,Completion Time,Details,Transaction Status,Paid In,Withdrawn,Balance",
      'SKL4XY12AB,2026-11-21 00:15:00,Funds received from 254712345678 - JOHN KAMAU,Completed,"5,000.00",,"12,000.00"',
      'SKL4XY99CD,2026-11-21 09:00:00,Pay Bill to 888880 - KPLC PREPAID Acc. 123,Completed,,-1500.00,"10,500.00"',
      'SKL4XY99CD,2026-11-21 09:00:00,Pay Bill Charge,Completed,,-23.00,"10,477.00"',
      'SKL4XZ00EF,2026-11-21 10:00:00,Customer Transfer to 2547****321 - PETER,Failed,,"1,000.00","10,477.00"',
    ].join("\n");
    const analysis = analyzeCsv(statement, "KES");
    expect(analysis).toMatchObject({ profile: "mpesa_statement", headerRow: 3, dataRowCount: 4 });
    const mapping = ZImportMappingSchema.parse(analysis.mapping);
    const outcomes = evaluateImport(parseCsv(statement), mapping, lookups);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["ready", "ready", "ready", "skipped"]);
    const [received, bill, charge] = outcomes;
    expect(received).toMatchObject({
      row: 5,
      transaction: {
        type: "income",
        amountMinor: 500_000n,
        externalId: "SKL4XY12AB",
        paymentMethod: "mpesa",
      },
    });
    // 00:15 in Nairobi is 21:15 UTC the day before.
    expect(received?.status === "ready" && received.transaction.transactionDate.toISOString()).toBe(
      "2026-11-20T21:15:00.000Z",
    );
    expect(bill).toMatchObject({
      transaction: { type: "expense", amountMinor: 150_000n, categoryId: "cat-utilities" },
    });
    expect(charge).toMatchObject({
      transaction: {
        type: "expense",
        amountMinor: 2_300n,
        externalId: "SKL4XY99CD:charge",
        categoryId: "cat-mpesa_charges",
      },
    });
  });

  it("reports each rejected row with its reason, and repeats of a reference as duplicates", () => {
    const file = [
      "Date,Description,Amount,Reference,Category",
      "21/11/2026,Rent November,-45000.00,BNK001,Rent",
      "22/11/2026,Sale,abc,BNK002,",
      "32/11/2026,Sale,100.00,BNK003,",
      "23/11/2026,Sale again,100.00,BNK001,",
      "24/11/2026,Zero,0.00,BNK004,",
      "25/11/2026,Unknown category,-10.00,BNK005,Snacks",
    ].join("\n");
    const analysis = analyzeCsv(file, "KES");
    const mapping = ZImportMappingSchema.parse({ ...analysis.mapping, dateFormat: "DD/MM/YYYY" });
    const outcomes = evaluateImport(parseCsv(file), mapping, lookups);
    expect(outcomes).toEqual([
      expect.objectContaining({
        row: 2,
        status: "ready",
        transaction: expect.objectContaining({ categoryId: "cat-rent" }),
      }),
      { row: 3, status: "rejected", reason: '"abc" is not an amount like 1,250.00' },
      { row: 4, status: "rejected", reason: '"32/11/2026" is not a date like 21/11/2026' },
      { row: 5, status: "duplicate", reason: "Same reference as row 2" },
      { row: 6, status: "rejected", reason: "The amount is zero" },
      expect.objectContaining({
        row: 7,
        status: "ready",
        warning: 'No expense category called "Snacks"; imported without a category',
      }),
    ]);
  });

  it("gives rows without a reference a stable fingerprint, so a second import of the file finds them", () => {
    const file =
      "Date,Details,Money in,Money out\n2026-11-01,Cash sale,200.00,\n2026-11-01,Cash sale,200.00,\n";
    const mapping = ZImportMappingSchema.parse(analyzeCsv(file, "KES").mapping);
    const first = evaluateImport(parseCsv(file), mapping, lookups);
    const second = evaluateImport(parseCsv(file), mapping, lookups);
    const ids = first.map((outcome) => (outcome.status === "ready" ? outcome.transaction.externalId : null));
    expect(ids[0]).not.toBe(ids[1]); // two real identical sales, both kept
    expect(
      second.map((outcome) => (outcome.status === "ready" ? outcome.transaction.externalId : null)),
    ).toEqual(ids);
  });
});
