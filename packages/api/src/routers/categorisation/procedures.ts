import { businessProcedure } from "../../trpc";

/** Rules, the Review queue and categorisation runs are bookkeeping on transactions. */
export const readCategorisation = businessProcedure({ module: "transactions", access: "read" });
export const writeCategorisation = businessProcedure({ module: "transactions", access: "write" });
