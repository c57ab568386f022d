import { z } from "zod";
import { defineJob } from "../define";

export const maintenanceJobs = {
  "maintenance.purge-expired-auth": defineJob({
    queue: "maintenance",
    schema: z.object({}),
    options: { attempts: 3 },
    description: "Delete ended sessions, used/expired tokens and old failed sign-in records",
  }),
};
