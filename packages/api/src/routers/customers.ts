import {
  ZCreateCustomerSchema,
  ZCustomerRefSchema,
  ZListContactsSchema,
  ZStatementSchema,
  ZUpdateCustomerSchema,
} from "@kavi/domain";
import {
  createCustomer,
  customerStatement,
  deleteCustomer,
  getCustomer,
  listCustomers,
  setCustomerArchived,
  updateCustomer,
} from "../services/customers";
import { businessProcedure, createTRPCRouter } from "../trpc";

const readCustomers = businessProcedure("customers.read");
const writeCustomers = businessProcedure("customers.write");

export const customersRouter = createTRPCRouter({
  list: readCustomers
    .input(ZListContactsSchema)
    .query(({ ctx, input }) => listCustomers(ctx.db, ctx.business.id, input)),
  get: readCustomers
    .input(ZCustomerRefSchema)
    .query(({ ctx, input }) => getCustomer(ctx.db, ctx.business.id, input.customerId)),
  statement: readCustomers
    .input(ZStatementSchema)
    .query(({ ctx, input }) => customerStatement(ctx.db, ctx.business, input, ctx.now())),
  create: writeCustomers
    .input(ZCreateCustomerSchema)
    .mutation(({ ctx, input }) => createCustomer(ctx, ctx.business.id, input)),
  update: writeCustomers
    .input(ZUpdateCustomerSchema)
    .mutation(({ ctx, input }) => updateCustomer(ctx, ctx.business.id, input)),
  archive: writeCustomers
    .input(ZCustomerRefSchema)
    .mutation(({ ctx, input }) => setCustomerArchived(ctx, ctx.business.id, input.customerId, true)),
  restore: writeCustomers
    .input(ZCustomerRefSchema)
    .mutation(({ ctx, input }) => setCustomerArchived(ctx, ctx.business.id, input.customerId, false)),
  delete: writeCustomers
    .input(ZCustomerRefSchema)
    .mutation(({ ctx, input }) => deleteCustomer(ctx, ctx.business.id, input.customerId)),
});
