import {
  ZCategoryRefSchema,
  ZCreateCategorySchema,
  ZListCategoriesSchema,
  ZMergeCategoriesSchema,
  ZUpdateCategorySchema,
} from "@kavi/domain";
import {
  createCategory,
  listCategories,
  mergeCategories,
  setCategoryArchived,
  updateCategory,
} from "../services/categories";
import { businessProcedure, createTRPCRouter } from "../trpc";

const readCategories = businessProcedure("categories.read");
const manageCategories = businessProcedure("categories.write");

export const categoriesRouter = createTRPCRouter({
  list: readCategories
    .input(ZListCategoriesSchema)
    .query(({ ctx, input }) => listCategories(ctx.db, ctx.business.id, input)),
  create: manageCategories
    .input(ZCreateCategorySchema)
    .mutation(({ ctx, input }) => createCategory(ctx, ctx.business.id, input)),
  update: manageCategories
    .input(ZUpdateCategorySchema)
    .mutation(({ ctx, input }) => updateCategory(ctx, ctx.business.id, input)),
  archive: manageCategories
    .input(ZCategoryRefSchema)
    .mutation(({ ctx, input }) => setCategoryArchived(ctx, ctx.business.id, input.categoryId, true)),
  restore: manageCategories
    .input(ZCategoryRefSchema)
    .mutation(({ ctx, input }) => setCategoryArchived(ctx, ctx.business.id, input.categoryId, false)),
  merge: manageCategories
    .input(ZMergeCategoriesSchema)
    .mutation(({ ctx, input }) =>
      mergeCategories(ctx, ctx.business.id, input.sourceCategoryId, input.targetCategoryId),
    ),
});
