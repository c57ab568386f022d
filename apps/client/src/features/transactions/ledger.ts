import type { AppRouter, inferRouterOutputs } from "@kavi/api";
import { DEFAULT_LOCALE, formatMoney, toMajorString } from "@kavi/domain";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../lib/trpc";
import { useBusiness } from "../shell/business-context";

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type TransactionItem = RouterOutputs["transactions"]["list"]["items"][number];
export type CategoryItem = RouterOutputs["categories"]["list"][number];

/** Charts plot numbers; the exact amounts (bigint) stay beside them for labels and tooltips. */
export function chartNumber(amountMinor: bigint, currency: string): number {
  return Number(toMajorString(amountMinor, currency));
}

/** Axis labels: 1.2M, 350K. */
export function shortAmount(value: number): string {
  const absolute = Math.abs(value);
  if (absolute >= 1_000_000) return `${(value / 1_000_000).toFixed(absolute >= 10_000_000 ? 0 : 1)}M`;
  if (absolute >= 1_000) return `${Math.round(value / 1_000)}K`;
  return String(Math.round(value));
}

export function moneyText(amountMinor: bigint, currency: string, compact = true): string {
  return formatMoney(amountMinor, currency, { compact });
}

/** "2026-11-01" → "Nov" (or "Nov 2026" when asked). */
export function monthLabel(bucket: string, withYear = false, locale = DEFAULT_LOCALE): string {
  return new Intl.DateTimeFormat(locale, {
    month: "short",
    ...(withYear ? { year: "numeric" } : {}),
    timeZone: "UTC",
  }).format(new Date(`${bucket}T00:00:00Z`));
}

export function dayLabel(bucket: string, locale = DEFAULT_LOCALE): string {
  return new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" }).format(
    new Date(`${bucket}T00:00:00Z`),
  );
}

/** Percent change, or null when there is nothing to compare with. */
export function percentChange(current: bigint, previous: bigint): number | null {
  if (previous === 0n) return null;
  const base = previous < 0n ? -previous : previous;
  return Number(((current - previous) * 1000n) / base) / 10;
}

/** The business's categories (active), cached for every picker on the page. */
export function useCategories(options: { includeArchived?: boolean } = {}) {
  const trpc = useTRPC();
  const { business } = useBusiness();
  return useQuery(
    trpc.categories.list.queryOptions({
      businessId: business.id,
      includeArchived: options.includeArchived ?? false,
    }),
  );
}

/** Today in the business's time zone, as YYYY-MM-DD. */
export function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date());
}
