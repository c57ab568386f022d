import { describe, expect, it } from "vitest";
import { dateOfIndex, dayIndex, monthPartOf, weekdayOf } from "./calendar";
import { buildForecast } from "./forecast";
import { fitDailyPattern, predictDaily } from "./pattern";
import { detectRecurringExpenses, projectRecurringDays } from "./recurring";
import { summariseForecast } from "./summary";
import { syntheticBusiness } from "./synthetic";
import type { TForecastExpense, TForecastInputIn } from "./types";

const TODAY = "2026-12-01";

function baseInput(overrides: Partial<TForecastInputIn> = {}): TForecastInputIn {
  return {
    today: TODAY,
    horizonDays: 90,
    currency: "KES",
    startBalanceMinor: 10_000_000n,
    history: [],
    expenses: [],
    invoicePayments: [],
    openInvoices: [],
    paidInvoices: [],
    customers: [],
    recurringInvoices: [],
    budgets: [],
    ...overrides,
  };
}

function rent(day: string, amount = 4_500_000n): TForecastExpense {
  return {
    day,
    amountMinor: amount,
    supplierId: "landlord",
    supplierName: "Landlord",
    categoryId: "rent",
    categoryName: "Rent",
  };
}

describe("calendar", () => {
  it("names weekdays and month parts", () => {
    expect(weekdayOf(dayIndex("2026-12-06"))).toBe(0); // a Sunday
    expect(dateOfIndex(dayIndex("2026-02-28"))).toBe("2026-02-28");
    expect(monthPartOf(dayIndex("2026-02-23"))).toBe(5); // the last six days of February
    expect(monthPartOf(dayIndex("2026-01-01"))).toBe(0);
  });
});

describe("daily pattern", () => {
  it("learns a weekday rhythm and ignores a one-off spike", () => {
    const end = dayIndex(TODAY);
    const values: number[] = Array.from({ length: 168 }, (_, i) =>
      weekdayOf(end - 168 + i) === 0 ? 0 : 1000,
    );
    values[160] = 1_000_000;
    const pattern = fitDailyPattern(values, end);
    const sunday = dayIndex("2026-12-06");
    expect(predictDaily(pattern, sunday)).toBeLessThan(200);
    expect(predictDaily(pattern, sunday + 1)).toBeGreaterThan(900);
    expect(predictDaily(pattern, sunday + 1)).toBeLessThan(1300);
  });
});

describe("recurring expenses", () => {
  it("finds monthly rent with its typical amount and projects it on the same day of the month", () => {
    const expenses = ["2026-07-01", "2026-08-01", "2026-09-01", "2026-10-01", "2026-11-01"].map((day) =>
      rent(day),
    );
    const [found] = detectRecurringExpenses(expenses, TODAY);
    expect(found).toMatchObject({ key: "supplier:landlord", intervalDays: 30, typicalMinor: 4_500_000n });
    if (!found) throw new Error("not found");
    const days = projectRecurringDays(found, dayIndex(TODAY), dayIndex(TODAY) + 90).map(dateOfIndex);
    expect(days).toEqual(["2026-12-01", "2027-01-01", "2027-02-01"]);
  });

  it("ignores irregular spending and rhythms that stopped", () => {
    const irregular = ["2026-07-03", "2026-07-20", "2026-09-02", "2026-09-05", "2026-11-11"].map((day) =>
      rent(day),
    );
    expect(detectRecurringExpenses(irregular, TODAY)).toEqual([]);
    const stopped = ["2026-03-01", "2026-04-01", "2026-05-01", "2026-06-01"].map((day) => rent(day));
    expect(detectRecurringExpenses(stopped, TODAY)).toEqual([]);
  });
});

