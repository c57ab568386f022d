import { type CurrencyCode, divideRounded, formatMoney, minorDigits } from "@kavi/domain";
import type { ForecastResult } from "./forecast";
import type { ForecastEvent } from "./types";

export interface ForecastSummary {
  endBalanceMinor: bigint;
  lowest: { day: string; balanceMinor: bigint };
  /** The first day the expected balance is below the threshold, and the named outflows around it. */
  belowThreshold: { day: string; balanceMinor: bigint; thresholdMinor: bigint; drivers: string[] } | null;
  owed: {
    outstandingMinor: bigint;
    overdueMinor: bigint;
    /** The largest debtors (up to three) and their share of what is owed, in basis points. */
    topCustomers: { name: string; outstandingMinor: bigint }[];
    topShareBps: number;
  };
  /** The summary in plain sentences; every figure in them is one of the fields above. */
  sentences: string[];
}

const dayFormat = new Intl.DateTimeFormat("en-KE", { day: "numeric", month: "short", timeZone: "UTC" });
export function shortDay(day: string): string {
  return dayFormat.format(new Date(`${day}T00:00:00Z`));
}

function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

/** The outflows that make a dip: named expenses in the week up to it, largest first (at most three). */
function driversOf(events: readonly ForecastEvent[], day: string): string[] {
  const weekBefore = new Date(`${day}T00:00:00Z`);
  weekBefore.setUTCDate(weekBefore.getUTCDate() - 6);
  const from = weekBefore.toISOString().slice(0, 10);
  const totals = new Map<string, bigint>();
  for (const event of events) {
    if (event.amountMinor >= 0n || event.day < from || event.day > day) continue;
    totals.set(event.label, (totals.get(event.label) ?? 0n) - event.amountMinor);
  }
  return [...totals.entries()]
    .sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : 0))
    .slice(0, 3)
    .map(([label]) => label);
}

/**
 * What the forecast says, in a few sentences an owner reads at a glance: when cash is expected to fall below
 * their threshold (or its lowest point), which named payments cause it, and who owes them money.
 */
export function summariseForecast(forecast: ForecastResult, thresholdMinor: bigint | null): ForecastSummary {
  const currency = forecast.currency as CurrencyCode;
  // Forecast figures are estimates: whole shillings (or units of the currency) read better than cents.
  const unit = 10n ** BigInt(minorDigits(currency));
  const money = (value: bigint) =>
    formatMoney(divideRounded(value, unit) * unit, currency, { compact: true });
  const points = forecast.points;
  const last = points[points.length - 1];
  let lowest = { day: forecast.today, balanceMinor: forecast.startBalanceMinor };
  for (const point of points)
    if (point.balanceMinor < lowest.balanceMinor)
      lowest = { day: point.day, balanceMinor: point.balanceMinor };
  const crossing =
    thresholdMinor === null ? undefined : points.find((point) => point.balanceMinor < thresholdMinor);
  const belowThreshold =
    crossing && thresholdMinor !== null
      ? {
          day: crossing.day,
          balanceMinor: crossing.balanceMinor,
          thresholdMinor,
          drivers: driversOf(forecast.events, crossing.day),
        }
      : null;
  const receivables = forecast.receivables;
  const top = receivables.customers.slice(0, 3);
  const topTotal = top.reduce((sum, customer) => sum + customer.outstandingMinor, 0n);
  const topShareBps =
    receivables.outstandingMinor > 0n ? Number((topTotal * 10_000n) / receivables.outstandingMinor) : 0;

  const sentences: string[] = [];
  if (belowThreshold) {
    const when = `Cash is expected to fall below ${money(belowThreshold.thresholdMinor)} around ${shortDay(belowThreshold.day)}`;
    sentences.push(
      belowThreshold.drivers.length > 0
        ? `${when}, when ${joinWords(belowThreshold.drivers)} ${belowThreshold.drivers.length > 1 ? "leave" : "leaves"}.`
        : `${when}.`,
    );
  } else if (thresholdMinor !== null) {
    sentences.push(
      `Cash is expected to stay above ${money(thresholdMinor)} for the next ${forecast.horizonDays} days; the lowest point is ${money(lowest.balanceMinor)} around ${shortDay(lowest.day)}.`,
    );
  } else {
    sentences.push(
      `The lowest expected balance in the next ${forecast.horizonDays} days is ${money(lowest.balanceMinor)}, around ${shortDay(lowest.day)}.`,
    );
  }
  if (receivables.outstandingMinor > 0n) {
    const share = `${Math.round(topShareBps / 100)} %`;
    const owed = `${money(receivables.outstandingMinor)} is owed to you`;
    sentences.push(
      top.length >= 2
        ? `${owed}, ${share} of it from ${top.length === 3 ? "three" : "two"} customers (${joinWords(top.map((customer) => customer.name))}).`
        : `${owed}, all of it from ${top[0]?.name ?? "one customer"}.`,
    );
  } else {
    sentences.push("No customer owes you money right now.");
  }
  if (last)
    sentences.push(
      `Expected balance in ${forecast.horizonDays} days: ${money(last.balanceMinor)} (likely between ${money(last.lowMinor)} and ${money(last.highMinor)}).`,
    );
  return {
    endBalanceMinor: last?.balanceMinor ?? forecast.startBalanceMinor,
    lowest,
    belowThreshold,
    owed: {
      outstandingMinor: receivables.outstandingMinor,
      overdueMinor: receivables.overdueMinor,
      topCustomers: top.map((customer) => ({
        name: customer.name,
        outstandingMinor: customer.outstandingMinor,
      })),
      topShareBps,
    },
    sentences,
  };
}
