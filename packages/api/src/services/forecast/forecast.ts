import { businesses, type DbOrTx, forecastSettings, forecasts, memberships, users } from "@kavi/db";
import {
  addDays,
  formatMoney,
  inField,
  LANGUAGE_LOCALES,
  type Language,
  localDateOf,
  parseMoney,
} from "@kavi/domain";
import {
  buildForecast,
  type ForecastEvent,
  type ForecastPoint,
  type ForecastResult,
  summariseForecast,
  type TForecastInput,
  type TForecastScenario,
  ZForecastInputSchema,
} from "@kavi/insights";
import { and, desc, eq, inArray, isNotNull, isNull, lt, lte, sql } from "drizzle-orm";
import { z } from "zod";
import { type RenderedEmail, renderLayout } from "../../email/layout";
import { ALERT_TEXT } from "../../email/templates/alerts";
import { AppError } from "../../errors";
import { diffChanges, recordActivity, SYSTEM_ACTOR } from "../activity";
import { businessesWithRecentBooks } from "../businesses-with-books";
import { queueEmail } from "../email-outbox";
import { recipientsWhoWant } from "../notification-preferences";
import { notify } from "../notifications";
import type { ServiceContext } from "../service-context";
import type { LedgerBusiness } from "../transactions/queries";
import { inTransaction } from "../unit-of-work";
import { inEveryLanguage, languagesOfUsers } from "../user-language";
import { gatherForecastInputs } from "./inputs";
import { wordForecast } from "./labels";

/** Stored forecasts older than this are deleted by the next run. */
const KEEP_DAYS = 400;

/** JSON with bigints as strings (how the inputs, points and events are stored). */
function toStored<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (_key, item) => (typeof item === "bigint" ? item.toString() : item)),
  );
}

const minor = z.coerce.bigint();
const ZStoredPointSchema = z.object({
  day: z.string(),
  inflowMinor: minor,
  outflowMinor: minor,
  balanceMinor: minor,
  lowMinor: minor,
  highMinor: minor,
});
const ZStoredEventSchema = z.object({
  day: z.string(),
  kind: z.enum(["invoice", "recurring_invoice", "recurring_expense", "budget"]),
  amountMinor: minor,
  probability: z.number(),
  label: z.string(),
  refId: z.string(),
  customerId: z.string().optional(),
});

async function loadBusiness(db: DbOrTx, businessId: string) {
  const [business] = await db
    .select({
      id: businesses.id,
      name: sql<string>`coalesce(${businesses.tradingName}, ${businesses.legalName})`,
      baseCurrency: businesses.baseCurrency,
      timezone: businesses.timezone,
    })
    .from(businesses)
    .where(eq(businesses.id, businessId));
  return business ?? null;
}

async function readThreshold(db: DbOrTx, businessId: string) {
  const [settings] = await db
    .select()
    .from(forecastSettings)
    .where(eq(forecastSettings.businessId, businessId));
  return settings ?? null;
}

/**
 * The view of a forecast that procedures, the assistant and the screens use: the daily points with their
 * band, the named flows, the recurring expenses found, what customers owe, and a summary in plain words (every
 * figure in it computed here).
 */
export interface ForecastView {
  asOf: string;
  computedAt: Date;
  modelVersion: string;
  currency: string;
  startBalanceMinor: bigint;
  points: ForecastPoint[];
  events: ForecastEvent[];
  recurringExpenses: {
    key: string;
    label: string;
    intervalDays: number;
    typicalMinor: bigint;
    lastDay: string;
  }[];
  openInvoices: {
    id: string;
    number: string | null;
    customerName: string;
    dueDate: string;
    outstandingMinor: bigint;
  }[];
  inputsSummary: ForecastResult["inputsSummary"];
  thresholdMinor: bigint | null;
  summary: ReturnType<typeof summariseForecast>;
  /** True when nothing was stored for today yet and this was computed for the request. */
  live: boolean;
}

