import { z } from "zod";
import { toWholeShillings } from "../amount";
import {
  amountMinorSchema,
  optionalTextSchema,
  parseWith,
  requiredTextSchema,
  timestampSchema,
} from "./fields";
import { classifyMsisdn, type MsisdnKind } from "./msisdn";

/** Validation and confirmation share one body; all values are strings in practice, numbers are tolerated. */
export const ZC2bCallbackSchema = z.object({
  TransactionType: optionalTextSchema,
  TransID: requiredTextSchema,
  TransTime: timestampSchema,
  TransAmount: amountMinorSchema,
  BusinessShortCode: requiredTextSchema,
  BillRefNumber: optionalTextSchema,
  InvoiceNumber: optionalTextSchema,
  OrgAccountBalance: optionalTextSchema,
  ThirdPartyTransID: optionalTextSchema,
  MSISDN: optionalTextSchema,
  FirstName: optionalTextSchema,
  MiddleName: optionalTextSchema,
  LastName: optionalTextSchema,
});

export type C2bStage = "validation" | "confirmation";

export interface C2bEvent {
  kind: "c2b";
  stage: C2bStage;
  /** "Pay Bill", "Buy Goods" or "". */
  transactionType: string;
  transId: string;
  transTime: Date;
  amountMinor: bigint;
  /** Whole shillings, when the amount has no cents. */
  amount: number | undefined;
  businessShortCode: string;
  /** The account number the customer typed, as typed. */
  billRefNumber: string;
  invoiceNumber: string;
  /** Blank in validation requests. */
  orgAccountBalanceMinor: bigint | undefined;
  thirdPartyTransId: string;
  /** The raw MSISDN field: plain, masked or hashed. */
  msisdn: string;
  msisdnKind: MsisdnKind;
  /** 2547XXXXXXXX when the MSISDN is plain. */
  phone: string | undefined;
  firstName: string;
  middleName: string;
  lastName: string;
  /** First, middle and last name joined. */
  customerName: string;
}

function parseC2bCallback(stage: C2bStage, body: unknown): C2bEvent {
  const fields = parseWith(`C2B ${stage}`, ZC2bCallbackSchema, body);
  const orgAccountBalanceMinor =
    fields.OrgAccountBalance === ""
      ? undefined
      : parseWith(`C2B ${stage} OrgAccountBalance`, amountMinorSchema, fields.OrgAccountBalance);
  const classified = classifyMsisdn(fields.MSISDN);
  return {
    kind: "c2b",
    stage,
    transactionType: fields.TransactionType,
    transId: fields.TransID,
    transTime: fields.TransTime,
    amountMinor: fields.TransAmount,
    amount: toWholeShillings(fields.TransAmount),
    businessShortCode: fields.BusinessShortCode,
    billRefNumber: fields.BillRefNumber,
    invoiceNumber: fields.InvoiceNumber,
    orgAccountBalanceMinor,
    thirdPartyTransId: fields.ThirdPartyTransID,
    msisdn: classified.msisdn,
    msisdnKind: classified.msisdnKind,
    phone: classified.phone,
    firstName: fields.FirstName,
    middleName: fields.MiddleName,
    lastName: fields.LastName,
    customerName: [fields.FirstName, fields.MiddleName, fields.LastName].filter(Boolean).join(" "),
  };
}

/** A C2B validation request (answer within ~8 s with an accept or reject reply). */
export function parseC2bValidation(body: unknown): C2bEvent {
  return parseC2bCallback("validation", body);
}

/** A C2B confirmation: the money has moved. */
export function parseC2bConfirmation(body: unknown): C2bEvent {
  return parseC2bCallback("confirmation", body);
}
