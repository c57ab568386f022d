import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, addMonths } from "../ledger/dates";
import { dueReminderOffset, isCalendarDate, nextOccurrenceAfter, occurrence } from "./dates";
import {
  formatDocumentNumber,
  normalizeDocumentReference,
  normalizeReferenceWithoutPrefix,
} from "./numbering";
import { deriveIssuedStatus, invoiceActions } from "./status";
import { paymentTermsLabel } from "./terms";

describe("calendar dates", () => {
  it("adds days across months and leap years", () => {
    expect(addDays("2026-01-31", 14)).toBe("2026-02-14");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });

  it("adds months, clamping to the month's end", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2026-01-31", 2)).toBe("2026-03-31");
    expect(addMonths("2026-11-15", 3)).toBe("2027-02-15");
  });

  it("validates dates", () => {
    expect(isCalendarDate("2026-02-29")).toBe(false);
    expect(isCalendarDate("2028-02-29")).toBe(true);
    expect(isCalendarDate("2026-2-1")).toBe(false);
  });

  it("schedules monthly runs from the start date without drifting after a short month", () => {
    expect([0, 1, 2, 3].map((n) => occurrence("2026-01-31", "monthly", n))).toEqual([
      "2026-01-31",
      "2026-02-28",
      "2026-03-31",
      "2026-04-30",
    ]);
    expect(nextOccurrenceAfter("2026-01-31", "monthly", "2026-02-28")).toBe("2026-03-31");
    expect(nextOccurrenceAfter("2026-01-05", "weekly", "2026-01-05")).toBe("2026-01-12");
    expect(nextOccurrenceAfter("2026-01-15", "quarterly", "2026-06-01")).toBe("2026-07-15");
    expect(nextOccurrenceAfter("2026-09-01", "monthly", "2026-06-01")).toBe("2026-09-01");
  });

  it("the next occurrence is always an occurrence, after the date, and the first such", () => {
    const day = fc.integer({ min: 0, max: 3000 }).map((offset) => addDays("2024-01-01", offset));
    fc.assert(
      fc.property(
        day,
        day,
        fc.constantFrom("weekly", "monthly", "quarterly" as const),
        (start, after, frequency) => {
          const next = nextOccurrenceAfter(start, frequency, after);
          expect(next > after).toBe(true);
          const occurrences = Array.from({ length: 500 }, (_, n) => occurrence(start, frequency, n));
          expect(occurrences).toContain(next);
          expect(occurrences.filter((date) => date > after)[0]).toBe(next);
        },
      ),
    );
  });
});

describe("numbers and references", () => {
  it("formats gapless numbers with prefix, year and padding", () => {
    expect(formatDocumentNumber({ prefix: "INV", includeYear: true, year: 2026, padding: 4, value: 1 })).toBe(
      "INV-2026-0001",
    );
    expect(
      formatDocumentNumber({ prefix: "WF", includeYear: false, year: 0, padding: 3, value: 12345 }),
    ).toBe("WF-12345");
  });

  it("matches what customers type into M-Pesa despite case, spaces and look-alike slips", () => {
    const stored = normalizeDocumentReference("INV-2026-0042");
    for (const typed of ["inv 2026 0042", "INV2026OO42", "1NV-2026-0042", "inv-2O26-0042 "]) {
      expect(normalizeDocumentReference(typed)).toBe(stored);
    }
    expect(normalizeReferenceWithoutPrefix("INV-2026-0042")).toBe(normalizeDocumentReference("2026 0042"));
    expect(normalizeDocumentReference("INV-2026-0043")).not.toBe(stored);
  });
});

describe("status", () => {
  const base = { totalMinor: 10_000n, creditedMinor: 0n, amountPaidMinor: 0n, dueDate: "2026-03-10" };
  it("follows the money and the due date", () => {
    expect(deriveIssuedStatus({ ...base, today: "2026-03-10" })).toBe("sent");
    expect(deriveIssuedStatus({ ...base, today: "2026-03-11" })).toBe("overdue");
    expect(deriveIssuedStatus({ ...base, amountPaidMinor: 1n, today: "2026-03-01" })).toBe("partially_paid");
    expect(deriveIssuedStatus({ ...base, amountPaidMinor: 1n, today: "2026-04-01" })).toBe("overdue");
    expect(
      deriveIssuedStatus({ ...base, amountPaidMinor: 6_000n, creditedMinor: 4_000n, today: "2026-04-01" }),
    ).toBe("paid");
  });

  it("allows voiding only before money arrived, and credit notes only after", () => {
    expect(invoiceActions({ status: "sent", amountPaidMinor: 0n })).toMatchObject({
      void: true,
      creditNote: false,
    });
    expect(invoiceActions({ status: "partially_paid", amountPaidMinor: 5n })).toMatchObject({
      void: false,
      creditNote: true,
    });
    expect(invoiceActions({ status: "draft", amountPaidMinor: 0n })).toMatchObject({
      edit: true,
      recordPayment: false,
    });
  });
});

describe("reminders", () => {
  const base = {
    dueDate: "2026-03-10",
    issuedOn: "2026-02-24",
    offsets: [-3, 0, 7],
    sentOffsets: [] as number[],
  };
  it("sends each offset on its day, once", () => {
    expect(dueReminderOffset({ ...base, today: "2026-03-06" })).toBeNull();
    expect(dueReminderOffset({ ...base, today: "2026-03-07" })).toBe(-3);
    expect(dueReminderOffset({ ...base, today: "2026-03-07", sentOffsets: [-3] })).toBeNull();
    expect(dueReminderOffset({ ...base, today: "2026-03-10", sentOffsets: [-3] })).toBe(0);
    expect(dueReminderOffset({ ...base, today: "2026-03-17", sentOffsets: [-3, 0] })).toBe(7);
  });

  it("catches up missed days with the latest reminder only", () => {
    expect(dueReminderOffset({ ...base, today: "2026-03-20" })).toBe(7);
    expect(dueReminderOffset({ ...base, today: "2026-03-20", sentOffsets: [7] })).toBeNull();
  });

  it("does not remind before or on the day the invoice went out", () => {
    expect(dueReminderOffset({ ...base, issuedOn: "2026-03-08", today: "2026-03-08" })).toBeNull();
    expect(
      dueReminderOffset({ ...base, issuedOn: "2026-03-10", dueDate: "2026-03-10", today: "2026-03-10" }),
    ).toBeNull();
  });
});

describe("payment terms", () => {
  it("read the same everywhere: due on receipt, or net so many days", () => {
    expect(paymentTermsLabel(0)).toBe("Due on receipt");
    expect(paymentTermsLabel(1)).toBe("Net 1 day");
    expect(paymentTermsLabel(30)).toBe("Net 30 days");
    expect(paymentTermsLabel(0, "sw")).toBe("Lipa unapopokea");
    expect(paymentTermsLabel(30, "sw")).toBe("Lipa ndani ya siku 30");
  });
});
