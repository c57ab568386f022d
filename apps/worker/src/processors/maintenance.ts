import { hasRatesFor, ingestExchangeRates, purgeExpiredAuthData } from "@kavi/api/services";
import { dateInZone } from "@kavi/domain";
import type { QueueHandlers } from "@kavi/jobs";
import type { WorkerContext } from "../context";

export function maintenanceHandlers(ctx: WorkerContext): QueueHandlers<"maintenance"> {
  return {
    "maintenance.purge-expired-auth": async () => {
      const purged = await purgeExpiredAuthData(ctx.db, ctx.now());
      ctx.logger.info(purged, "purged expired auth data");
      return purged;
    },
    "maintenance.fetch-exchange-rates": async (payload) => {
      if (!ctx.fx) throw new Error("No exchange-rate provider configured (FX_BASE_URL)");
      if (!payload.force && (await hasRatesFor(ctx.db, dateInZone(ctx.now()))))
        return { skipped: "already stored" };
      const result = await ingestExchangeRates(ctx, ctx.fx);
      ctx.logger.info(result, "exchange rates fetched");
      return result;
    },
  };
}
