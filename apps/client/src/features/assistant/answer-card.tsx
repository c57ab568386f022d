import type { AppRouter, inferRouterOutputs } from "@kavi/api";
import { formatMoney, toMajorString } from "@kavi/domain";
import { ArrowUpRight } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { businessPath } from "../../app/navigation";
import { useLocale } from "../../i18n/use-locale";
import { Money } from "../../ui/money";
import { useBusiness } from "../shell/business-context";
import { ActionControls } from "./action-controls";

export type AnswerCard = inferRouterOutputs<AppRouter>["assistant"]["ask"]["cards"][number];
type CardLink = NonNullable<AnswerCard["link"]>;

export function linkTarget(businessId: string, link: CardLink): string {
  const query = new URLSearchParams(link.params).toString();
  return `${businessPath(businessId, link.path)}${query ? `?${query}` : ""}`;
}

/** A small bar chart of a trend; the exact amounts are in each bar's label. */
function TrendChart({ points, currency }: { points: NonNullable<AnswerCard["chart"]>; currency: string }) {
  const values = points.map((point) =>
    Number(toMajorString(point.amountMinor < 0n ? 0n : point.amountMinor, currency)),
  );
  const max = Math.max(1, ...values);
  const { t } = useTranslation("assistant");
  const { locale } = useLocale();
  return (
    <div className="mt-3 flex h-16 items-end gap-px" role="img" aria-label={t("card.trend")}>
      {points.map((point, index) => (
        <div
          key={point.label}
          className="flex-1 rounded-t-sm bg-brand-600/80"
          style={{ height: `${Math.max(2, ((values[index] ?? 0) / max) * 100)}%` }}
          title={`${point.label}: ${formatMoney(point.amountMinor, currency, { locale })}`}
        />
      ))}
    </div>
  );
}

/** Where an answer's figures came from: the figures, the period and filters used, and the screen that shows them. */
export function AnswerCardView({ card, onNavigate }: { card: AnswerCard; onNavigate: () => void }) {
  const { business } = useBusiness();
  const currency = card.currency ?? business.baseCurrency;
  const { t } = useTranslation("assistant");
  return (
    <section
      className="mt-2 rounded-lg border border-ink-200 bg-surface p-3 text-sm shadow-card"
      aria-label={card.title}
    >
      <div className="flex items-start justify-between gap-2">
        <h3 className="font-semibold text-ink-900">{card.title}</h3>
        {card.period ? <span className="shrink-0 text-xs text-ink-500">{card.period.label}</span> : null}
      </div>
      {card.figures.length > 0 || (card.stats?.length ?? 0) > 0 ? (
        <dl className="mt-2 grid grid-cols-2 gap-x-3 gap-y-1 sm:grid-cols-3">
          {card.figures.map((figure) => (
            <div key={figure.label}>
              <dt className="text-xs text-ink-500">{figure.label}</dt>
              <dd className="font-semibold text-ink-950">
                <Money amountMinor={figure.amountMinor} currency={figure.currency} />
              </dd>
            </div>
          ))}
          {card.stats?.map((stat) => (
            <div key={stat.label}>
              <dt className="text-xs text-ink-500">{stat.label}</dt>
              <dd className="font-semibold text-ink-950 tabular">{stat.value}</dd>
            </div>
          ))}
          {card.count !== null ? (
            <div>
              <dt className="text-xs text-ink-500">#</dt>
              <dd className="font-semibold text-ink-950 tabular">{card.count}</dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      {card.chart ? <TrendChart points={card.chart} currency={currency} /> : null}
      {card.rows.length > 0 ? (
        <ul className="mt-2 divide-y divide-ink-100">
          {card.rows.map((row) => (
            <li
              key={`${row.label}-${row.detail ?? ""}`}
              className="flex items-center justify-between gap-2 py-1.5"
            >
              <div className="min-w-0">
                {row.link ? (
                  <Link
                    to={linkTarget(business.id, row.link)}
                    onClick={onNavigate}
                    className="block truncate font-medium text-brand-800 hover:underline"
                  >
                    {row.label}
                  </Link>
                ) : (
                  <p className="truncate font-medium text-ink-800">{row.label}</p>
                )}
                {row.detail ? <p className="truncate text-xs text-ink-500">{row.detail}</p> : null}
              </div>
              {row.amountMinor !== null ? (
                <Money
                  amountMinor={row.amountMinor}
                  currency={row.currency}
                  className="shrink-0 text-ink-900"
                />
              ) : row.value ? (
                <span className="shrink-0 text-xs font-medium text-ink-700 tabular">{row.value}</span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {card.filters.length > 0 ? (
        <ul className="mt-2 flex flex-wrap gap-1" aria-label={t("card.filters")}>
          {card.filters.map((filter) => (
            <li key={filter.label} className="rounded-full bg-ink-100 px-2 py-0.5 text-xs text-ink-700">
              {filter.label}: {filter.value}
            </li>
          ))}
        </ul>
      ) : null}
      {card.link ? (
        <Link
          to={linkTarget(business.id, card.link)}
          onClick={onNavigate}
          className="mt-2 inline-flex items-center gap-1 text-sm font-medium text-brand-700 hover:underline"
        >
          {card.link.label}
          <ArrowUpRight className="size-3.5" aria-hidden />
        </Link>
      ) : null}
      {card.action ? <ActionControls action={card.action} onNavigate={onNavigate} /> : null}
    </section>
  );
}
