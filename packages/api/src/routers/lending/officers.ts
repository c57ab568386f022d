import { ZAddLendingOfficerSchema, ZIdSchema } from "@kavi/domain";
import { z } from "zod";
import {
  addLendingOfficer,
  listLendingOfficers,
  removeLendingOfficer,
} from "../../services/lending/officers";
import { createTRPCRouter, superAdminProcedure } from "../../trpc";

/** Who works the lending desk: super-admins only (officers and everyone else get NOT_FOUND). */
export const lendingOfficersRouter = createTRPCRouter({
  list: superAdminProcedure.query(({ ctx }) => listLendingOfficers(ctx.db)),
  add: superAdminProcedure
    .input(ZAddLendingOfficerSchema)
    .mutation(({ ctx, input }) => addLendingOfficer(ctx, input.email)),
  remove: superAdminProcedure
    .input(z.object({ userId: ZIdSchema }))
    .mutation(({ ctx, input }) => removeLendingOfficer(ctx, input.userId)),
});