function viewOf(
  unworded: ForecastResult,
  input: TForecastInput,
  thresholdMinor: bigint | null,
  meta: { computedAt: Date; live: boolean; language: Language },
): ForecastView {
  const result = wordForecast(unworded, input, meta.language);
  return {
    asOf: result.today,
    computedAt: meta.computedAt,
    modelVersion: result.modelVersion,
    currency: result.currency,
    startBalanceMinor: result.startBalanceMinor,
    points: result.points,
    events: result.events,
    recurringExpenses: result.recurringExpenses.map(
      ({ key, label, intervalDays, typicalMinor, lastDay }) => ({
        key,
        label,
        intervalDays,
        typicalMinor,
        lastDay,
      }),
    ),
    openInvoices: input.openInvoices
      .map((invoice) => ({
        id: invoice.id,
        number: invoice.number,
        customerName: invoice.customerName,
        dueDate: invoice.dueDate,
        outstandingMinor: invoice.outstandingMinor,
      }))
      .sort((a, b) =>
        b.outstandingMinor > a.outstandingMinor ? 1 : b.outstandingMinor < a.outstandingMinor ? -1 : 0,
      )
      .slice(0, 50),
    inputsSummary: result.inputsSummary,
    thresholdMinor,
    summary: summariseForecast(result, thresholdMinor),
    live: meta.live,
  };
}

/**
 * Computes a business's forecast from its books now, stores it as the forecast for its local today
 * (overwriting an earlier run the same day), removes forecasts older than KEEP_DAYS, and checks the
 * low-cash alert. What the nightly job and the on-demand refresh run.
 */
export async function refreshForecast(ctx: ServiceContext, businessId: string, now: Date = ctx.now()) {
  const business = await loadBusiness(ctx.db, businessId);
  if (!business) return null;
  const input = ZForecastInputSchema.parse(await gatherForecastInputs(ctx.db, business, now));
  const result = buildForecast(input);
  const lowest = result.points.reduce(
    (low, point) => (point.balanceMinor < low.balanceMinor ? point : low),
    result.points[0] as ForecastPoint,
  );
  const values = {
    businessId,
    asOf: result.today,
    modelVersion: result.modelVersion,
    currency: result.currency,
    startBalanceMinor: result.startBalanceMinor,
    inputs: toStored(input) as unknown as Record<string, unknown>,
    inputsSummary: toStored(result.inputsSummary) as unknown as Record<string, unknown>,
    points: toStored(result.points) as unknown as Record<string, unknown>[],
    events: toStored(result.events) as unknown as Record<string, unknown>[],
    lowestBalanceMinor: lowest.balanceMinor,
    lowestOn: lowest.day,
    computedAt: now,
  };
  await ctx.db
    .insert(forecasts)
    .values(values)
    .onConflictDoUpdate({ target: [forecasts.businessId, forecasts.asOf], set: values });
  await ctx.db
    .delete(forecasts)
    .where(and(eq(forecasts.businessId, businessId), lt(forecasts.asOf, addDays(result.today, -KEEP_DAYS))));
  const alert = await checkForecastAlert(ctx, business, result, now, input);
  return { asOf: result.today, lowestBalanceMinor: lowest.balanceMinor, lowestOn: lowest.day, alert };
}

/** The nightly run: one forecast job per business that has any completed transaction, ids naming the day. */
export async function refreshAllForecasts(ctx: ServiceContext, now: Date = ctx.now()): Promise<number> {
  const businessIds = await businessesWithRecentBooks(ctx.db, now);
  // The day in Nairobi (the nightly run is scheduled in it), not in UTC, so ids name the night it ran for.
  const day = localDateOf(now);
  for (const businessId of businessIds) {
    await ctx.jobs.enqueue(
      "forecast.refresh",
      { businessId },
      { jobId: `forecast-nightly-${businessId}-${day}` },
    );
  }
  return businessIds.length;
}

/**
 * The forecast for a business's today: the stored one when the job has run today, otherwise computed for
 * this request from the books (and not stored; the job stores it).
 */
