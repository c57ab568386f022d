import { z } from "zod";

/** Daraja writes codes as strings in some replies and numbers in others; both are read as strings. */
export const codeSchema = z.union([z.string(), z.number()]).transform((value) => String(value).trim());

export const ZErrorEnvelopeSchema = z.object({
  requestId: z.union([z.string(), z.number()]).transform(String).optional(),
  errorCode: codeSchema,
  errorMessage: z.string(),
});
export type TErrorEnvelope = z.infer<typeof ZErrorEnvelopeSchema>;

export const ZOAuthResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z
    .union([z.string().regex(/^\d+$/), z.number().int()])
    .transform(Number)
    .pipe(z.number().int().positive()),
});

export const ZStkPushResponseSchema = z.object({
  MerchantRequestID: z.string().min(1),
  CheckoutRequestID: z.string().min(1),
  ResponseCode: codeSchema,
  ResponseDescription: z.string(),
  CustomerMessage: z.string().optional(),
});

export const ZStkQueryResponseSchema = z.object({
  ResponseCode: codeSchema,
  ResponseDescription: z.string(),
  MerchantRequestID: z.string(),
  CheckoutRequestID: z.string(),
  ResultCode: codeSchema.pipe(z.string().regex(/^-?\d+$/, "ResultCode must be numeric")).transform(Number),
  ResultDesc: z.string(),
});

/** C2B register/simulate: Daraja really spells it "OriginatorCoversationID"; the corrected spelling is accepted too. */
export const ZC2bResponseSchema = z
  .object({
    OriginatorCoversationID: z.string().optional(),
    OriginatorConversationID: z.string().optional(),
    ResponseCode: codeSchema,
    ResponseDescription: z.string(),
  })
  .transform((body) => ({
    originatorConversationId: body.OriginatorCoversationID ?? body.OriginatorConversationID ?? "",
    responseCode: body.ResponseCode,
    responseDescription: body.ResponseDescription,
  }));

/** B2C, transaction status, account balance and reversal share this acknowledgement. */
export const ZAsyncRequestResponseSchema = z.object({
  ConversationID: z.string().min(1),
  OriginatorConversationID: z.string().min(1),
  ResponseCode: codeSchema,
  ResponseDescription: z.string(),
});
