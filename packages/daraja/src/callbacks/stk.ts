import { z } from "zod";
import { toWholeShillings } from "../amount";
import {
  amountMinorSchema,
  numericCodeSchema,
  oneOrMany,
  optionalTextSchema,
  parseWith,
  requiredTextSchema,
  scalarValueSchema,
  timestampSchema,
} from "./fields";
import { classifyMsisdn, type MsisdnKind } from "./msisdn";

const ZStkMetadataItemSchema = z.object({ Name: z.string(), Value: scalarValueSchema });

export const ZStkCallbackSchema = z.object({
  Body: z.object({
    stkCallback: z.object({
      MerchantRequestID: optionalTextSchema,
      CheckoutRequestID: requiredTextSchema,
      ResultCode: numericCodeSchema,
      ResultDesc: optionalTextSchema,
      CallbackMetadata: z
        .object({ Item: oneOrMany(ZStkMetadataItemSchema).optional() })
        .nullable()
        .optional(),
    }),
  }),
});

export interface StkCallbackEvent {
  kind: "stk";
  merchantRequestId: string;
  checkoutRequestId: string;
  resultCode: number;
  /** Without the `[STK_CB - ]` prefix older payloads carry. */
  resultDesc: string;
  /** ResultCode 0 and a receipt number: only this means paid. */
  success: boolean;
  receipt?: string;
  /** Whole shillings, when the amount has no cents (M-Pesa payments never do). */
  amount?: number;
  amountMinor?: bigint;
  /** 2547XXXXXXXX when Daraja sent a plain number. */
  phone?: string;
  msisdn?: string;
  msisdnKind?: MsisdnKind;
  transactionDate?: Date;
}

const STK_CB_PREFIX = /^\[STK_CB\s*-\s*\]\s*/i;

/** Turns a raw STK callback body into a typed event; throws DarajaCallbackParseError when it is unreadable. */
export function parseStkCallback(body: unknown): StkCallbackEvent {
  const callback = parseWith("STK callback", ZStkCallbackSchema, body).Body.stkCallback;
  const items = new Map((callback.CallbackMetadata?.Item ?? []).map((item) => [item.Name, item.Value]));
  const readItem = (name: string): string | number | undefined => {
    const value = items.get(name);
    if (value === undefined || value === null || value === "") return undefined;
    return typeof value === "boolean" ? String(value) : value;
  };

  const event: StkCallbackEvent = {
    kind: "stk",
    merchantRequestId: callback.MerchantRequestID,
    checkoutRequestId: callback.CheckoutRequestID,
    resultCode: callback.ResultCode,
    resultDesc: callback.ResultDesc.replace(STK_CB_PREFIX, ""),
    success: false,
  };
  const receipt = readItem("MpesaReceiptNumber");
  if (receipt !== undefined) event.receipt = String(receipt).trim();
  const amount = readItem("Amount");
  if (amount !== undefined) {
    event.amountMinor = parseWith("STK callback Amount", amountMinorSchema, amount);
    const whole = toWholeShillings(event.amountMinor);
    if (whole !== undefined) event.amount = whole;
  }
  const transactionDate = readItem("TransactionDate");
  if (transactionDate !== undefined) {
    event.transactionDate = parseWith("STK callback TransactionDate", timestampSchema, transactionDate);
  }
  const phone = readItem("PhoneNumber");
  if (phone !== undefined) {
    const classified = classifyMsisdn(String(phone));
    event.msisdn = classified.msisdn;
    event.msisdnKind = classified.msisdnKind;
    if (classified.phone !== undefined) event.phone = classified.phone;
  }
  event.success = event.resultCode === 0 && event.receipt !== undefined;
  return event;
}
