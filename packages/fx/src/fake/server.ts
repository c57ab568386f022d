import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { addDays, dateInZone } from "@kavi/domain";
import { z } from "zod";

/**
 * A local Central Bank of Kenya rates table speaking the wpDataTables wire shape the real client reads:
 * `POST /wp-admin/admin-ajax.php?action=get_wdtable&table_id=193` → `{"draw":1,"recordsTotal":"…","data":[["dd/mm/yyyy","US DOLLAR","129.5012"],…]}`
 * served as text/html like the real one. Seeded with 120 days of weekday rates ending today (Nairobi), including
 * the orientation traps (`KES / USHS` is shillings per KES, `JPY (100)` is KES per 100 yen).
 *
 * Control: `POST /__fake/faults` `{"faults":[{"kind":"error","status":503},{"kind":"malformed"},{"kind":"html"}]}`
 * queues faults for the next requests (one each); `POST /__fake/missing-days` `{"dates":["2026-12-01"]}` removes
 * days from the table (a provider that skipped publishing); `GET /__fake/requests` counts what was asked;
 * `POST /__fake/reset` restores the seed and clears faults.
 */
export const FAKE_FX_FAULT_KINDS = ["error", "malformed", "html"] as const;

export const ZFakeFxFaultSchema = z.object({
  kind: z.enum(FAKE_FX_FAULT_KINDS),
  status: z.number().int().min(400).max(599).default(503),
});
export type TFakeFxFault = z.input<typeof ZFakeFxFaultSchema>;

const ZFaultsBodySchema = z.object({ faults: z.array(ZFakeFxFaultSchema).max(100) });
const ZMissingDaysBodySchema = z.object({
  dates: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).max(1000),
});

/** label, base value in ten-thousandths, daily wiggle in ten-thousandths. */
const SERIES: [string, number, number][] = [
  ["US DOLLAR", 1_292_500, 6_000],
  ["STG POUND", 1_638_200, 9_000],
  ["EURO", 1_401_100, 8_000],
  ["SA RAND", 71_500, 400],
  ["AE DIRHAM", 351_900, 1_600],
  ["CHINESE YUAN", 178_600, 900],
  ["IND RUPEE", 15_300, 90],
  ["JPY (100)", 864_900, 5_000],
  ["KES / USHS", 285_400, 1_200],
  ["KES / TSHS", 197_800, 1_000],
  ["KES / RWF", 109_300, 500],
];

export const FAKE_FX_SEED_DAYS = 120;

function decimal4(tenThousandths: number): string {
  const whole = Math.trunc(tenThousandths / 10_000);
  const fraction = String(tenThousandths % 10_000).padStart(4, "0");
  return `${whole}.${fraction}`;
}

function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

/** The seeded value of a series on a date: deterministic, so tests can name it. */
export function fakeFxRate(label: string, date: string): string {
  const series = SERIES.find(([name]) => name === label);
  if (!series) throw new Error(`No fake series ${label}`);
  const [, base, wiggle] = series;
  const day = dayNumber(date);
  const offset = ((day * 7_919 + label.length * 104_729) % (2 * wiggle)) - wiggle;
  return decimal4(base + offset);
}

function isWeekday(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

export interface FakeFx {
  url: string;
  port: number;
  injectFaults(faults: TFakeFxFault[]): void;
  removeDays(dates: string[]): void;
  requests(): number;
  reset(): void;
  close(): Promise<void>;
}

export interface FakeFxOptions {
  port?: number;
  host?: string;
  /** The fake's "today" (YYYY-MM-DD, Nairobi); tests pass their clock. */
  today?: () => string;
  log?: (message: string) => void;
}

function send(response: ServerResponse, status: number, body: string, type = "text/html; charset=UTF-8") {
  response.writeHead(status, { "content-type": type });
  response.end(body);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 1_000_000) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function startFakeFx(options: FakeFxOptions = {}): Promise<FakeFx> {
  const today = options.today ?? (() => dateInZone(new Date()));
  const log = options.log ?? (() => {});
  let faults: z.output<typeof ZFakeFxFaultSchema>[] = [];
  let missing = new Set<string>();
  let requestCount = 0;

  function rows(): string[][] {
    const last = today();
    const result: string[][] = [];
    for (let back = 0; back < FAKE_FX_SEED_DAYS; back += 1) {
      const date = addDays(last, -back);
      if (!isWeekday(date) || missing.has(date)) continue;
      const [year, month, day] = date.split("-");
      for (const [label] of SERIES) result.push([`${day}/${month}/${year}`, label, fakeFxRate(label, date)]);
    }
    return result;
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", "http://fake");
    if (request.method === "POST" && url.pathname === "/wp-admin/admin-ajax.php") {
      requestCount += 1;
      await readBody(request);
      if (url.searchParams.get("action") !== "get_wdtable") return send(response, 400, "0");
      const fault = faults.shift();
      if (fault?.kind === "error")
        return send(response, fault.status, "<html><body>Service unavailable</body></html>");
      if (fault?.kind === "html")
        return send(response, 200, "<html><body>Access denied (Sucuri WAF)</body></html>");
      if (fault?.kind === "malformed") {
        return send(
          response,
          200,
          JSON.stringify({ draw: 1, data: [["32/13/2026", "US DOLLAR", "abc"], ["oops"]] }),
        );
      }
      const data = rows();
      return send(
        response,
        200,
        JSON.stringify({
          draw: 1,
          recordsTotal: String(data.length),
          recordsFiltered: String(data.length),
          data,
        }),
      );
    }
    if (request.method === "POST" && url.pathname === "/__fake/faults") {
      const parsed = ZFaultsBodySchema.safeParse(JSON.parse((await readBody(request)) || "{}"));
      if (!parsed.success)
        return send(response, 422, JSON.stringify({ error: parsed.error.message }), "application/json");
      faults.push(...parsed.data.faults);
      return send(response, 204, "");
    }
    if (request.method === "POST" && url.pathname === "/__fake/missing-days") {
      const parsed = ZMissingDaysBodySchema.safeParse(JSON.parse((await readBody(request)) || "{}"));
      if (!parsed.success)
        return send(response, 422, JSON.stringify({ error: parsed.error.message }), "application/json");
      for (const date of parsed.data.dates) missing.add(date);
      return send(response, 204, "");
    }
    if (request.method === "POST" && url.pathname === "/__fake/reset") {
      faults = [];
      missing = new Set();
      requestCount = 0;
      return send(response, 204, "");
    }
    if (request.method === "GET" && url.pathname === "/__fake/requests") {
      return send(
        response,
        200,
        JSON.stringify({ requests: requestCount, faults: faults.length }),
        "application/json",
      );
    }
    return send(response, 404, "not found");
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log(`error: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) send(response, 400, "bad request");
    });
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}`,
    port,
    injectFaults: (list) => faults.push(...list.map((fault) => ZFakeFxFaultSchema.parse(fault))),
    removeDays: (dates) => {
      for (const date of dates) missing.add(date);
    },
    requests: () => requestCount,
    reset: () => {
      faults = [];
      missing = new Set();
      requestCount = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
