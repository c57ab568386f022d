import {
  ZBudgetRefSchema,
  ZCopyBudgetsSchema,
  ZCreateBudgetSchema,
  ZListBudgetsSchema,
  ZUpdateBudgetSchema,
} from "@kavi/domain";
import {
  copyBudgets,
  createBudget,
  deleteBudget,
  listBudgets,
  updateBudget,
} from "../services/budgets/budgets";
import { businessProcedure, createTRPCRouter } from "../trpc";

const readBudgets = businessProcedure("budgets.read");
const writeBudgets = businessProcedure("budgets.write");

export const budgetsRouter = createTRPCRouter({
  list: readBudgets
    .input(ZListBudgetsSchema)
    .query(({ ctx, input }) => listBudgets(ctx.db, ctx.business, input.month, ctx.now())),
  create: writeBudgets
    .input(ZCreateBudgetSchema)
    .mutation(({ ctx, input }) => createBudget(ctx, ctx.business, input)),
  update: writeBudgets
    .input(ZUpdateBudgetSchema)
    .mutation(({ ctx, input }) => updateBudget(ctx, ctx.business, input.budgetId, input.amount)),
  delete: writeBudgets
    .input(ZBudgetRefSchema)
    .mutation(({ ctx, input }) => deleteBudget(ctx, ctx.business.id, input.budgetId)),
  copyMonth: writeBudgets
    .input(ZCopyBudgetsSchema)
    .mutation(({ ctx, input }) => copyBudgets(ctx, ctx.business, input.fromMonth, input.toMonth)),
});
