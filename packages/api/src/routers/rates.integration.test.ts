import { exchangeRates } from "@kavi/db";
import { divideRates, normaliseRate } from "@kavi/domain";
import { createCbkClient, FxProviderError } from "@kavi/fx";
import { type FakeFx, fakeFxRate, startFakeFx } from "@kavi/fx/fake";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Logger } from "../logger";
import { findRate, ingestExchangeRates } from "../services/exchange-rates";
import {
  createBusinessFor,
  createTestHarness,
  insertCustomer,
  refusal,
  sampleDraft,
  signUpUser,
  type TestHarness,
} from "../testing";

// Thursday 3 December 2026, 12:00 in Nairobi: CBK has published today's rates.
const TODAY = "2026-12-03";
let harness: TestHarness;
let fake: FakeFx;

function recordingLogger() {
  const errors: { object: object; message?: string }[] = [];
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: () => {},
    error: (object, message) => errors.push({ object, ...(message ? { message } : {}) }),
    child: () => logger,
  };
  return { logger, errors };
}

beforeAll(async () => {
  harness = await createTestHarness();
  harness.setNow(new Date(`${TODAY}T09:00:00Z`));
  fake = await startFakeFx({ today: () => TODAY });
  fake.removeDays(["2026-12-01"]);
});
afterAll(async () => {
  await fake.close();
  await harness.close();
});

const client = () => createCbkClient({ baseUrl: fake.url });

