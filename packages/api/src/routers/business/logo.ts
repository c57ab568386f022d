import { ZFileRefSchema, ZRequestUploadSchema } from "@kavi/domain";
import { requestUpload } from "../../services/files/files";
import { removeBusinessLogo, setBusinessLogo } from "../../services/files/logo";
import { businessProcedure, createTRPCRouter } from "../../trpc";

/** The business's logo, shown on invoices (PDF and public page) and in emails. */
export const businessLogoRouter = createTRPCRouter({
  /** Step 1 of a new logo: a presigned upload for the image (PNG or JPEG, up to 2 MB). */
  requestUpload: businessProcedure("business.manage")
    .input(ZRequestUploadSchema)
    .mutation(({ ctx, input }) => {
      const { businessId: _scope, ...file } = input;
      return requestUpload(ctx, ctx.business.id, "business_logo", file);
    }),
  /** Step 2: the uploaded image (checked by its bytes) becomes the logo on invoices and emails. */
  set: businessProcedure("business.manage")
    .input(ZFileRefSchema)
    .mutation(({ ctx, input }) => setBusinessLogo(ctx, ctx.business.id, input.fileId)),
  remove: businessProcedure("business.manage").mutation(async ({ ctx }) => {
    await removeBusinessLogo(ctx, ctx.business.id);
    return { ok: true as const };
  }),
});
