import { categoryDisplayName, type TTransactionFilters } from "@kavi/domain";
import type { TransactionBrief } from "@kavi/insights/assistant";
import { getCustomer } from "../../customers";
import { listTransactions, transactionTotals } from "../../transactions/queries";
import { defineTool, type ToolContext } from "./tool";

async function matching(ctx: ToolContext, filters: TTransactionFilters, limit: number) {
  const [totals, page] = await Promise.all([
    transactionTotals(ctx.db, ctx.business, filters),
    listTransactions(
      ctx.db,
      ctx.business,
      { ...filters, sort: "date_desc", limit },
      { checkReferences: false },
    ),
  ]);
  const items: TransactionBrief[] = page.items.map((item) => ({
    id: item.id,
    date: item.transactionDate.toISOString().slice(0, 10),
    description: item.description,
    type: item.type,
    amountMinor: item.baseAmountMinor,
    categoryName: item.categoryName
      ? categoryDisplayName({ name: item.categoryName, systemKey: item.categorySystemKey }, ctx.language)
      : null,
    counterparty: item.customerName ?? item.supplierName,
    paymentMethod: item.paymentMethod,
  }));
  return { currency: ctx.business.baseCurrency, count: totals.count, totalMinor: totals.totalMinor, items };
}

/** M-Pesa money in, as the ledger has it: the Transactions screen filtered to M-Pesa income. */
export const mpesaPayments = defineTool({
  name: "mpesa_payments",
  requirement: { module: ["payments", "transactions"], access: "read" },
  async run(ctx, input) {
    const customer = input.customerId ? await getCustomer(ctx.db, ctx.business.id, input.customerId) : null;
    const result = await matching(
      ctx,
      {
        from: input.from,
        to: input.to,
        types: ["income"],
        statuses: ["completed"],
        paymentMethods: ["mpesa"],
        ...(customer ? { customerId: customer.id } : {}),
      },
      10,
    );
    return {
      ...result,
      from: input.from,
      to: input.to,
      customer: customer ? { id: customer.id, name: customer.name } : null,
    };
  },
});

export const transactionSearch = defineTool({
  name: "transaction_search",
  requirement: "transactions.read",
  async run(ctx, input) {
    const filters: TTransactionFilters = {
      from: input.from ?? null,
      to: input.to ?? null,
      statuses: ["completed"],
      ...(input.type ? { types: [input.type] } : {}),
      ...(input.categoryId ? { categoryIds: [input.categoryId] } : {}),
      ...(input.customerId ? { customerId: input.customerId } : {}),
      ...(input.supplierId ? { supplierId: input.supplierId } : {}),
      ...(input.paymentMethod ? { paymentMethods: [input.paymentMethod] } : {}),
      ...(input.search ? { search: input.search } : {}),
      ...(input.minAmount ? { minAmount: input.minAmount } : {}),
    };
    return { ...(await matching(ctx, filters, input.limit)), from: input.from ?? null, to: input.to ?? null };
  },
});
