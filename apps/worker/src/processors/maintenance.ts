import { purgeExpiredAuthData } from "@kavi/api/services";
import type { QueueHandlers } from "@kavi/jobs";
import type { WorkerContext } from "../context";

export function maintenanceHandlers(ctx: WorkerContext): QueueHandlers<"maintenance"> {
  return {
    "maintenance.purge-expired-auth": async () => {
      const purged = await purgeExpiredAuthData(ctx.db, ctx.now());
      ctx.logger.info(purged, "purged expired auth data");
      return purged;
    },
  };
}
