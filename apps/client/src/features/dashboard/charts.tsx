import { useTranslation } from "react-i18next";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ComposedChart,
  Legend,
  Line,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { chartNumber, moneyText, shortAmount } from "../transactions/ledger";

const INCOME = "#13846d";
const EXPENSE = "#d97706";
const BALANCE = "#0d1211";

export interface SeriesBar {
  label: string;
  incomeMinor: bigint;
  expenseMinor: bigint;
  balanceMinor?: bigint;
}

function MoneyTooltip({
  active,
  label,
  rows,
}: {
  active?: boolean;
  label?: string | number;
  rows: (label: string | number | undefined) => { name: string; color: string; text: string }[];
}) {
  if (!active) return null;
  return (
    <div className="rounded-md border border-ink-200 bg-surface px-3 py-2 text-[13px] shadow-pop">
      <p className="mb-1 font-medium text-ink-900">{label}</p>
      {rows(label).map((row) => (
        <p key={row.name} className="flex items-center gap-2 text-ink-700">
          <span className="inline-block size-2 rounded-full" style={{ background: row.color }} aria-hidden />
          {row.name}: <span className="tabular font-medium text-ink-900">{row.text}</span>
        </p>
      ))}
    </div>
  );
}

/** Money in vs money out per period (bars), with the running balance as a line when given. */
export function IncomeExpensesChart({
  points,
  currency,
  height = 260,
  showBalance = false,
  spendOnly = false,
}: {
  points: SeriesBar[];
  currency: string;
  height?: number;
  showBalance?: boolean;
  /** Only money out (a supplier's spend). */
  spendOnly?: boolean;
}) {
  const data = points.map((point) => ({
    label: point.label,
    income: chartNumber(point.incomeMinor, currency),
    expense: chartNumber(point.expenseMinor, currency),
    balance: point.balanceMinor === undefined ? null : chartNumber(point.balanceMinor, currency),
  }));
  const byLabel = new Map(points.map((point) => [point.label, point]));
  const { t } = useTranslation("dashboard");
  const Chart = showBalance ? ComposedChart : BarChart;
  return (
    <div style={{ height }} role="img" aria-label={t("chart.inAndOut")}>
      <ResponsiveContainer width="100%" height="100%">
        <Chart data={data} margin={{ top: 8, right: 4, left: 0, bottom: 0 }} barGap={2}>
          <CartesianGrid vertical={false} stroke="#eef1f0" />
          <XAxis
            dataKey="label"
            tickLine={false}
            axisLine={false}
            fontSize={12}
            interval="preserveStartEnd"
            minTickGap={8}
          />
          <YAxis tickFormatter={shortAmount} tickLine={false} axisLine={false} fontSize={12} width={44} />
          <Tooltip
            cursor={{ fill: "rgba(13,18,17,0.04)" }}
            content={({ active, label }) => (
              <MoneyTooltip
                active={active}
                label={label}
                rows={(key) => {
                  const point = byLabel.get(String(key));
                  if (!point) return [];
                  return [
                    ...(spendOnly
                      ? []
                      : [
                          {
                            name: t("kpi.moneyIn"),
                            color: INCOME,
                            text: moneyText(point.incomeMinor, currency),
                          },
                        ]),
                    {
                      name: t("kpi.moneyOut"),
                      color: EXPENSE,
                      text: moneyText(point.expenseMinor, currency),
                    },
                    ...(point.balanceMinor !== undefined
                      ? [
                          {
                            name: t("chart.balance"),
                            color: BALANCE,
                            text: moneyText(point.balanceMinor, currency),
                          },
                        ]
                      : []),
                  ];
                }}
              />
            )}
          />
          {spendOnly ? null : <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12 }} />}
          {spendOnly ? null : (
            <Bar
              dataKey="income"
              name={t("kpi.moneyIn")}
              fill={INCOME}
              radius={[3, 3, 0, 0]}
              maxBarSize={28}
            />
          )}
          <Bar
            dataKey="expense"
            name={t("kpi.moneyOut")}
            fill={EXPENSE}
            radius={[3, 3, 0, 0]}
            maxBarSize={28}
          />
          {showBalance ? (
            <Line
              dataKey="balance"
              name={t("chart.balance")}
              stroke={BALANCE}
              strokeWidth={2}
              dot={false}
              type="monotone"
            />
          ) : null}
        </Chart>
      </ResponsiveContainer>
    </div>
  );
}

export interface Slice {
  key: string;
  name: string;
  color: string | null;
  amountMinor: bigint;
}

const FALLBACK_COLORS = [
  "#13846d",
  "#d97706",
  "#2563eb",
  "#7c3aed",
  "#db2777",
  "#0891b2",
  "#65a30d",
  "#475569",
];

/** Spend by category as a donut with a readable legend (the legend carries the exact amounts). */
export function CategoryDonut({ slices, currency }: { slices: Slice[]; currency: string }) {
  const total = slices.reduce((sum, slice) => sum + slice.amountMinor, 0n);
  const { t } = useTranslation("dashboard");
  const data = slices.map((slice, index) => ({
    name: slice.name,
    value: chartNumber(slice.amountMinor, currency),
    color: slice.color ?? FALLBACK_COLORS[index % FALLBACK_COLORS.length],
  }));
  return (
    <div className="@container">
      <div className="grid items-center gap-4 @lg:grid-cols-[180px_1fr]">
        <div className="mx-auto size-44" role="img" aria-label={t("spendByCategory")}>
          <ResponsiveContainer width="100%" height="100%">
            <PieChart>
              <Pie
                data={data}
                dataKey="value"
                nameKey="name"
                innerRadius="62%"
                outerRadius="100%"
                paddingAngle={1}
                stroke="none"
              >
                {data.map((entry) => (
                  <Cell key={entry.name} fill={entry.color} />
                ))}
              </Pie>
            </PieChart>
          </ResponsiveContainer>
        </div>
        <ul className="flex flex-col gap-2">
          {slices.map((slice, index) => {
            const share = total > 0n ? Number((slice.amountMinor * 1000n) / total) / 10 : 0;
            return (
              <li key={slice.key} className="flex items-center gap-2 text-sm">
                <span
                  className="inline-block size-2.5 shrink-0 rounded-full"
                  style={{ background: slice.color ?? FALLBACK_COLORS[index % FALLBACK_COLORS.length] }}
                  aria-hidden
                />
                <span className="min-w-0 flex-1 truncate text-ink-700">{slice.name}</span>
                <span className="tabular w-9 text-right text-ink-500">{share.toFixed(0)}%</span>
                <span className="tabular text-right font-medium whitespace-nowrap text-ink-900">
                  {moneyText(slice.amountMinor, currency)}
                </span>
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