export async function readForecast(
  db: DbOrTx,
  business: LedgerBusiness,
  now: Date,
  /** The reader's: the named flows (categories, recurring invoices, budgets) are worded in it. */
  language: Language = "en",
): Promise<ForecastView> {
  const today = localDateOf(now, business.timezone);
  const [[stored], settings] = await Promise.all([
    db
      .select()
      .from(forecasts)
      .where(and(eq(forecasts.businessId, business.id), eq(forecasts.asOf, today)))
      .limit(1),
    readThreshold(db, business.id),
  ]);
  const thresholdMinor = settings?.thresholdMinor ?? null;
  if (stored) {
    const input = ZForecastInputSchema.parse(stored.inputs);
    const points = z.array(ZStoredPointSchema).parse(stored.points);
    const events = z.array(ZStoredEventSchema).parse(stored.events);
    // The lists and summary are recomputed from the stored inputs without re-measuring the band (the
    // backtest is the costly part); the points, their band and the events are the stored ones.
    const storedBand = z
      .object({ band: z.object({ method: z.enum(["backtest", "scaled"]), origins: z.number() }) })
      .parse(stored.inputsSummary).band;
    const flat = new Array<number>(input.horizonDays).fill(0);
    const rebuilt = buildForecast(input, undefined, { band: { low: flat, high: flat, ...storedBand } });
    const result = {
      ...rebuilt,
      points,
      events,
      inputsSummary: { ...rebuilt.inputsSummary, band: storedBand },
    };
    return viewOf(result, input, thresholdMinor, { computedAt: stored.computedAt, live: false, language });
  }
  const input = ZForecastInputSchema.parse(await gatherForecastInputs(db, business, now));
  return viewOf(buildForecast(input), input, thresholdMinor, { computedAt: now, live: true, language });
}

/**
 * A what-if: the same inputs as today's forecast with some invoices paid late or not at all and some
 * recurring expenses moved. Computed on request, never stored; returns the changed forecast beside the
 * difference it makes to the lowest and final balances.
 */
export async function whatIfForecast(
  db: DbOrTx,
  business: LedgerBusiness,
  scenario: TForecastScenario,
  now: Date,
  language: Language = "en",
) {
  const today = localDateOf(now, business.timezone);
  const [[stored], settings] = await Promise.all([
    db
      .select({ inputs: forecasts.inputs })
      .from(forecasts)
      .where(and(eq(forecasts.businessId, business.id), eq(forecasts.asOf, today)))
      .limit(1),
    readThreshold(db, business.id),
  ]);
  const input = ZForecastInputSchema.parse(
    stored ? stored.inputs : await gatherForecastInputs(db, business, now),
  );
  const known = new Set(input.openInvoices.map((invoice) => invoice.id));
  for (const change of scenario.invoices) {
    if (!known.has(change.invoiceId)) throw new AppError("NOT_FOUND", "That invoice is not open");
  }
  const thresholdMinor = settings?.thresholdMinor ?? null;
  const base = buildForecast(input);
  const changed = buildForecast(input, scenario, { band: base.band });
  const view = viewOf(changed, input, thresholdMinor, { computedAt: now, live: true, language });
  const baseSummary = summariseForecast(base, thresholdMinor);
  return {
    ...view,
    difference: {
      endBalanceMinor: view.summary.endBalanceMinor - baseSummary.endBalanceMinor,
      lowestBalanceMinor: view.summary.lowest.balanceMinor - baseSummary.lowest.balanceMinor,
    },
  };
}

/**
 * Yesterday's (or an earlier day's) forecast beside what happened: for each day from its start up to
 * yesterday, the expected balance, the band and the actual balance.
 */
export async function compareForecast(db: DbOrTx, business: LedgerBusiness, daysAgo: number, now: Date) {
  const today = localDateOf(now, business.timezone);
  const asOf = addDays(today, -daysAgo);
  const [stored] = await db
    .select({
      asOf: forecasts.asOf,
      points: forecasts.points,
      startBalanceMinor: forecasts.startBalanceMinor,
    })
    .from(forecasts)
    .where(and(eq(forecasts.businessId, business.id), lte(forecasts.asOf, asOf)))
    .orderBy(desc(forecasts.asOf))
    .limit(1);
  if (!stored) return null;
  const points = z
    .array(ZStoredPointSchema)
    .parse(stored.points)
    .filter((point) => point.day < today);
  const actual = ZForecastInputSchema.parse(await gatherForecastInputs(db, business, now, 7));
  const net = new Map(actual.history.map((day) => [day.day, day.inflowMinor - day.outflowMinor]));
  let balance = stored.startBalanceMinor;
  let inside = 0;
  const days = points.map((point) => {
    balance += net.get(point.day) ?? 0n;
    const within = balance >= point.lowMinor && balance <= point.highMinor;
    if (within) inside += 1;
    return { ...point, actualBalanceMinor: balance, withinBand: within };
  });
  return { asOf: stored.asOf, days, withinBandShare: days.length > 0 ? inside / days.length : null };
}

