import type { Database } from "@kavi/db";
import { dateInZone } from "@kavi/domain";
import type { JobQueue } from "@kavi/jobs";
import type { Logger } from "../../logger";
import type { Actor } from "../activity";
import type { EmailQuotas } from "../email-quota";

/**
 * What invoice services need. Routers build it from the request context, the worker from its deps, so the
 * same service runs in both (and tests move `now` with the harness clock).
 */
export interface InvoiceServices {
  db: Database;
  jobs: JobQueue;
  logger: Logger;
  now: () => Date;
  /** Public origin of the SPA, for the customer's link (/i/<token>). */
  appUrl: string;
  /** Daily allowances of invoice and reminder emails per business. */
  emailQuotas: EmailQuotas;
}

export interface InvoiceServiceContext extends InvoiceServices {
  actor: Actor;
}

/** The business an invoice service acts in: ctx.business in a request, a loaded row in a job. */
export interface BusinessScope {
  id: string;
  legalName: string;
  tradingName: string | null;
  baseCurrency: string;
  timezone: string;
}

export function todayIn(scope: Pick<BusinessScope, "timezone">, now: Date): string {
  return dateInZone(now, scope.timezone);
}

export function businessDisplayName(scope: Pick<BusinessScope, "legalName" | "tradingName">): string {
  return scope.tradingName ?? scope.legalName;
}

export function publicInvoiceUrl(appUrl: string, token: string): string {
  return `${appUrl.replace(/\/$/, "")}/i/${token}`;
}

/** Builds invoice services from a tRPC request context. */
export function invoiceServicesFrom(ctx: {
  db: Database;
  jobs: JobQueue;
  logger: Logger;
  now: () => Date;
  config: { appUrl: string; emailQuotas: EmailQuotas };
  actor: Actor;
}): InvoiceServiceContext {
  return {
    db: ctx.db,
    jobs: ctx.jobs,
    logger: ctx.logger,
    now: ctx.now,
    appUrl: ctx.config.appUrl,
    emailQuotas: ctx.config.emailQuotas,
    actor: ctx.actor,
  };
}
