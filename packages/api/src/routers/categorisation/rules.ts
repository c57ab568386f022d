import { ZCreateCategoryRuleSchema, ZIdSchema, ZUpdateCategoryRuleSchema } from "@kavi/domain";
import { z } from "zod";
import { createRule, deleteRule, listRules, updateRule } from "../../services/categorisation/rules";
import { createTRPCRouter } from "../../trpc";
import { readCategorisation, writeCategorisation } from "./procedures";

export const rulesRouter = createTRPCRouter({
  list: readCategorisation.query(({ ctx }) => listRules(ctx.db, ctx.business)),
  create: writeCategorisation
    .input(ZCreateCategoryRuleSchema)
    .mutation(({ ctx, input }) => createRule(ctx, ctx.business, input)),
  update: writeCategorisation
    .input(ZUpdateCategoryRuleSchema)
    .mutation(({ ctx, input }) => updateRule(ctx, ctx.business, input)),
  delete: writeCategorisation
    .input(z.object({ ruleId: ZIdSchema }))
    .mutation(({ ctx, input }) => deleteRule(ctx, ctx.business.id, input.ruleId)),
});
