import { describe, expect, it } from "vitest";
import { DarajaAmountError, parseDarajaAmountMinor, toWholeShillings } from "./amount";
import { computeStkPassword, SANDBOX_STK_PASSKEY } from "./password";
import { humanResultMessage } from "./result-codes";
import {
  formatDarajaResultDateTime,
  formatDarajaTimestamp,
  parseDarajaResultDateTime,
  parseDarajaTimestamp,
} from "./timestamp";

describe("computeStkPassword", () => {
  it("matches the reference test vector", () => {
    expect(computeStkPassword("174379", SANDBOX_STK_PASSKEY, "20160216165627")).toBe(
      "MTc0Mzc5YmZiMjc5ZjlhYTliZGJjZjE1OGU5N2RkNzFhNDY3Y2QyZTBjODkzMDU5YjEwZjc4ZTZiNzJhZGExZWQyYzkxOTIwMTYwMjE2MTY1NjI3",
    );
  });
});

describe("Daraja timestamps", () => {
  it("formats in Nairobi time, not UTC", () => {
    expect(formatDarajaTimestamp(new Date("2021-06-28T06:24:08Z"))).toBe("20210628092408");
  });

  it("crosses midnight three hours before UTC does", () => {
    expect(formatDarajaTimestamp(new Date("2023-12-31T20:59:59Z"))).toBe("20231231235959");
    expect(formatDarajaTimestamp(new Date("2023-12-31T21:00:00Z"))).toBe("20240101000000");
    expect(formatDarajaTimestamp(new Date("2024-02-29T23:30:00Z"))).toBe("20240301023000");
  });

  it("formats every instant of a second alike and the next second anew, in any order", () => {
    const at = (iso: string) => formatDarajaTimestamp(new Date(iso));
    expect(at("2026-12-04T05:30:07.000Z")).toBe("20261204083007");
    expect(at("2026-12-04T05:30:07.999Z")).toBe("20261204083007");
    expect(at("2026-12-04T05:30:08.000Z")).toBe("20261204083008");
    expect(at("2026-12-04T05:30:07.500Z")).toBe("20261204083007");
    expect(at("1969-12-31T20:59:59.500Z")).toBe("19691231235959");
    expect(at("1969-12-31T21:00:00.000Z")).toBe("19700101000000");
  });

  it("reads the same Nairobi wall clock as Intl for any instant, before and after 1970", () => {
    const intl = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Africa/Nairobi",
      day: "2-digit",
      month: "2-digit",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    const expected = (instant: Date) => intl.format(instant).replace(",", "").replaceAll("/", ".");
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    for (let round = 0; round < 2_000; round += 1) {
      // 1900–2100, and a few instants on quarter-hour edges.
      const ms = Math.floor(-2_208_988_800_000 + next() * 6_311_433_600_000);
      const edge = round % 10 === 0 ? Math.floor(ms / 900_000) * 900_000 - (round % 20 === 0 ? 1 : 0) : ms;
      const instant = new Date(edge);
      expect(formatDarajaResultDateTime(instant), instant.toISOString()).toBe(expected(instant));
    }
  });

  it("parses numbers and strings back to the same instant", () => {
    const instant = new Date("2019-12-19T07:21:15Z");
    expect(parseDarajaTimestamp(20191219102115)).toEqual(instant);
    expect(parseDarajaTimestamp("20191219102115")).toEqual(instant);
    expect(parseDarajaTimestamp(formatDarajaTimestamp(instant))).toEqual(instant);
  });

  it("refuses impossible dates", () => {
    expect(() => parseDarajaTimestamp("20230230101010")).toThrow(RangeError);
    expect(() => parseDarajaTimestamp("2023")).toThrow(RangeError);
  });

  it("reads and writes the B2C DD.MM.YYYY form", () => {
    const instant = parseDarajaResultDateTime("06.07.2024 22:48:52");
    expect(instant).toEqual(new Date("2024-07-06T19:48:52Z"));
    expect(formatDarajaResultDateTime(instant)).toBe("06.07.2024 22:48:52");
  });
});

describe("parseDarajaAmountMinor", () => {
  it.each([
    ["5.00", 500n],
    [1.0, 100n],
    [8959269.6, 895926960n],
    [-1980.0, -198000n],
    ["0.1", 10n],
    ["1.10000", 110n],
    [250000, 25000000n],
  ] as const)("reads %s exactly", (input, expected) => {
    expect(parseDarajaAmountMinor(input)).toBe(expected);
  });

  it.each(["1.001", "abc", "", "1e3", Number.NaN])("refuses %s", (input) => {
    expect(() => parseDarajaAmountMinor(input)).toThrow(DarajaAmountError);
  });

  it("gives whole shillings only when there are no cents", () => {
    expect(toWholeShillings(500n)).toBe(5);
    expect(toWholeShillings(550n)).toBeUndefined();
  });
});

describe("humanResultMessage", () => {
  it.each([
    [1032, "The customer cancelled the payment."],
    ["1", "The customer has insufficient M-Pesa balance."],
    [1037, "The customer's phone could not be reached."],
    [2001, "The customer entered the wrong PIN."],
    [1019, "The request expired before the customer answered."],
  ] as const)("explains %s", (code, message) => {
    expect(humanResultMessage(code)).toBe(message);
  });

  it("speaks of the business for payouts and has a default", () => {
    expect(humanResultMessage(2001, "payout")).toMatch(/initiator/);
    expect(humanResultMessage("SFC_IC0003", "payout")).toMatch(/not an M-Pesa customer/);
    expect(humanResultMessage(4242)).toBe("M-Pesa could not complete the payment (code 4242).");
  });
});
