import { z } from "zod";
import { toWholeShillings } from "../amount";
import {
  DarajaCallbackParseError,
  oneOrMany,
  optionalTextSchema,
  parseWith,
  readAmountMinor,
  readResultDateTime,
  readTimestamp,
  scalarValueSchema,
  textSchema,
} from "./fields";

/**
 * B2C, transaction status, account balance and reversal results share Daraja's `Result` envelope.
 * ResultCode is kept as text: besides numbers, payout results carry codes such as "SFC_IC0003".
 */

const ZKeyValueSchema = z.object({ Key: z.string(), Value: scalarValueSchema });

const ZResultEnvelopeSchema = z.object({
  Result: z.object({
    ResultType: textSchema.optional(),
    ResultCode: textSchema,
    ResultDesc: optionalTextSchema,
    OriginatorConversationID: optionalTextSchema,
    ConversationID: optionalTextSchema,
    TransactionID: optionalTextSchema,
    ResultParameters: z
      .object({ ResultParameter: oneOrMany(ZKeyValueSchema).optional() })
      .nullable()
      .optional(),
    ReferenceData: z
      .object({ ReferenceItem: oneOrMany(ZKeyValueSchema).optional() })
      .nullable()
      .optional(),
  }),
});

type ResultValue = string | number;

interface ResultBase {
  resultType: number | undefined;
  resultCode: string;
  resultDesc: string;
  /** ResultCode 0. */
  success: boolean;
  originatorConversationId: string;
  conversationId: string;
  transactionId: string | undefined;
  /** Every ResultParameter, by key. */
  parameters: Readonly<Record<string, ResultValue>>;
  /** Every ReferenceItem, by key (object or array in the wire format). */
  referenceData: Readonly<Record<string, ResultValue>>;
}

function toRecord(
  items: readonly z.output<typeof ZKeyValueSchema>[] | undefined,
): Record<string, ResultValue> {
  const record: Record<string, ResultValue> = {};
  for (const item of items ?? []) {
    if (item.Value === undefined || item.Value === null) continue;
    record[item.Key] = typeof item.Value === "boolean" ? String(item.Value) : item.Value;
  }
  return record;
}

function parseResultEnvelope(callback: string, body: unknown): ResultBase {
  const result = parseWith(callback, ZResultEnvelopeSchema, body).Result;
  if (result.ConversationID === "" && result.OriginatorConversationID === "") {
    throw new DarajaCallbackParseError(callback, [
      { path: "Result.ConversationID", message: "ConversationID or OriginatorConversationID is required" },
    ]);
  }
  const resultType = result.ResultType === undefined ? undefined : Number(result.ResultType);
  return {
    resultType: resultType === undefined || Number.isNaN(resultType) ? undefined : resultType,
    resultCode: result.ResultCode,
    resultDesc: result.ResultDesc,
    success: result.ResultCode === "0",
    originatorConversationId: result.OriginatorConversationID,
    conversationId: result.ConversationID,
    transactionId: result.TransactionID === "" ? undefined : result.TransactionID,
    parameters: toRecord(result.ResultParameters?.ResultParameter),
    referenceData: toRecord(result.ReferenceData?.ReferenceItem),
  };
}

function readText(parameters: Readonly<Record<string, ResultValue>>, key: string): string | undefined {
  const value = parameters[key];
  if (value === undefined) return undefined;
  const text = String(value).trim();
  return text === "" ? undefined : text;
}

function readMinor(parameters: Readonly<Record<string, ResultValue>>, key: string): bigint | undefined {
  const value = parameters[key];
  return value === undefined || value === "" ? undefined : readAmountMinor(value);
}

export interface B2cResultEvent extends ResultBase {
  kind: "b2c";
  receipt: string | undefined;
  amountMinor: bigint | undefined;
  amount: number | undefined;
  /** "254705912645 - NICHOLAS JOHN SONGOK" as Daraja wrote it. */
  receiverPartyPublicName: string | undefined;
  receiverPhone: string | undefined;
  receiverName: string | undefined;
  completedAt: Date | undefined;
  recipientIsRegisteredCustomer: boolean | undefined;
  utilityAccountAvailableFundsMinor: bigint | undefined;
  workingAccountAvailableFundsMinor: bigint | undefined;
  chargesPaidAccountAvailableFundsMinor: bigint | undefined;
}

/** A B2C result POSTed to ResultURL. Failures carry no ResultParameters. */
export function parseB2cResult(body: unknown): B2cResultEvent {
  const base = parseResultEnvelope("B2C result", body);
  const parameters = base.parameters;
  const amountMinor = readMinor(parameters, "TransactionAmount");
  const publicName = readText(parameters, "ReceiverPartyPublicName");
  const [receiverPhone, ...nameParts] = (publicName ?? "").split(" - ");
  const registered = readText(parameters, "B2CRecipientIsRegisteredCustomer");
  return {
    kind: "b2c",
    ...base,
    receipt: readText(parameters, "TransactionReceipt") ?? (base.success ? base.transactionId : undefined),
    amountMinor,
    amount: amountMinor === undefined ? undefined : toWholeShillings(amountMinor),
    receiverPartyPublicName: publicName,
    receiverPhone: publicName === undefined ? undefined : receiverPhone?.trim() || undefined,
    receiverName: nameParts.length > 0 ? nameParts.join(" - ").trim() : undefined,
    completedAt: readResultDateTime(parameters.TransactionCompletedDateTime),
    recipientIsRegisteredCustomer: registered === undefined ? undefined : registered.toUpperCase() === "Y",
    utilityAccountAvailableFundsMinor: readMinor(parameters, "B2CUtilityAccountAvailableFunds"),
    workingAccountAvailableFundsMinor: readMinor(parameters, "B2CWorkingAccountAvailableFunds"),
    chargesPaidAccountAvailableFundsMinor: readMinor(parameters, "B2CChargesPaidAccountAvailableFunds"),
  };
}

