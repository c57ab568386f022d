import { dateInZone } from "@kavi/domain";

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
