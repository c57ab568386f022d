import { businessProcedure } from "../../trpc";

export const readTransactions = businessProcedure({ module: "transactions", access: "read" });
export const writeTransactions = businessProcedure({ module: "transactions", access: "write" });
/** Analytics are reports: staff need the reports module (viewers, owners and admins read everything). */
export const readReports = businessProcedure({ module: "reports", access: "read" });
