import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  accruedPenaltyMinor,
  allocateRepayment,
  outstandingMinor,
  settlementQuote,
  summariseArrears,
  unpaidInstalments,
} from "./repayment";
import { computeRepaymentSchedule, type LoanTerms, loanFeeMinor } from "./schedule";

const terms = (overrides: Partial<LoanTerms>): LoanTerms => ({
  principalMinor: 10_000_000n,
  tenorCount: 3,
  tenorUnit: "month",
  interestMethod: "flat",
  annualInterestRateBps: 3600,
  feeRateBps: 0,
  feeFixedMinor: 0n,
  ...overrides,
});

const toState = unpaidInstalments;

describe("worked examples", () => {
  it("KES 100,000 flat at 36 % a year over 3 months: KES 3,000 interest a month", () => {
    const schedule = computeRepaymentSchedule(terms({}), "2026-01-31");
    expect(schedule.instalments.map((row) => row.totalMinor)).toEqual([3_633_334n, 3_633_333n, 3_633_333n]);
    expect(schedule.interestMinor).toBe(900_000n);
    // Month ends do not drift: Jan 31 → Feb 28 → Mar 31 → Apr 30.
    expect(schedule.instalments.map((row) => row.dueDate)).toEqual([
      "2026-02-28",
      "2026-03-31",
      "2026-04-30",
    ]);
  });

  it("KES 100,000 reducing balance at 12 % over 12 months is the textbook KES 8,884.88 a month", () => {
    const schedule = computeRepaymentSchedule(
      terms({ interestMethod: "reducing_balance", annualInterestRateBps: 1200, tenorCount: 12 }),
      "2026-01-15",
    );
    expect(schedule.instalments.slice(0, 11).every((row) => row.totalMinor === 888_488n)).toBe(true);
    expect(schedule.instalments[0]?.interestMinor).toBe(100_000n);
    expect(schedule.instalments.at(-1)?.balanceAfterMinor).toBe(0n);
    expect(schedule.totalMinor).toBe(10_000_000n + schedule.interestMinor);
  });

  it("spreads a 2 % processing fee plus KES 50 over weekly instalments", () => {
    const schedule = computeRepaymentSchedule(
      terms({
        tenorUnit: "week",
        tenorCount: 4,
        feeRateBps: 200,
        feeFixedMinor: 5_000n,
        principalMinor: 2_000_000n,
      }),
      "2026-03-02",
    );
    expect(schedule.feesMinor).toBe(45_000n);
    expect(schedule.instalments.map((row) => row.dueDate)).toEqual([
      "2026-03-09",
      "2026-03-16",
      "2026-03-23",
      "2026-03-30",
    ]);
  });

  it("refuses a zero principal or an empty tenor", () => {
    expect(() => computeRepaymentSchedule(terms({ principalMinor: 0n }), "2026-01-01")).toThrow(RangeError);
    expect(() => computeRepaymentSchedule(terms({ tenorCount: 0 }), "2026-01-01")).toThrow(RangeError);
  });
});

const arbitraryTerms = fc.record({
  principalMinor: fc.bigInt({ min: 1n, max: 10_000_000_000n }),
  tenorCount: fc.integer({ min: 1, max: 104 }),
  tenorUnit: fc.constantFrom("month" as const, "week" as const),
  interestMethod: fc.constantFrom("flat" as const, "reducing_balance" as const),
  annualInterestRateBps: fc.integer({ min: 0, max: 20_000 }),
  feeRateBps: fc.integer({ min: 0, max: 1_000 }),
  feeFixedMinor: fc.bigInt({ min: 0n, max: 100_000n }),
});

