import { businessProcedure } from "../../trpc";

export const readTransactions = businessProcedure("transactions.read");
export const writeTransactions = businessProcedure("transactions.write");
/** Analytics are reports: staff need the reports module (viewers, owners and admins read everything). */
export const readReports = businessProcedure("reports.read");