/** Sets (or clears, with null) the balance below which the owner is alerted. */
export async function setForecastThreshold(
  ctx: ServiceContext,
  business: LedgerBusiness & { id: string },
  amount: string | null,
) {
  let thresholdMinor: bigint | null = null;
  if (amount !== null) {
    thresholdMinor = inField("amount", () => parseMoney(amount, business.baseCurrency));
    if (thresholdMinor < 0n) {
      throw new AppError("BAD_REQUEST", "The threshold cannot be negative", {
        fieldErrors: { amount: ["The threshold cannot be negative"] },
      });
    }
  }
  await inTransaction(ctx, async (tx, afterCommit) => {
    const before = await readThreshold(tx, business.id);
    await tx
      .insert(forecastSettings)
      .values({
        businessId: business.id,
        thresholdMinor,
        alertEpisodeStartedAt: null,
        alertedCrossingOn: null,
      })
      .onConflictDoUpdate({
        target: forecastSettings.businessId,
        // A new threshold starts a new episode: the next forecast below it alerts again.
        set: { thresholdMinor, alertEpisodeStartedAt: null, alertedCrossingOn: null, updatedAt: sql`now()` },
      });
    await recordActivity(tx, ctx.actor, {
      action: "forecast.threshold_set",
      entityType: "business",
      entityId: business.id,
      changes: diffChanges({ thresholdMinor: before?.thresholdMinor ?? null }, { thresholdMinor }),
    });
    afterCommit.enqueue(
      "forecast.refresh",
      { businessId: business.id },
      { jobId: `forecast-threshold-${business.id}-${Date.now()}` },
    );
  });
  return { thresholdMinor };
}

export interface ForecastAlertResult {
  state: "none" | "sent" | "ongoing" | "cleared";
  crossingOn?: string;
}

/**
 * The low-cash alert, once per episode: when a forecast first goes below the owner's threshold, owners and
 * admins get a notification and an email; later forecasts that still cross do nothing; one that no longer
 * crosses ends the episode, so a later dip alerts again. The claim is a conditional update, so two runs at
 * once cannot both send.
 */