describe("buildForecast", () => {
  it("projects the balance from today's with recurring expenses and a band that widens", () => {
    const business = syntheticBusiness("kiosk", 400, "2026-11-30");
    const forecast = buildForecast(
      baseInput({ history: business.history, expenses: business.expenses, startBalanceMinor: 0n }),
    );
    expect(forecast.points).toHaveLength(90);
    expect(forecast.points[0]?.day).toBe(TODAY);
    expect(forecast.recurringExpenses.map((expense) => expense.label)).toEqual(
      expect.arrayContaining(["Landlord", "Weekly supplier", "Salaries"]),
    );
    expect(forecast.events.some((event) => event.label === "Landlord" && event.day === "2027-01-01")).toBe(
      true,
    );
    const widths = forecast.points.map((point) => point.highMinor - point.lowMinor);
    expect(widths[89]).toBeGreaterThan(widths[6] as bigint);
    // Widening up to rounding to whole minor units.
    for (let i = 1; i < widths.length; i += 1)
      expect(widths[i]).toBeGreaterThanOrEqual((widths[i - 1] as bigint) - 2n);
    for (const point of forecast.points) {
      expect(point.lowMinor).toBeLessThanOrEqual(point.balanceMinor);
      expect(point.highMinor).toBeGreaterThanOrEqual(point.balanceMinor);
    }
    expect(forecast.inputsSummary.band.method).toBe("backtest");
  });

  it("expects an invoice on its due date shifted by the customer's lateness, times the chance they pay", () => {
    const paidInvoices = [10, 12, 14].map((late, i) => ({
      customerId: "serena",
      issueDate: `2026-0${i + 6}-01`,
      dueDate: `2026-0${i + 6}-15`,
      paidDate: dateOfIndex(dayIndex(`2026-0${i + 6}-15`) + late),
    }));
    const forecast = buildForecast(
      baseInput({
        openInvoices: [
          {
            id: "inv-1",
            number: "INV-2026-0100",
            customerId: "serena",
            customerName: "Serena Hotel",
            dueDate: "2026-12-10",
            outstandingMinor: 10_000_000n,
          },
        ],
        paidInvoices,
        customers: [{ customerId: "serena", paidCount: 3, abandonedCount: 0 }],
      }),
    );
    const event = forecast.events.find((candidate) => candidate.refId === "inv-1");
    // Median lateness 12 days, shrunk towards the business's own median (also 12): 22 December.
    expect(event?.day).toBe("2026-12-22");
    expect(event?.probability).toBeCloseTo(12 / 13, 5);
    expect(forecast.receivables.outstandingMinor).toBe(10_000_000n);

    const unpaid = buildForecast(
      baseInput({
        openInvoices: [
          {
            id: "inv-1",
            number: "INV-2026-0100",
            customerId: "serena",
            customerName: "Serena Hotel",
            dueDate: "2026-12-10",
            outstandingMinor: 10_000_000n,
          },
        ],
        paidInvoices,
      }),
      { invoices: [{ invoiceId: "inv-1", outcome: "unpaid", delayDays: 30 }], expenses: [] },
    );
    expect(unpaid.events.some((candidate) => candidate.refId === "inv-1")).toBe(false);
    expect(unpaid.points[89]?.balanceMinor).toBeLessThan(forecast.points[89]?.balanceMinor as bigint);
  });

  it("moves a recurring expense in a what-if", () => {
    const expenses = ["2026-08-01", "2026-09-01", "2026-10-01", "2026-11-01"].map((day) => rent(day));
    const moved = buildForecast(baseInput({ expenses }), {
      invoices: [],
      expenses: [{ key: "supplier:landlord", shiftDays: 10 }],
    });
    expect(
      moved.events.filter((event) => event.kind === "recurring_expense").map((event) => event.day),
    ).toEqual(["2026-12-11", "2027-01-11", "2027-02-11"]);
  });

  it("spreads a budget for a category with no history over its period", () => {
    const forecast = buildForecast(
      baseInput({
        budgets: [
          {
            categoryId: "marketing",
            categoryName: "Marketing",
            periodStart: "2026-12-01",
            periodEnd: "2026-12-31",
            amountMinor: 3_100_000n,
            spentMinor: 0n,
          },
        ],
      }),
    );
    expect(forecast.points[0]?.outflowMinor).toBe(100_000n);
    expect(forecast.points[31]?.outflowMinor).toBe(0n);
    expect(forecast.points[30]?.balanceMinor).toBe(10_000_000n - 3_100_000n);
  });
});

