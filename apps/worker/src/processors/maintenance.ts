import { purgeExpiredAuthData } from "@kavi/api/services";
import type { QueueHandlers } from "@kavi/jobs";
import type { WorkerDeps } from "../deps";

export function maintenanceHandlers(deps: WorkerDeps): QueueHandlers<"maintenance"> {
  return {
    "maintenance.purge-expired-auth": async () => {
      const purged = await purgeExpiredAuthData(deps.db, new Date());
      deps.logger.info(purged, "purged expired auth data");
      return purged;
    },
  };
}
