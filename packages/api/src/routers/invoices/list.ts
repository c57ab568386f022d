import { ZListInvoicesSchema } from "@kavi/domain";
import { findCustomer } from "../../services/invoices/queries";
import { invoiceStats, listInvoices } from "../../services/invoices/views";
import { businessProcedure } from "../../trpc";

export const listInvoicesProcedure = businessProcedure("invoices.read")
  .input(ZListInvoicesSchema)
  .query(async ({ ctx, input }) => {
    const { cursor, limit, businessId: _scope, ...filters } = input;
    // A customer filter names an entity: another business's customer is "not found", not an empty list.
    if (filters.customerId)
      await findCustomer(ctx.db, ctx.business.id, filters.customerId, { field: "customerId" });
    return listInvoices(ctx.db, ctx.business, filters, { cursor, limit }, ctx.now());
  });

export const invoiceStatsProcedure = businessProcedure("invoices.read").query(({ ctx }) =>
  invoiceStats(ctx.db, ctx.business, ctx.now()),
);
