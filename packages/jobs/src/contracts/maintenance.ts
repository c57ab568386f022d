import { z } from "zod";
import { defineJob } from "../define";

export const maintenanceJobs = {
  "maintenance.purge-expired-auth": defineJob({
    queue: "maintenance",
    schema: z.object({}),
    options: { attempts: 3 },
    description: "Delete ended sessions, used/expired tokens and old failed sign-in records",
  }),
  "maintenance.fetch-exchange-rates": defineJob({
    queue: "maintenance",
    /** force: fetch even when today's rates are already stored (a manual refresh). */
    schema: z.object({ force: z.boolean().default(false) }),
    options: { attempts: 3 },
    description: "Fetch the provider's exchange rates, store them, and sound the alarm when they are stale",
  }),
};
