import { ZLanguageSchema, ZListTransactionsSchema } from "@kavi/domain";
import { exportTransactionsCsv } from "../../services/transactions/export";
import { languageOfUser } from "../../services/user-language";
import { readTransactions } from "./procedures";

/** One page (up to 5,000 rows) of the filtered list as CSV; call again with nextCursor for the rest. */
export const exportCsv = readTransactions
  .input(ZListTransactionsSchema.omit({ limit: true }).extend({ language: ZLanguageSchema.optional() }))
  .query(async ({ ctx, input: { language, ...filters } }) =>
    exportTransactionsCsv(
      ctx.db,
      ctx.business,
      filters,
      ctx.now(),
      language ?? (await languageOfUser(ctx.db, ctx.user.id)),
    ),
  );
