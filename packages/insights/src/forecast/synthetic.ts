import { dateOfIndex, dayIndex, dayOfMonthOf, daysInMonthOf, weekdayOf } from "./calendar";
import type { TForecastDay, TForecastExpense } from "./types";

/**
 * Synthetic businesses with known seasonality and shocks, for the forecast benchmark and tests: a seeded,
 * deterministic day-by-day ledger. Amounts in KES minor units (cents).
 */
export interface SyntheticBusiness {
  name: string;
  description: string;
  history: TForecastDay[];
  expenses: TForecastExpense[];
  startBalanceMinor: bigint;
  firstDay: string;
}

export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A log-normal multiplier with median 1. */
function noise(random: () => number, sigma: number): number {
  const u = Math.max(random(), 1e-12);
  const v = random();
  return Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
}

interface Profile {
  name: string;
  description: string;
  seed: number;
  /** Average sales per day (KES), weekday factors (Sunday first), and a yearly growth rate. */
  salesPerDay: number;
  weekday: number[];
  growthPerYear: number;
  /** Extra sales in the last days and first days of the month (payday), as a factor. */
  paydayLift: number;
  /** December factor (the festive peak). */
  december: number;
  salesNoise: number;
  /** Everyday spending (stock bought on no fixed day) as a share of sales. */
  stockShare: number;
  rent: number;
  rentDay: number;
  salaries: number;
  salaryDay: number;
  weeklySupplier: number;
  /** A one-off purchase (day offset from the start, amount) and a slump (start offset, days, factor). */
  oneOff: [number, number];
  slump: [number, number, number];
}

const PROFILES: Profile[] = [
  {
    name: "kiosk",
    description:
      "Duka in Kayole: weekday rhythm, payday lift, rent on the 1st, wages on the 28th, a 3-week slump",
    seed: 11,
    salesPerDay: 18_000,
    weekday: [0.45, 0.9, 0.9, 0.95, 1.0, 1.35, 1.45],
    growthPerYear: 0.05,
    paydayLift: 1.3,
    december: 1.25,
    salesNoise: 0.35,
    stockShare: 0.62,
    rent: 45_000,
    rentDay: 1,
    salaries: 60_000,
    salaryDay: 28,
    weeklySupplier: 12_000,
    oneOff: [300, 250_000],
    slump: [420, 21, 0.6],
  },
  {
    name: "salon",
    description: "Salon in Westlands: busy weekends, 30 % growth a year, rent on the 5th, wages at month end",
    seed: 23,
    salesPerDay: 25_000,
    weekday: [1.2, 0.5, 0.7, 0.8, 0.9, 1.3, 1.6],
    growthPerYear: 0.3,
    paydayLift: 1.45,
    december: 1.5,
    salesNoise: 0.45,
    stockShare: 0.3,
    rent: 120_000,
    rentDay: 5,
    salaries: 210_000,
    salaryDay: 30,
    weeklySupplier: 18_000,
    oneOff: [200, 400_000],
    slump: [470, 14, 0.5],
  },
  {
    name: "wholesaler",
    description: "Produce wholesaler at Wakulima: closed Sundays, December peak, big noisy days",
    seed: 37,
    salesPerDay: 160_000,
    weekday: [0.1, 1.05, 1.0, 1.0, 1.05, 1.3, 1.5],
    growthPerYear: 0.1,
    paydayLift: 1.15,
    december: 1.4,
    salesNoise: 0.5,
    stockShare: 0.7,
    rent: 180_000,
    rentDay: 1,
    salaries: 520_000,
    salaryDay: 28,
    weeklySupplier: 150_000,
    oneOff: [380, 1_500_000],
    slump: [300, 28, 0.7],
  },
];

export const SYNTHETIC_BUSINESS_NAMES = PROFILES.map((profile) => profile.name);

export function syntheticBusiness(name: string, days = 540, lastDay = "2026-11-30"): SyntheticBusiness {
  const profile = PROFILES.find((candidate) => candidate.name === name);
  if (!profile) throw new Error(`No synthetic business called ${name}`);
  const random = seededRandom(profile.seed);
  const last = dayIndex(lastDay);
  const first = last - days + 1;
  const history: TForecastDay[] = [];
  const expenses: TForecastExpense[] = [];
  const cents = (shillings: number) => BigInt(Math.round(shillings)) * 100n;
  const expense = (day: string, amount: number, supplier: string | null, category: string) => {
    expenses.push({
      day,
      amountMinor: cents(amount),
      supplierId: supplier,
      supplierName: supplier,
      categoryId: category,
      categoryName: category,
    });
    return amount;
  };
  for (let index = first; index <= last; index += 1) {
    const offset = index - first;
    const day = dateOfIndex(index);
    const dom = dayOfMonthOf(index);
    const length = daysInMonthOf(index);
    const payday = dom >= length - 3 || dom <= 3 ? profile.paydayLift : 1;
    const december = day.slice(5, 7) === "12" ? profile.december : 1;
    const growth = (1 + profile.growthPerYear) ** (offset / 365);
    const [slumpStart, slumpDays, slumpFactor] = profile.slump;
    const slump = offset >= slumpStart && offset < slumpStart + slumpDays ? slumpFactor : 1;
    const sales =
      profile.salesPerDay *
      (profile.weekday[weekdayOf(index)] as number) *
      payday *
      december *
      growth *
      slump *
      noise(random, profile.salesNoise);
    let out = 0;
    // Stock bought two or three days a week, on no fixed day, sized by recent sales.
    if (random() < 0.4) {
      out += expense(day, (sales / 0.4) * profile.stockShare * noise(random, 0.3), null, "Stock");
    }
    if (dom === Math.min(profile.rentDay, length)) out += expense(day, profile.rent, "Landlord", "Rent");
    if (dom === Math.min(profile.salaryDay, length))
      out += expense(day, profile.salaries * growth, null, "Salaries");
    if (weekdayOf(index) === 1)
      out += expense(day, profile.weeklySupplier * noise(random, 0.1), "Weekly supplier", "Supplies");
    if (random() < 0.15) out += expense(day, 1_500 * noise(random, 0.8), null, "Transport");
    if (offset === profile.oneOff[0]) out += expense(day, profile.oneOff[1], "Equipment dealer", "Equipment");
    history.push({ day, inflowMinor: cents(sales), outflowMinor: cents(out) });
  }
  return {
    name: profile.name,
    description: profile.description,
    history,
    expenses,
    startBalanceMinor: cents(profile.salesPerDay * 20),
    firstDay: dateOfIndex(first),
  };
}
