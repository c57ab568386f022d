import { businessProcedure } from "../../trpc";

/** Rules, the Review queue and categorisation runs are bookkeeping on transactions. */
export const readCategorisation = businessProcedure("transactions.read");
export const writeCategorisation = businessProcedure("transactions.write");