export interface TransactionStatusResultEvent extends ResultBase {
  kind: "transaction-status";
  receipt: string | undefined;
  amountMinor: bigint | undefined;
  amount: number | undefined;
  /** e.g. "Completed". */
  transactionStatus: string | undefined;
  debitPartyName: string | undefined;
  creditPartyName: string | undefined;
  initiatedAt: Date | undefined;
  finalisedAt: Date | undefined;
  reasonType: string | undefined;
}

/** A transaction status result POSTed to ResultURL. */
export function parseTransactionStatusResult(body: unknown): TransactionStatusResultEvent {
  const base = parseResultEnvelope("transaction status result", body);
  const parameters = base.parameters;
  const amountMinor = readMinor(parameters, "Amount");
  return {
    kind: "transaction-status",
    ...base,
    receipt: readText(parameters, "ReceiptNo"),
    amountMinor,
    amount: amountMinor === undefined ? undefined : toWholeShillings(amountMinor),
    transactionStatus: readText(parameters, "TransactionStatus"),
    debitPartyName: readText(parameters, "DebitPartyName"),
    creditPartyName: readText(parameters, "CreditPartyName"),
    initiatedAt: readTimestamp(parameters.InitiatedTime),
    finalisedAt: readTimestamp(parameters.FinalisedTime),
    reasonType: readText(parameters, "ReasonType"),
  };
}

export interface AccountBalanceEntry {
  account: string;
  currency: string;
  availableMinor: bigint;
  currentMinor: bigint | undefined;
  reservedMinor: bigint | undefined;
  unclearedMinor: bigint | undefined;
}

export interface AccountBalanceResultEvent extends ResultBase {
  kind: "account-balance";
  /** From "Working Account|KES|46713.00|46713.00|0.00|0.00&Float Account|…". */
  balances: AccountBalanceEntry[];
  completedAt: Date | undefined;
}

function parseBalances(text: string | undefined): AccountBalanceEntry[] {
  if (text === undefined) return [];
  const balances: AccountBalanceEntry[] = [];
  for (const entry of text.split("&")) {
    const [account, currency, available, current, reserved, uncleared] = entry.split("|");
    const availableMinor = available === undefined ? undefined : readAmountMinor(available);
    if (!account || !currency || availableMinor === undefined) continue;
    balances.push({
      account: account.trim(),
      currency: currency.trim(),
      availableMinor,
      currentMinor: current === undefined ? undefined : readAmountMinor(current),
      reservedMinor: reserved === undefined ? undefined : readAmountMinor(reserved),
      unclearedMinor: uncleared === undefined ? undefined : readAmountMinor(uncleared),
    });
  }
  return balances;
}

/** An account balance result POSTed to ResultURL. */
export function parseAccountBalanceResult(body: unknown): AccountBalanceResultEvent {
  const base = parseResultEnvelope("account balance result", body);
  return {
    kind: "account-balance",
    ...base,
    balances: parseBalances(readText(base.parameters, "AccountBalance")),
    completedAt: readTimestamp(base.parameters.BOCompletedTime),
  };
}

export interface ReversalResultEvent extends ResultBase {
  kind: "reversal";
}

/** A reversal result POSTed to ResultURL. */
export function parseReversalResult(body: unknown): ReversalResultEvent {
  return { kind: "reversal", ...parseResultEnvelope("reversal result", body) };
}

export interface QueueTimeoutEvent {
  kind: "queue-timeout";
  originatorConversationId: string;
  conversationId: string;
  resultCode: string | undefined;
  resultDesc: string;
}

const ZQueueTimeoutSchema = z.union([
  z.object({
    Result: z.object({
      ResultCode: textSchema.optional(),
      ResultDesc: optionalTextSchema,
      OriginatorConversationID: optionalTextSchema,
      ConversationID: optionalTextSchema,
    }),
  }),
  z
    .object({
      ResultCode: textSchema.optional(),
      ResultDesc: optionalTextSchema,
      OriginatorConversationID: optionalTextSchema,
      ConversationID: optionalTextSchema,
    })
    .transform((fields) => ({ Result: fields })),
]);

/**
 * A QueueTimeOutURL notification: the request expired in Daraja's queue and was not processed.
 * Its exact shape is undocumented, so any body naming the conversation is accepted.
 */
export function parseQueueTimeout(body: unknown): QueueTimeoutEvent {
  const result = parseWith("queue timeout", ZQueueTimeoutSchema, body).Result;
  if (result.ConversationID === "" && result.OriginatorConversationID === "") {
    throw new DarajaCallbackParseError("queue timeout", [
      { path: "Result.ConversationID", message: "ConversationID or OriginatorConversationID is required" },
    ]);
  }
  return {
    kind: "queue-timeout",
    originatorConversationId: result.OriginatorConversationID,
    conversationId: result.ConversationID,
    resultCode: result.ResultCode,
    resultDesc: result.ResultDesc,
  };
}