export async function checkForecastAlert(
  ctx: ServiceContext,
  business: { id: string; name: string; baseCurrency: string },
  result: ForecastResult,
  now: Date,
  /** The inputs the result came from: the payments named in the alert are worded per reader from them. */
  input?: TForecastInput,
): Promise<ForecastAlertResult> {
  const settings = await readThreshold(ctx.db, business.id);
  if (!settings?.thresholdMinor && settings?.thresholdMinor !== 0n) return { state: "none" };
  const threshold = settings.thresholdMinor;
  const summary = summariseForecast(result, threshold);
  const crossing = summary.belowThreshold;
  if (!crossing) {
    if (!settings.alertEpisodeStartedAt) return { state: "none" };
    await ctx.db
      .update(forecastSettings)
      .set({ alertEpisodeStartedAt: null, alertedCrossingOn: null })
      .where(
        and(eq(forecastSettings.businessId, business.id), isNotNull(forecastSettings.alertEpisodeStartedAt)),
      );
    return { state: "cleared" };
  }
  if (settings.alertEpisodeStartedAt) return { state: "ongoing", crossingOn: crossing.day };
  const recipients = await ctx.db
    .select({ userId: users.id, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.businessId, business.id), inArray(memberships.role, ["owner", "admin"])));
  const sent = await inTransaction(ctx, async (tx, afterCommit) => {
    const claim = await tx
      .update(forecastSettings)
      .set({ alertEpisodeStartedAt: now, alertedCrossingOn: crossing.day })
      .where(
        and(eq(forecastSettings.businessId, business.id), isNull(forecastSettings.alertEpisodeStartedAt)),
      )
      .returning({ businessId: forecastSettings.businessId });
    if (claim.length === 0) return false;
    const currency = business.baseCurrency as Parameters<typeof formatMoney>[1];
    const title = inEveryLanguage((language) =>
      ALERT_TEXT[language].lowCash.title(
        formatMoney(threshold, currency, { compact: true, locale: LANGUAGE_LOCALES[language] }),
      ),
    );
    // The forecast's summary is written in every language, its named payments worded for each reader; the
    // alert's first line says the dip in it.
    const summaryIn = (language: Language) =>
      input ? summariseForecast(wordForecast(result, input, language), threshold) : summary;
    const dip = (language: Language) =>
      ALERT_TEXT[language].lowCash.dip({
        day: new Intl.DateTimeFormat(LANGUAGE_LOCALES[language], {
          day: "numeric",
          month: "long",
          timeZone: "UTC",
        }).format(new Date(`${crossing.day}T00:00:00Z`)),
        balance: formatMoney(crossing.balanceMinor, currency, {
          compact: true,
          locale: LANGUAGE_LOCALES[language],
        }),
        drivers: summaryIn(language).belowThreshold?.drivers ?? crossing.drivers,
      });
    const body = inEveryLanguage(
      (language) => summaryIn(language).sentencesByLanguage[language][0] ?? dip(language),
    );
    const link = `/b/${business.id}/cash-flow`;
    await notify(tx, {
      userIds: recipients.map((recipient) => recipient.userId),
      businessId: business.id,
      kind: "forecast.low_cash",
      title,
      body,
      link,
      data: { crossingOn: crossing.day, thresholdMinor: threshold.toString() },
    });
    const render = (language: Language): RenderedEmail => {
      const words = ALERT_TEXT[language].lowCash;
      return {
        ...renderLayout({
          preheader: body[language],
          heading: title[language],
          paragraphs: [
            `${business.name}: ${body[language]}`,
            ...summary.sentencesByLanguage[language].slice(1),
            words.caution,
          ],
          action: { label: words.action, url: `${ctx.config.appUrl}${link}` },
          footnote: words.footnote,
          language,
        }),
        subject: `${title[language]} — ${business.name}`,
      };
    };
    const emailed = new Set(
      await recipientsWhoWant(
        tx,
        recipients.map((recipient) => recipient.userId),
        "email",
        "forecast-low-cash",
      ),
    );
    const readers = recipients.filter((candidate) => emailed.has(candidate.userId));
    const languages = await languagesOfUsers(
      tx,
      readers.map((reader) => reader.userId),
    );
    for (const recipient of readers) {
      await queueEmail(tx, afterCommit, {
        template: "forecast-low-cash",
        to: recipient.email,
        businessId: business.id,
        email: render(languages.get(recipient.userId) ?? "en"),
      });
    }
    await recordActivity(
      tx,
      { ...SYSTEM_ACTOR, businessId: business.id },
      {
        action: "forecast.low_cash_alert",
        entityType: "business",
        entityId: business.id,
        metadata: { crossingOn: crossing.day, thresholdMinor: threshold.toString() },
      },
    );
    return true;
  });
  if (sent) ctx.logger.info({ businessId: business.id, crossingOn: crossing.day }, "low-cash alert sent");
  return sent ? { state: "sent", crossingOn: crossing.day } : { state: "ongoing", crossingOn: crossing.day };
}

/** Forecast refreshes for a business are gathered into windows of this length. */
export const FORECAST_REFRESH_WINDOW_MS = 5 * 60_000;

/**
 * Asks for a forecast refresh after a change (an import, a payment): every change in one five-minute window
 * shares one job (its id names the window), run just after the window closes.
 */
export function scheduleForecastRefresh(
  afterCommit: {
    enqueue: (
      name: "forecast.refresh",
      payload: { businessId: string },
      options?: { jobId?: string; delayMs?: number },
    ) => void;
  },
  businessId: string,
  nowMs = Date.now(),
): void {
  const windowEnd =
    Math.floor(nowMs / FORECAST_REFRESH_WINDOW_MS) * FORECAST_REFRESH_WINDOW_MS + FORECAST_REFRESH_WINDOW_MS;
  afterCommit.enqueue(
    "forecast.refresh",
    { businessId },
    { jobId: `forecast-refresh-${businessId}-${windowEnd}`, delayMs: windowEnd - nowMs + 1_000 },
  );
}
