import {
  ZImportCommitSchema,
  ZImportPreviewSchema,
  ZImportRefSchema,
  ZImportUploadSchema,
} from "@kavi/domain";
import {
  commitImport,
  listImports,
  previewImport,
  undoImport,
  uploadImport,
} from "../../services/transactions/import";
import { createTRPCRouter } from "../../trpc";
import { readTransactions, writeTransactions } from "./procedures";

/** CSV import: upload (in parts when large) → preview and map → commit (all or nothing) → undo if wrong. */
export const importRouter = createTRPCRouter({
  upload: writeTransactions
    .input(ZImportUploadSchema)
    .mutation(({ ctx, input }) => uploadImport(ctx, ctx.business, input)),
  preview: writeTransactions
    .input(ZImportPreviewSchema)
    .mutation(({ ctx, input }) => previewImport(ctx.db, ctx.business, input.importId, input.mapping ?? null)),
  commit: writeTransactions
    .input(ZImportCommitSchema)
    .mutation(({ ctx, input }) => commitImport(ctx, ctx.business, input)),
  undo: writeTransactions
    .input(ZImportRefSchema)
    .mutation(({ ctx, input }) => undoImport(ctx, ctx.business.id, input.importId)),
  list: readTransactions.query(({ ctx }) => listImports(ctx.db, ctx.business.id)),
});
