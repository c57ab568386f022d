import {
  type CurrencyCode,
  divideRounded,
  formatMoney,
  LANGUAGE_LOCALES,
  type Language,
  minorDigits,
} from "@kavi/domain";
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
  /** The summary in plain English sentences; every figure in them is one of the fields above. */
  sentences: string[];
  /** The same summary in each language, from the same figures (the screen shows the reader's). */
  sentencesByLanguage: Record<Language, string[]>;
}

const dayFormat = new Intl.DateTimeFormat("en-KE", { day: "numeric", month: "short", timeZone: "UTC" });
export function shortDay(day: string): string {
  return dayFormat.format(new Date(`${day}T00:00:00Z`));
}

/** Joins names as a list is read aloud: "A, B and C" (the connective is the language's). */
function joinWords(words: string[], and = "and"): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} ${and} ${words[words.length - 1]}`;
}

/** The figures a summary sentence carries, already formatted: each language words them, none computes. */
interface SummaryFigures {
  horizonDays: number;
  lowest: { day: string; balance: string };
  /** Set when an alert threshold is set. */
  threshold: string | null;
  below: { day: string; drivers: string[] } | null;
  owed: { total: string; sharePercent: number; customers: string[] } | null;
  end: { balance: string; low: string; high: string } | null;
}

/** The summary's sentences per language: whole sentences, so each language orders its own words. */
const SUMMARY_WORDS: Record<Language, (figures: SummaryFigures, day: (day: string) => string) => string[]> = {
  en: (f, day) => {
    const sentences: string[] = [];
    if (f.below && f.threshold !== null) {
      const when = `Cash is expected to fall below ${f.threshold} around ${day(f.below.day)}`;
      const drivers = f.below.drivers;
      sentences.push(
        drivers.length > 0
          ? `${when}, when ${joinWords(drivers)} ${drivers.length > 1 ? "leave" : "leaves"}.`
          : `${when}.`,
      );
    } else if (f.threshold !== null) {
      sentences.push(
        `Cash is expected to stay above ${f.threshold} for the next ${f.horizonDays} days; the lowest point is ${f.lowest.balance} around ${day(f.lowest.day)}.`,
      );
    } else {
      sentences.push(
        `The lowest expected balance in the next ${f.horizonDays} days is ${f.lowest.balance}, around ${day(f.lowest.day)}.`,
      );
    }
    if (f.owed) {
      const owed = `${f.owed.total} is owed to you`;
      const names = f.owed.customers;
      sentences.push(
        names.length >= 2
          ? `${owed}, ${f.owed.sharePercent} % of it from ${names.length === 3 ? "three" : "two"} customers (${joinWords(names)}).`
          : `${owed}, all of it from ${names[0] ?? "one customer"}.`,
      );
    } else {
      sentences.push("No customer owes you money right now.");
    }
    if (f.end)
      sentences.push(
        `Expected balance in ${f.horizonDays} days: ${f.end.balance} (likely between ${f.end.low} and ${f.end.high}).`,
      );
    return sentences;
  },
  sw: (f, day) => {
    const sentences: string[] = [];
    if (f.below && f.threshold !== null) {
      const when = `Salio linatarajiwa kushuka chini ya ${f.threshold} karibu tarehe ${day(f.below.day)}`;
      const drivers = f.below.drivers;
      sentences.push(
        drivers.length > 0 ? `${when}, malipo ya ${joinWords(drivers, "na")} yanapotoka.` : `${when}.`,
      );
    } else if (f.threshold !== null) {
      sentences.push(
        `Salio linatarajiwa kubaki juu ya ${f.threshold} katika siku ${f.horizonDays} zijazo; kiwango cha chini kabisa ni ${f.lowest.balance} karibu tarehe ${day(f.lowest.day)}.`,
      );
    } else {
      sentences.push(
        `Salio la chini kabisa linalotarajiwa katika siku ${f.horizonDays} zijazo ni ${f.lowest.balance}, karibu tarehe ${day(f.lowest.day)}.`,
      );
    }
    if (f.owed) {
      const owed = `Wateja wanadaiwa ${f.owed.total}`;
      const names = f.owed.customers;
      sentences.push(
        names.length >= 2
          ? `${owed}; asilimia ${f.owed.sharePercent} ya deni hilo ni ya wateja ${names.length === 3 ? "watatu" : "wawili"} (${joinWords(names, "na")}).`
          : `${owed}, deni lote likiwa la ${names[0] ?? "mteja mmoja"}.`,
      );
    } else {
      sentences.push("Kwa sasa hakuna mteja unayemdai pesa.");
    }
    if (f.end)
      sentences.push(
        `Salio linalotarajiwa baada ya siku ${f.horizonDays}: ${f.end.balance} (huenda likawa kati ya ${f.end.low} na ${f.end.high}).`,
      );
    return sentences;
  },
};

/** A forecast day as each language writes it ("5 Mar", "5 Machi"). */
const DAY_FORMATS: Record<Language, Intl.DateTimeFormat> = {
  en: dayFormat,
  sw: new Intl.DateTimeFormat(LANGUAGE_LOCALES.sw, { day: "numeric", month: "long", timeZone: "UTC" }),
};

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

  const figures: SummaryFigures = {
    horizonDays: forecast.horizonDays,
    lowest: { day: lowest.day, balance: money(lowest.balanceMinor) },
    threshold: thresholdMinor === null ? null : money(thresholdMinor),
    below: belowThreshold ? { day: belowThreshold.day, drivers: belowThreshold.drivers } : null,
    owed:
      receivables.outstandingMinor > 0n
        ? {
            total: money(receivables.outstandingMinor),
            sharePercent: Math.round(topShareBps / 100),
            customers: top.map((customer) => customer.name),
          }
        : null,
    end: last
      ? { balance: money(last.balanceMinor), low: money(last.lowMinor), high: money(last.highMinor) }
      : null,
  };
  const sentencesByLanguage = {
    en: SUMMARY_WORDS.en(figures, (day) => DAY_FORMATS.en.format(new Date(`${day}T00:00:00Z`))),
    sw: SUMMARY_WORDS.sw(figures, (day) => DAY_FORMATS.sw.format(new Date(`${day}T00:00:00Z`))),
  };
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
    sentences: sentencesByLanguage.en,
    sentencesByLanguage,
  };
}
