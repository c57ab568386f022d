import { type ApiServices, createCaller, createContext } from "@kavi/api";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import type { Request, Response } from "express";
import { requestInfoFrom } from "../http-context";

/**
 * GET /api/public/invoices/:token/pdf — the customer's "Download PDF" as a real file, so the link works
 * from an email or a phone's browser. It calls the same public procedure as the SPA (token checked, rate
 * limited per IP, drafts and wrong tokens not found), only answering with the bytes.
 */
export function publicInvoicePdfRoute(services: ApiServices) {
  return async (request: Request, response: Response) => {
    const caller = createCaller(await createContext(services, requestInfoFrom(request, response)));
    try {
      const pdf = await caller.publicInvoices.pdf({ token: String(request.params.token ?? "") });
      const content = Buffer.from(pdf.contentBase64, "base64");
      response
        .status(200)
        .set({
          "Content-Type": "application/pdf",
          "Content-Length": String(content.length),
          "Content-Disposition": `${request.query.download === "1" ? "attachment" : "inline"}; filename="${pdf.filename}"`,
          "Cache-Control": "private, no-store",
          "X-Robots-Tag": "noindex",
        })
        .send(content);
    } catch (error) {
      if (!(error instanceof TRPCError)) throw error;
      response
        .status(getHTTPStatusCodeFromError(error))
        .json({ error: error.code.toLowerCase(), message: error.message });
    }
  };
}
