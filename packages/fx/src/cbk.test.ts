import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCbkClient, FxProviderError, parseCbkRows } from "./cbk";
import { type FakeFx, fakeFxRate, startFakeFx } from "./fake";

describe("parseCbkRows", () => {
  it("maps labels to ISO codes, keeps the published orientation and never guesses", () => {
    const { observations, skipped } = parseCbkRows({
      data: [
        ["05/01/2024", "US DOLLAR", "157.9012"],
        ["05/01/2024", "KES / USHS", "24.1000"],
        ["05/01/2024", "JPY (100)", "109.5500"],
        ["05/01/2024", "MARS DOLLAR", "1.0"],
        ["2024-01-05", "EURO", "170.1"],
        ["05/01/2024", "EURO", "1.7e2"],
      ],
    });
    expect(skipped).toBe(3);
    expect(observations.map(({ rateDate, base, quote, rate }) => ({ rateDate, base, quote, rate }))).toEqual([
      { rateDate: "2024-01-05", base: "USD", quote: "KES", rate: "157.9012" },
      { rateDate: "2024-01-05", base: "KES", quote: "UGX", rate: "24.1" },
      { rateDate: "2024-01-05", base: "JPY", quote: "KES", rate: "1.0955" },
    ]);
  });

  it("refuses a body that is not the table", () => {
    expect(() => parseCbkRows({ error: "nope" })).toThrow(FxProviderError);
  });
});

describe("the CBK client against the local fake", () => {
  let fake: FakeFx;
  const today = "2026-12-03";
  beforeAll(async () => {
    fake = await startFakeFx({ today: () => today });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it("reads weekday rows up to today, with the fake's missing days missing", async () => {
    fake.removeDays(["2026-12-02"]);
    const client = createCbkClient({ baseUrl: fake.url });
    const { observations } = await client.fetchRates();
    const usd = observations.filter((row) => row.base === "USD");
    expect(usd[0]).toMatchObject({
      rateDate: today,
      quote: "KES",
      rate: fakeFxRate("US DOLLAR", today).replace(/0+$/, ""),
    });
    const dates = new Set(usd.map((row) => row.rateDate));
    expect(dates.has("2026-12-02")).toBe(false);
    expect(dates.has("2026-11-29")).toBe(false); // a Sunday
    expect(dates.has("2026-12-01")).toBe(true);
  });

  it("turns a 5xx, a WAF page and a malformed table into clear errors", async () => {
    const client = createCbkClient({ baseUrl: fake.url });
    fake.injectFaults([{ kind: "error", status: 503 }, { kind: "html" }, { kind: "malformed" }]);
    await expect(client.fetchRates()).rejects.toMatchObject({
      retryable: true,
      message: "CBK answered HTTP 503",
    });
    await expect(client.fetchRates()).rejects.toThrow(/not JSON/);
    const malformed = await client.fetchRates();
    expect(malformed).toEqual({ observations: [], skipped: 2 });
  });
});