describe("properties over random products", () => {
  it("the schedule's total equals principal + interest + fees, to the cent, and clears the principal", () => {
    fc.assert(
      fc.property(arbitraryTerms, (random) => {
        const schedule = computeRepaymentSchedule(random, "2026-05-31");
        const sum = schedule.instalments.reduce((total, row) => total + row.totalMinor, 0n);
        expect(sum).toBe(schedule.totalMinor);
        expect(schedule.totalMinor).toBe(random.principalMinor + schedule.interestMinor + schedule.feesMinor);
        expect(schedule.principalMinor).toBe(random.principalMinor);
        expect(schedule.feesMinor).toBe(loanFeeMinor(random));
        expect(schedule.instalments).toHaveLength(random.tenorCount);
        expect(schedule.instalments.at(-1)?.balanceAfterMinor).toBe(0n);
        for (const row of schedule.instalments) {
          expect(row.principalMinor >= 0n && row.interestMinor >= 0n && row.feeMinor >= 0n).toBe(true);
        }
      }),
    );
  });

  it("reducing balance never charges more interest than flat at the same rate", () => {
    fc.assert(
      fc.property(arbitraryTerms, (random) => {
        const flat = computeRepaymentSchedule({ ...random, interestMethod: "flat" }, "2026-01-01");
        const reducing = computeRepaymentSchedule(
          { ...random, interestMethod: "reducing_balance" },
          "2026-01-01",
        );
        // A cent of rounding per instalment at most.
        expect(reducing.interestMinor <= flat.interestMinor + BigInt(random.tenorCount)).toBe(true);
      }),
    );
  });

  it("any sequence of repayments applies exactly what it pays and never goes below zero", () => {
    fc.assert(
      fc.property(
        arbitraryTerms,
        fc.array(fc.bigInt({ min: 1n, max: 5_000_000_000n }), { maxLength: 8 }),
        (random, payments) => {
          let state = toState(computeRepaymentSchedule(random, "2026-01-01"));
          const before = outstandingMinor(state);
          let applied = 0n;
          for (const payment of payments) {
            const allocation = allocateRepayment(state, payment);
            const split = allocation.applied;
            expect(
              split.penalty + split.fee + split.interest + split.principal + allocation.unappliedMinor,
            ).toBe(payment);
            applied += payment - allocation.unappliedMinor;
            state = allocation.instalments;
          }
          expect(outstandingMinor(state)).toBe(before - applied);
          expect(outstandingMinor(state) >= 0n).toBe(true);
        },
      ),
    );
  });
});

describe("repayment, arrears and settlement", () => {
  const schedule = computeRepaymentSchedule(terms({}), "2026-01-31");

  it("pays the oldest instalment first: fee, interest, then principal", () => {
    const allocation = allocateRepayment(toState(schedule), 400_000n);
    expect(allocation.applied).toEqual({ penalty: 0n, fee: 0n, interest: 300_000n, principal: 100_000n });
  });

  it("charges a penalty after the grace days on what is overdue, and never lowers it", () => {
    const [first] = toState(schedule);
    if (!first) throw new Error("no instalment");
    const policy = { penaltyRateBps: 500, graceDays: 3 };
    expect(accruedPenaltyMinor(first, policy, "2026-03-03")).toBe(0n);
    // 5 % per 30 days on KES 36,333.34 for 30 days past the grace: KES 1,816.67.
    expect(accruedPenaltyMinor(first, policy, "2026-04-02")).toBe(181_667n);
    expect(accruedPenaltyMinor({ ...first, penaltyMinor: 999_999n }, policy, "2026-04-02")).toBe(999_999n);
  });

  it("summarises arrears by the oldest unpaid instalment", () => {
    expect(summariseArrears(toState(schedule), "2026-04-01")).toEqual({
      overdueMinor: 7_266_667n,
      overdueInstalments: 2,
      daysPastDue: 32,
    });
    expect(summariseArrears(toState(schedule), "2026-02-28").daysPastDue).toBe(0);
  });

  it("early settlement waives the interest of later periods", () => {
    const quote = settlementQuote(toState(schedule), "2026-02-10");
    expect(quote.interestWaivedMinor).toBe(600_000n);
    expect(quote.amountMinor).toBe(10_000_000n + 300_000n);
    const settled = allocateRepayment(quote.instalments, quote.amountMinor);
    expect(outstandingMinor(settled.instalments)).toBe(0n);
    expect(settled.unappliedMinor).toBe(0n);
  });
});