describe("exchange rates", () => {
  it("ingests the provider's table, idempotently, in the published orientation", async () => {
    const { logger, errors } = recordingLogger();
    const first = await ingestExchangeRates(harness.serviceContext({ logger }), client());
    expect(first.stored).toBeGreaterThan(100);
    expect(first.newestRateDate).toBe(TODAY);
    expect(first.freshness).toMatchObject({ newestRateDate: TODAY, missingWeekdays: 0, alarm: false });
    expect(errors).toEqual([]);
    const [before] = await harness.db.select({ n: count() }).from(exchangeRates);
    await ingestExchangeRates(harness.serviceContext({ logger }), client());
    const [after] = await harness.db.select({ n: count() }).from(exchangeRates);
    expect(after?.n).toBe(before?.n);
  });

  it("looks rates up exactly: direct, inverted (KES / USHS), per-100 yen, carried forward over gaps", async () => {
    const db = harness.db;
    expect(await findRate(db, { date: TODAY, from: "USD", to: "KES" })).toEqual({
      rate: normaliseRate(fakeFxRate("US DOLLAR", TODAY)),
      rateDate: TODAY,
      source: "CBK",
      stale: false,
    });
    const ugx = await findRate(db, { date: TODAY, from: "UGX", to: "KES" });
    expect(ugx?.rate).toBe(divideRates("1", fakeFxRate("KES / USHS", TODAY)));
    const yen = await findRate(db, { date: TODAY, from: "JPY", to: "KES" });
    expect(yen?.rate).toBe(normaliseRate(`0.${fakeFxRate("JPY (100)", TODAY).replace(".", "")}`));
    // Sunday → Friday's rate, marked stale; the missing Tuesday → Monday's.
    expect(await findRate(db, { date: "2026-11-29", from: "USD", to: "KES" })).toMatchObject({
      rateDate: "2026-11-27",
      stale: true,
    });
    expect(await findRate(db, { date: "2026-12-01", from: "EUR", to: "KES" })).toMatchObject({
      rateDate: "2026-11-30",
      stale: true,
    });
    // A cross rate through KES, and nothing older than the 14-day lookback.
    const cross = await findRate(db, { date: TODAY, from: "USD", to: "UGX" });
    expect(cross?.rate).toBe(
      divideRates(
        normaliseRate(fakeFxRate("US DOLLAR", TODAY)),
        divideRates("1", fakeFxRate("KES / USHS", TODAY)) ?? "",
      ),
    );
    expect(await findRate(db, { date: "2020-01-01", from: "USD", to: "KES" })).toBeNull();
  });

  it("a failing or malformed provider changes nothing, and the job is retried", async () => {
    const [before] = await harness.db.select({ n: count() }).from(exchangeRates);
    fake.injectFaults([{ kind: "error", status: 503 }, { kind: "malformed" }]);
    await expect(ingestExchangeRates(harness.serviceContext(), client())).rejects.toBeInstanceOf(
      FxProviderError,
    );
    const malformed = await ingestExchangeRates(harness.serviceContext(), client());
    expect(malformed).toMatchObject({ stored: 0, skipped: 2 });
    const [after] = await harness.db.select({ n: count() }).from(exchangeRates);
    expect(after?.n).toBe(before?.n);
  });

  it("sounds the alarm once about 48 hours of weekday publications are missing", async () => {
    const { logger, errors } = recordingLogger();
    // Monday 7 December: Friday's publication is missing (1 weekday) — not yet.
    harness.setNow(new Date("2026-12-07T09:00:00Z"));
    fake.injectFaults([{ kind: "error", status: 503 }]);
    await expect(ingestExchangeRates(harness.serviceContext({ logger }), client())).rejects.toThrow();
    expect(errors).toEqual([]);
    // Tuesday 8 December at noon: Friday, Monday and Tuesday are missing.
    harness.setNow(new Date("2026-12-08T09:00:00Z"));
    fake.injectFaults([{ kind: "error", status: 503 }]);
    await expect(ingestExchangeRates(harness.serviceContext({ logger }), client())).rejects.toThrow();
    expect(errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/stale/),
        object: expect.objectContaining({ alarm: true, missingWeekdays: 3, newestRateDate: TODAY }),
      }),
    ]);
    harness.setNow(new Date(`${TODAY}T09:00:00Z`));
  });

  it("gives members the latest rates, a history and the default for their forms; others get NOT_FOUND", async () => {
    const owner = await signUpUser(harness);
    const businessId = (await createBusinessFor(owner)).id;
    const latest = await owner.caller.rates.latest({ businessId });
    expect(latest.today).toBe(TODAY);
    expect(latest.freshness.alarm).toBe(false);
    expect(latest.rates.find((rate) => rate.currency === "USD")).toMatchObject({
      kesPerUnit: normaliseRate(fakeFxRate("US DOLLAR", TODAY)),
      rateDate: TODAY,
      stale: false,
    });
    const history = await owner.caller.rates.history({ businessId, currency: "EUR", days: 30 });
    expect(history.length).toBeGreaterThan(15);
    expect(history.some((point) => point.rateDate === "2026-12-01")).toBe(false);
    expect(
      await owner.caller.rates.suggest({ businessId, currency: "GBP", date: "2026-11-28" }),
    ).toMatchObject({
      rateDate: "2026-11-27",
      stale: true,
    });

    const stranger = await signUpUser(harness);
    const refused = await refusal(stranger.caller.rates.latest({ businessId }));
    expect(refused.code).toBe("NOT_FOUND");
  });

  it("becomes the default rate of a foreign-currency transaction and invoice", async () => {
    const owner = await signUpUser(harness);
    const businessId = (await createBusinessFor(owner)).id;
    const usd = normaliseRate(fakeFxRate("US DOLLAR", "2026-11-30"));
    const recorded = await owner.caller.transactions.create({
      businessId,
      type: "income",
      amount: "100.00",
      currency: "USD",
      transactionDate: "2026-11-30",
    });
    expect(normaliseRate(recorded.exchangeRate)).toBe(usd);
    const customer = await insertCustomer(harness.db, businessId, { currency: "EUR" });
    const invoice = await owner.caller.invoices.create({
      businessId,
      ...sampleDraft(customer.id, { issueDate: TODAY }),
    });
    expect(normaliseRate(invoice.exchangeRate)).toBe(normaliseRate(fakeFxRate("EURO", TODAY)));
    // A rate typed in still wins.
    const typed = await owner.caller.transactions.create({
      businessId,
      type: "expense",
      amount: "10",
      currency: "USD",
      exchangeRate: "130",
      transactionDate: TODAY,
    });
    expect(normaliseRate(typed.exchangeRate)).toBe("130");
  });
});
