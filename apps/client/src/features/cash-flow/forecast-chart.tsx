import { useTranslation } from "react-i18next";
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { useLocale } from "../../i18n/use-locale";
import { chartNumber, dayLabel, moneyText, shortAmount } from "../transactions/ledger";

const HISTORY = "#0d1211";
const FORECAST = "#13846d";
const BAND = "#13846d";
const THRESHOLD = "#b91c1c";

export interface BalanceHistoryPoint {
  day: string;
  balanceMinor: bigint;
}

export interface BalanceForecastPoint {
  day: string;
  balanceMinor: bigint;
  lowMinor: bigint;
  highMinor: bigint;
}

/**
 * The balance as it was (a dark line) and as it is expected to be (a green line) on one time axis, with the
 * 10–90 % band shaded around the forecast and the owner's low-cash threshold as a red rule.
 */
export function BalanceForecastChart({
  history,
  forecast,
  currency,
  thresholdMinor,
  compareTo,
  height = 300,
}: {
  history: BalanceHistoryPoint[];
  forecast: BalanceForecastPoint[];
  currency: string;
  thresholdMinor: bigint | null;
  /** A what-if's balances, drawn dashed over the forecast. */
  compareTo?: BalanceForecastPoint[];
  height?: number;
}) {
  const { t } = useTranslation("cashFlow");
  const { locale } = useLocale();
  const scenario = new Map(compareTo?.map((point) => [point.day, point]));
  const rows = [
    ...history.map((point, index) => ({
      day: point.day,
      history: chartNumber(point.balanceMinor, currency),
      // The forecast line starts where history ends, so the two join.
      forecast: index === history.length - 1 ? chartNumber(point.balanceMinor, currency) : null,
      band: null as [number, number] | null,
      scenario: null as number | null,
    })),
    ...forecast.map((point) => {
      const changed = scenario.get(point.day);
      return {
        day: point.day,
        history: null,
        forecast: chartNumber(point.balanceMinor, currency),
        band: [chartNumber(point.lowMinor, currency), chartNumber(point.highMinor, currency)] as [
          number,
          number,
        ],
        scenario: changed ? chartNumber(changed.balanceMinor, currency) : null,
      };
    }),
  ];
  const byDay = new Map<
    string,
    { kind: "history" | "forecast"; point: BalanceHistoryPoint | BalanceForecastPoint }
  >([
    ...history.map((point) => [point.day, { kind: "history" as const, point }] as const),
    ...forecast.map((point) => [point.day, { kind: "forecast" as const, point }] as const),
  ]);
  return (
    <div
      style={{ height }}
      role="img"
      aria-label={t("chart.label", { past: history.length, count: forecast.length })}
    >
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={rows} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
          <CartesianGrid vertical={false} stroke="#eef1f0" />
          <XAxis
            dataKey="day"
            tickFormatter={(day: string) => dayLabel(day, locale)}
            tickLine={false}
            axisLine={false}
            fontSize={12}
            minTickGap={28}
          />
          <YAxis tickFormatter={shortAmount} tickLine={false} axisLine={false} fontSize={12} width={48} />
          <Tooltip
            content={({ active, label }) => {
              if (!active) return null;
              const entry = byDay.get(String(label));
              if (!entry) return null;
              const changed = scenario.get(String(label));
              return (
                <div className="rounded-md border border-ink-200 bg-surface px-3 py-2 text-[13px] shadow-pop">
                  <p className="mb-1 font-medium text-ink-900">{dayLabel(String(label), locale)}</p>
                  {entry.kind === "history" ? (
                    <p className="text-ink-700">
                      {t("chart.balance")}:{" "}
                      <span className="tabular font-medium">
                        {moneyText(entry.point.balanceMinor, currency)}
                      </span>
                    </p>
                  ) : (
                    <>
                      <p className="text-ink-700">
                        {t("chart.expected")}:{" "}
                        <span className="tabular font-medium">
                          {moneyText(entry.point.balanceMinor, currency)}
                        </span>
                      </p>
                      <p className="text-ink-500">
                        {t("chart.between", {
                          low: moneyText((entry.point as BalanceForecastPoint).lowMinor, currency),
                          high: moneyText((entry.point as BalanceForecastPoint).highMinor, currency),
                        })}
                      </p>
                      {changed ? (
                        <p className="text-ink-700">
                          {t("chart.whatIf")}:{" "}
                          <span className="tabular font-medium">
                            {moneyText(changed.balanceMinor, currency)}
                          </span>
                        </p>
                      ) : null}
                    </>
                  )}
                </div>
              );
            }}
          />
          <Legend iconType="plainline" iconSize={14} wrapperStyle={{ fontSize: 12 }} />
          <Area
            dataKey="band"
            name={t("chart.band")}
            stroke="none"
            fill={BAND}
            fillOpacity={0.14}
            isAnimationActive={false}
            connectNulls={false}
          />
          <Line
            dataKey="history"
            name={t("chart.balance")}
            stroke={HISTORY}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
          <Line
            dataKey="forecast"
            name={t("chart.expected")}
            stroke={FORECAST}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
          {compareTo ? (
            <Line
              dataKey="scenario"
              name={t("chart.whatIf")}
              stroke="#7c3aed"
              strokeDasharray="5 4"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          ) : null}
          {thresholdMinor !== null ? (
            <ReferenceLine
              y={chartNumber(thresholdMinor, currency)}
              stroke={THRESHOLD}
              strokeDasharray="4 4"
              label={{ value: t("chart.alert"), position: "insideTopLeft", fontSize: 11, fill: THRESHOLD }}
            />
          ) : null}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
