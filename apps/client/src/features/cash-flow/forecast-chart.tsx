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
      aria-label={`Cash balance over the last ${history.length} days and expected over the next ${forecast.length} days, with a 10 to 90 percent band`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={rows} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
          <CartesianGrid vertical={false} stroke="#eef1f0" />
          <XAxis
            dataKey="day"
            tickFormatter={(day: string) => dayLabel(day)}
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
                  <p className="mb-1 font-medium text-ink-900">{dayLabel(String(label))}</p>
                  {entry.kind === "history" ? (
                    <p className="text-ink-700">
                      Balance:{" "}
                      <span className="tabular font-medium">
                        {moneyText(entry.point.balanceMinor, currency)}
                      </span>
                    </p>
                  ) : (
                    <>
                      <p className="text-ink-700">
                        Expected:{" "}
                        <span className="tabular font-medium">
                          {moneyText(entry.point.balanceMinor, currency)}
                        </span>
                      </p>
                      <p className="text-ink-500">
                        Likely between {moneyText((entry.point as BalanceForecastPoint).lowMinor, currency)}{" "}
                        and {moneyText((entry.point as BalanceForecastPoint).highMinor, currency)}
                      </p>
                      {changed ? (
                        <p className="text-ink-700">
                          What-if:{" "}
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
            name="Likely range (10–90 %)"
            stroke="none"
            fill={BAND}
            fillOpacity={0.14}
            isAnimationActive={false}
            connectNulls={false}
          />
          <Line
            dataKey="history"
            name="Balance"
            stroke={HISTORY}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
          <Line
            dataKey="forecast"
            name="Expected"
            stroke={FORECAST}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
          {compareTo ? (
            <Line
              dataKey="scenario"
              name="What-if"
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
              label={{ value: "Alert", position: "insideTopLeft", fontSize: 11, fill: THRESHOLD }}
            />
          ) : null}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
