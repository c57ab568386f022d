import { ZReviewCategorySchema } from "@kavi/domain";
import { listReviewQueue, reviewCategory, ZReviewQueueSchema } from "../../services/categorisation/review";
import { createTRPCRouter } from "../../trpc";
import { readCategorisation, writeCategorisation } from "./procedures";

export const reviewRouter = createTRPCRouter({
  /** Uncategorised transactions with the model's suggestion and why. */
  list: readCategorisation
    .input(ZReviewQueueSchema)
    .query(({ ctx, input }) => listReviewQueue(ctx.db, ctx.business, input)),
  /** Accept the suggestion (no categoryId) or correct it; `ruleText` also makes a rule. */
  settle: writeCategorisation
    .input(ZReviewCategorySchema)
    .mutation(({ ctx, input }) => reviewCategory(ctx, ctx.business, input)),
});
