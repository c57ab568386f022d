import {
  ZCreateSupplierSchema,
  ZListContactsSchema,
  ZSupplierRefSchema,
  ZSupplierSpendSchema,
  ZUpdateSupplierSchema,
} from "@kavi/domain";
import {
  createSupplier,
  deleteSupplier,
  getSupplier,
  listSuppliers,
  setSupplierArchived,
  supplierSpend,
  updateSupplier,
} from "../services/suppliers";
import { businessProcedure, createTRPCRouter } from "../trpc";

const readSuppliers = businessProcedure("suppliers.read");
const writeSuppliers = businessProcedure("suppliers.write");

export const suppliersRouter = createTRPCRouter({
  list: readSuppliers
    .input(ZListContactsSchema)
    .query(({ ctx, input }) => listSuppliers(ctx.db, ctx.business.id, input)),
  get: readSuppliers
    .input(ZSupplierRefSchema)
    .query(({ ctx, input }) => getSupplier(ctx.db, ctx.business.id, input.supplierId)),
  spend: readSuppliers
    .input(ZSupplierSpendSchema)
    .query(({ ctx, input }) =>
      supplierSpend(ctx.db, ctx.business, input.supplierId, input.months, ctx.now()),
    ),
  create: writeSuppliers
    .input(ZCreateSupplierSchema)
    .mutation(({ ctx, input }) => createSupplier(ctx, ctx.business.id, input)),
  update: writeSuppliers
    .input(ZUpdateSupplierSchema)
    .mutation(({ ctx, input }) => updateSupplier(ctx, ctx.business.id, input)),
  archive: writeSuppliers
    .input(ZSupplierRefSchema)
    .mutation(({ ctx, input }) => setSupplierArchived(ctx, ctx.business.id, input.supplierId, true)),
  restore: writeSuppliers
    .input(ZSupplierRefSchema)
    .mutation(({ ctx, input }) => setSupplierArchived(ctx, ctx.business.id, input.supplierId, false)),
  delete: writeSuppliers
    .input(ZSupplierRefSchema)
    .mutation(({ ctx, input }) => deleteSupplier(ctx, ctx.business.id, input.supplierId)),
});