function landlordForecast(invoiceCount = 4) {
  const expenses = ["2026-08-18", "2026-09-18", "2026-10-18", "2026-11-18"].map((day) =>
    rent(day, 6_000_000n),
  );
  return buildForecast(
    baseInput({
      expenses,
      openInvoices: [
        {
          id: "a",
          number: "INV-1",
          customerId: "a",
          customerName: "Serena",
          dueDate: "2027-06-01",
          outstandingMinor: 5_000_000n,
        },
        {
          id: "b",
          number: "INV-2",
          customerId: "b",
          customerName: "Java House",
          dueDate: "2027-06-01",
          outstandingMinor: 3_000_000n,
        },
        {
          id: "c",
          number: "INV-3",
          customerId: "c",
          customerName: "Carrefour",
          dueDate: "2027-06-01",
          outstandingMinor: 1_000_000n,
        },
        {
          id: "d",
          number: "INV-4",
          customerId: "d",
          customerName: "Kiosk",
          dueDate: "2027-06-01",
          outstandingMinor: 1_000_000n,
        },
      ].slice(0, invoiceCount),
    }),
  );
}

describe("summariseForecast", () => {
  it("says when cash falls below the threshold, why, and who owes money", () => {
    const forecast = landlordForecast();
    const summary = summariseForecast(forecast, 5_000_000n);
    expect(summary.belowThreshold).toMatchObject({ day: "2026-12-18", drivers: ["Landlord"] });
    expect(summary.owed.topShareBps).toBe(9_000);
    expect(summary.sentences[0]).toBe(
      "Cash is expected to fall below KES 50,000 around 18 Dec, when Landlord leaves.",
    );
    expect(summary.sentences[1]).toContain("KES 100,000 is owed to you, 90 % of it from three customers");
  });
});

describe("summariseForecast in every language", () => {
  /** The figures in a sentence, in order: amounts, percentages, day numbers and day counts. */
  const figuresOf = (sentence: string) => sentence.match(/-?\d(?:[\d,.]*\d)?/g) ?? [];
  const cases: [string, () => ReturnType<typeof summariseForecast>][] = [
    ["below the threshold, three debtors", () => summariseForecast(landlordForecast(), 5_000_000n)],
    ["below the threshold, two debtors", () => summariseForecast(landlordForecast(2), 5_000_000n)],
    ["one debtor, no threshold", () => summariseForecast(landlordForecast(1), null)],
    ["nobody owes, stays above", () => summariseForecast(landlordForecast(0), -1_000_000_000n)],
  ];
  for (const [name, summarise] of cases)
    it(`says the same figures in English and Kiswahili: ${name}`, () => {
      const summary = summarise();
      const { en, sw } = summary.sentencesByLanguage;
      expect(summary.sentences).toEqual(en);
      expect(sw).toHaveLength(en.length);
      expect(en.length).toBeGreaterThanOrEqual(2);
      en.forEach((sentence, index) => {
        const kiswahili = sw[index] ?? "";
        expect(kiswahili).not.toBe(sentence);
        expect(figuresOf(kiswahili)).toEqual(figuresOf(sentence));
      });
    });

  it("words the dip, the debtors and the range in Kiswahili", () => {
    const summary = summariseForecast(landlordForecast(), 5_000_000n);
    const [dip, owed, end] = summary.sentencesByLanguage.sw;
    expect(dip).toBe(
      "Salio linatarajiwa kushuka chini ya KES 50,000 karibu tarehe 18 Desemba, malipo ya Landlord yanapotoka.",
    );
    expect(owed).toBe(
      "Wateja wanadaiwa KES 100,000; asilimia 90 ya deni hilo ni ya wateja watatu (Serena, Java House na Carrefour).",
    );
    expect(end).toMatch(/^Salio linalotarajiwa baada ya siku 90: -?KES [\d,]+ \(huenda likawa kati ya -?KES/);
    expect(summariseForecast(landlordForecast(0), null).sentencesByLanguage.sw[1]).toBe(
      "Kwa sasa hakuna mteja unayemdai pesa.",
    );
  });
});
