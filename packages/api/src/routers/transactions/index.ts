import { createTRPCRouter } from "../../trpc";
import { byCategory, byCounterparty, series, summary } from "./analytics";
import { attachmentsRouter } from "./attachments";
import { bulkCategorise } from "./bulk-categorise";
import { bulkDelete } from "./bulk-delete";
import { create } from "./create";
import { deleteOne } from "./delete";
import { exportCsv } from "./export-csv";
import { get } from "./get";
import { importRouter } from "./import";
import { list } from "./list";
import { update } from "./update";
import { voidOne } from "./void";

export const transactionsRouter = createTRPCRouter({
  list,
  get,
  create,
  update,
  void: voidOne,
  delete: deleteOne,
  bulkCategorise,
  bulkDelete,
  exportCsv,
  summary,
  series,
  byCategory,
  byCounterparty,
  import: importRouter,
  attachments: attachmentsRouter,
});
