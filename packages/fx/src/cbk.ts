import { divideByPowerOfTen, normaliseRate } from "@kavi/domain";
import { z } from "zod";

/**
 * The Central Bank of Kenya's indicative rates, read from the wpDataTables endpoint behind
 * centralbank.go.ke/rates/forex-exchange-rates/ (CBK has no documented API; see docs/exchange-rates.md):
 * `POST {base}/wp-admin/admin-ajax.php?action=get_wdtable&table_id=193`, form body `draw=1&start=0&length=-1`,
 * answering `{"data":[["05/01/2024","US DOLLAR","157.9012"],…]}` as text/html. Rates stay decimal strings.
 */
export const CBK_SOURCE = "CBK";

/** CBK's labels → ISO code and orientation. `perKes`: the row is foreign units per 1 KES. */
const LABELS: Record<string, { code: string; perKes?: boolean; per?: number }> = {
  "US DOLLAR": { code: "USD" },
  "STG POUND": { code: "GBP" },
  EURO: { code: "EUR" },
  "SA RAND": { code: "ZAR" },
  "S. AFRICAN RAND": { code: "ZAR" },
  "AE DIRHAM": { code: "AED" },
  "CAN $": { code: "CAD" },
  "S FRANC": { code: "CHF" },
  "JPY (100)": { code: "JPY", per: 100 },
  "SW KRONER": { code: "SEK" },
  "NOR KRONER": { code: "NOK" },
  "DAN KRONER": { code: "DKK" },
  "IND RUPEE": { code: "INR" },
  "HONGKONG DOLLAR": { code: "HKD" },
  "SINGAPORE DOLLAR": { code: "SGD" },
  "SAUDI RIYAL": { code: "SAR" },
  "CHINESE YUAN": { code: "CNY" },
  "AUSTRALIAN $": { code: "AUD" },
  "KES / USHS": { code: "UGX", perKes: true },
  "KES / TSHS": { code: "TZS", perKes: true },
  "KES / RWF": { code: "RWF", perKes: true },
  "KEN SHILLING / RWF": { code: "RWF", perKes: true },
  "KES / BIF": { code: "BIF", perKes: true },
};

export interface FxObservation {
  source: string;
  kind: "indicative";
  /** YYYY-MM-DD, CBK's (Nairobi) date. */
  rateDate: string;
  /** 1 base = rate quote, as published (JPY per 100 divided down to per 1). */
  base: string;
  quote: string;
  rate: string;
  raw: unknown;
}

const ZCbkResponseSchema = z.object({
  data: z.array(z.array(z.union([z.string(), z.number(), z.null()]))),
});

const DATE = /^(\d{2})\/(\d{2})\/(\d{4})$/;
const DECIMAL = /^\d{1,14}(\.\d{1,10})?$/;

export class FxProviderError extends Error {
  override name = "FxProviderError";
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface CbkClientOptions {
  /** Where CBK (or the local fake) answers: https://www.centralbank.go.ke or http://127.0.0.1:8098. */
  baseUrl: string;
  tableId?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface CbkFetchResult {
  observations: FxObservation[];
  /** Rows skipped because a label, date or rate could not be read (never guessed). */
  skipped: number;
}

/** Reads every published row and maps it to ISO codes; unknown labels and unreadable rows are skipped and counted. */
export function parseCbkRows(body: unknown): CbkFetchResult {
  const parsed = ZCbkResponseSchema.safeParse(body);
  if (!parsed.success) throw new FxProviderError("CBK answered with an unexpected shape", true);
  const observations: FxObservation[] = [];
  let skipped = 0;
  for (const row of parsed.data.data) {
    const [dateText, labelText, rateText] = row.map((cell) => (cell == null ? "" : String(cell).trim()));
    const date = DATE.exec(dateText ?? "");
    const label = LABELS[(labelText ?? "").toUpperCase().replace(/\s+/g, " ")];
    if (!date || !label || !rateText || !DECIMAL.test(rateText) || /^0+(\.0+)?$/.test(rateText)) {
      skipped += 1;
      continue;
    }
    const [, day, month, year] = date;
    const rate = label.per ? divideByPowerOfTen(rateText, Math.log10(label.per)) : normaliseRate(rateText);
    observations.push({
      source: CBK_SOURCE,
      kind: "indicative",
      rateDate: `${year}-${month}-${day}`,
      base: label.perKes ? "KES" : label.code,
      quote: label.perKes ? label.code : "KES",
      rate,
      raw: row,
    });
  }
  return { observations, skipped };
}

export function createCbkClient(options: CbkClientOptions) {
  const doFetch = options.fetch ?? fetch;
  const url = new URL("/wp-admin/admin-ajax.php", options.baseUrl);
  url.searchParams.set("action", "get_wdtable");
  url.searchParams.set("table_id", String(options.tableId ?? 193));
  return {
    source: CBK_SOURCE,
    /** Every row CBK returns (the table is small: a few thousand rows a year); callers filter by date. */
    async fetchRates(signal?: AbortSignal): Promise<CbkFetchResult> {
      const timeout = AbortSignal.timeout(options.timeoutMs ?? 15_000);
      let response: Response;
      try {
        response = await doFetch(url, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
          body: "draw=1&start=0&length=-1",
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
      } catch (error) {
        throw new FxProviderError("CBK could not be reached", true, { cause: error });
      }
      if (!response.ok) {
        throw new FxProviderError(
          `CBK answered HTTP ${response.status}`,
          response.status >= 500 || response.status === 429,
        );
      }
      const text = await response.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch (error) {
        throw new FxProviderError("CBK answered with something that is not JSON", true, { cause: error });
      }
      return parseCbkRows(body);
    },
  };
}

export type CbkClient = ReturnType<typeof createCbkClient>;
