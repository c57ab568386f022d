import { describe, expect, it } from "vitest";
import {
  buildC2bConfirmationReply,
  buildC2bValidationAcceptance,
  buildC2bValidationRejection,
  classifyMsisdn,
  DarajaCallbackParseError,
  dedupeKeyOf,
  hashMsisdn,
  msisdnMatchesPhone,
  parseAccountBalanceResult,
  parseB2cResult,
  parseC2bConfirmation,
  parseC2bValidation,
  parseQueueTimeout,
  parseStkCallback,
  parseTransactionStatusResult,
} from "./index";

const stkSuccess = {
  Body: {
    stkCallback: {
      MerchantRequestID: "29115-34620561-1",
      CheckoutRequestID: "ws_CO_191220191020363925",
      ResultCode: 0,
      ResultDesc: "The service request is processed successfully.",
      CallbackMetadata: {
        Item: [
          { Name: "Amount", Value: 1.0 },
          { Name: "MpesaReceiptNumber", Value: "NLJ7RT61SV" },
          { Name: "Balance" },
          { Name: "TransactionDate", Value: 20191219102115 },
          { Name: "PhoneNumber", Value: 254708374149 },
        ],
      },
    },
  },
};

describe("parseStkCallback", () => {
  it("reads the reference success callback, Balance without Value included", () => {
    const event = parseStkCallback(stkSuccess);
    expect(event).toEqual({
      kind: "stk",
      merchantRequestId: "29115-34620561-1",
      checkoutRequestId: "ws_CO_191220191020363925",
      resultCode: 0,
      resultDesc: "The service request is processed successfully.",
      success: true,
      receipt: "NLJ7RT61SV",
      amount: 1,
      amountMinor: 100n,
      phone: "254708374149",
      msisdn: "254708374149",
      msisdnKind: "plain",
      // 10:21:15 in Nairobi is 07:21:15 UTC.
      transactionDate: new Date("2019-12-19T07:21:15.000Z"),
    });
    expect(dedupeKeyOf(event)).toBe("ws_CO_191220191020363925");
  });

  it("reads a failure callback without CallbackMetadata", () => {
    const event = parseStkCallback({
      Body: {
        stkCallback: {
          MerchantRequestID: "29115-34620561-2",
          CheckoutRequestID: "ws_CO_2",
          ResultCode: 1032,
          ResultDesc: "Request cancelled by user",
        },
      },
    });
    expect(event).toEqual({
      kind: "stk",
      merchantRequestId: "29115-34620561-2",
      checkoutRequestId: "ws_CO_2",
      resultCode: 1032,
      resultDesc: "Request cancelled by user",
      success: false,
    });
  });

  it("strips the older [STK_CB - ] prefix and reads string codes and string values", () => {
    const event = parseStkCallback({
      Body: {
        stkCallback: {
          MerchantRequestID: "1",
          CheckoutRequestID: "ws_CO_3",
          ResultCode: "1037",
          ResultDesc: "[STK_CB - ]DS timeout user cannot be reached",
          CallbackMetadata: { Item: [{ Name: "Amount", Value: "1250.00" }] },
        },
      },
    });
    expect(event.resultCode).toBe(1037);
    expect(event.resultDesc).toBe("DS timeout user cannot be reached");
    expect(event.amountMinor).toBe(125000n);
    expect(event.success).toBe(false);
  });

  it("does not call ResultCode 0 without a receipt a payment", () => {
    const event = parseStkCallback({
      Body: {
        stkCallback: {
          MerchantRequestID: "1",
          CheckoutRequestID: "ws_CO_4",
          ResultCode: 0,
          ResultDesc: "ok",
        },
      },
    });
    expect(event.success).toBe(false);
  });

  it("tolerates unknown extra fields and a single Item object", () => {
    const event = parseStkCallback({
      Body: {
        stkCallback: {
          MerchantRequestID: "1",
          CheckoutRequestID: "ws_CO_5",
          ResultCode: 0,
          ResultDesc: "ok",
          Surprise: { nested: true },
          CallbackMetadata: { Item: { Name: "MpesaReceiptNumber", Value: "SAB1CDE2FG" } },
        },
        Extra: 1,
      },
    });
    expect(event.receipt).toBe("SAB1CDE2FG");
    expect(event.success).toBe(true);
  });

  it("classifies a masked phone number without inventing a plain one", () => {
    const event = parseStkCallback({
      Body: {
        stkCallback: {
          MerchantRequestID: "1",
          CheckoutRequestID: "ws_CO_6",
          ResultCode: 0,
          ResultDesc: "ok",
          CallbackMetadata: { Item: [{ Name: "PhoneNumber", Value: "2547*****149" }] },
        },
      },
    });
    expect(event.msisdnKind).toBe("masked");
    expect(event.phone).toBeUndefined();
  });

  it.each([
    ["no body", undefined],
    ["no stkCallback", { Body: {} }],
    ["no CheckoutRequestID", { Body: { stkCallback: { ResultCode: 0, ResultDesc: "x" } } }],
    ["a non-numeric ResultCode", { Body: { stkCallback: { CheckoutRequestID: "a", ResultCode: "zero" } } }],
    [
      "an amount with three decimals",
      {
        Body: {
          stkCallback: {
            CheckoutRequestID: "a",
            ResultCode: 0,
            CallbackMetadata: { Item: [{ Name: "Amount", Value: "1.005" }] },
          },
        },
      },
    ],
    [
      "an impossible TransactionDate",
      {
        Body: {
          stkCallback: {
            CheckoutRequestID: "a",
            ResultCode: 0,
            CallbackMetadata: { Item: [{ Name: "TransactionDate", Value: 20191319102115 }] },
          },
        },
      },
    ],
  ])("refuses %s", (_label, body) => {
    expect(() => parseStkCallback(body)).toThrow(DarajaCallbackParseError);
  });
});

const c2bBody = {
  TransactionType: "Pay Bill",
  TransID: "RKL51ZDR4F",
  TransTime: "20231121121325",
  TransAmount: "5.00",
  BusinessShortCode: "600966",
  BillRefNumber: "INV-0042",
  InvoiceNumber: "",
  OrgAccountBalance: "25.00",
  ThirdPartyTransID: "",
  MSISDN: "2547 ***** 126",
  FirstName: "NICHOLAS",
  MiddleName: "",
  LastName: "",
};

describe("C2B parsers", () => {
  it("reads the reference confirmation with a masked MSISDN", () => {
    const event = parseC2bConfirmation(c2bBody);
    expect(event).toMatchObject({
      kind: "c2b",
      stage: "confirmation",
      transactionType: "Pay Bill",
      transId: "RKL51ZDR4F",
      transTime: new Date("2023-11-21T09:13:25.000Z"),
      amountMinor: 500n,
      amount: 5,
      businessShortCode: "600966",
      billRefNumber: "INV-0042",
      orgAccountBalanceMinor: 2500n,
      msisdn: "2547 ***** 126",
      msisdnKind: "masked",
      phone: undefined,
      customerName: "NICHOLAS",
    });
    expect(dedupeKeyOf(event)).toBe("RKL51ZDR4F");
  });

  it("reads a validation with blank OrgAccountBalance, a hashed MSISDN and numbers instead of strings", () => {
    const hashed = hashMsisdn("0708374149");
    const event = parseC2bValidation({
      ...c2bBody,
      TransactionType: "",
      TransAmount: 1250,
      BusinessShortCode: 600966,
      OrgAccountBalance: "",
      MSISDN: hashed,
      Unexpected: "field",
    });
    expect(event.stage).toBe("validation");
    expect(event.transactionType).toBe("");
    expect(event.amountMinor).toBe(125000n);
    expect(event.orgAccountBalanceMinor).toBeUndefined();
    expect(event.msisdnKind).toBe("hashed");
    expect(event.phone).toBeUndefined();
    expect(msisdnMatchesPhone(event.msisdn, "+254708374149")).toBe(true);
    expect(msisdnMatchesPhone(event.msisdn, "0708374140")).toBe(false);
  });

  it("normalises a plain MSISDN", () => {
    const event = parseC2bConfirmation({ ...c2bBody, MSISDN: "254708374149", TransactionType: "Buy Goods" });
    expect(event.msisdnKind).toBe("plain");
    expect(event.phone).toBe("254708374149");
  });

  it("matches masked numbers digit by digit", () => {
    expect(classifyMsisdn("2547 ***** 126").msisdnKind).toBe("masked");
    expect(msisdnMatchesPhone("2547*****126", "0712345126")).toBe(true);
    expect(msisdnMatchesPhone("2547*****126", "0712345127")).toBe(false);
  });

  it("refuses a body without TransID or with a fractional cent", () => {
    expect(() => parseC2bConfirmation({ ...c2bBody, TransID: "" })).toThrow(DarajaCallbackParseError);
    expect(() => parseC2bConfirmation({ ...c2bBody, TransAmount: "5.001" })).toThrow(
      DarajaCallbackParseError,
    );
  });

  it("builds the replies Daraja expects", () => {
    expect(buildC2bValidationAcceptance()).toEqual({ ResultCode: "0", ResultDesc: "Accepted" });
    expect(buildC2bValidationRejection("invalidAccountNumber")).toEqual({
      ResultCode: "C2B00012",
      ResultDesc: "Rejected",
    });
    expect(buildC2bValidationRejection("otherError").ResultCode).toBe("C2B00016");
    expect(buildC2bConfirmationReply()).toEqual({ ResultCode: 0, ResultDesc: "Success" });
  });
});

const b2cSuccess = {
  Result: {
    ResultType: 0,
    ResultCode: 0,
    ResultDesc: "The service request is processed successfully.",
    OriginatorConversationID: "5118-111210482-1",
    ConversationID: "AG_20240706_2010325b025970fbc403",
    TransactionID: "SG632NMUAB",
    ResultParameters: {
      ResultParameter: [
        { Key: "TransactionAmount", Value: 10 },
        { Key: "TransactionReceipt", Value: "SG632NMUAB" },
        { Key: "ReceiverPartyPublicName", Value: "254705912645 - NICHOLAS JOHN SONGOK" },
        { Key: "TransactionCompletedDateTime", Value: "06.07.2024 22:48:52" },
        { Key: "B2CUtilityAccountAvailableFunds", Value: 8959269.6 },
        { Key: "B2CWorkingAccountAvailableFunds", Value: 1199371.0 },
        { Key: "B2CRecipientIsRegisteredCustomer", Value: "Y" },
        { Key: "B2CChargesPaidAccountAvailableFunds", Value: -1980.0 },
      ],
    },
    ReferenceData: { ReferenceItem: { Key: "QueueTimeoutURL", Value: "https://example.com/timeout" } },
  },
};

describe("result parsers", () => {
  it("reads the reference B2C success exactly, balances without float drift", () => {
    const event = parseB2cResult(b2cSuccess);
    expect(event).toMatchObject({
      kind: "b2c",
      resultType: 0,
      resultCode: "0",
      success: true,
      conversationId: "AG_20240706_2010325b025970fbc403",
      originatorConversationId: "5118-111210482-1",
      transactionId: "SG632NMUAB",
      receipt: "SG632NMUAB",
      amountMinor: 1000n,
      amount: 10,
      receiverPhone: "254705912645",
      receiverName: "NICHOLAS JOHN SONGOK",
      completedAt: new Date("2024-07-06T19:48:52.000Z"),
      recipientIsRegisteredCustomer: true,
      utilityAccountAvailableFundsMinor: 895926960n,
      workingAccountAvailableFundsMinor: 119937100n,
      chargesPaidAccountAvailableFundsMinor: -198000n,
      referenceData: { QueueTimeoutURL: "https://example.com/timeout" },
    });
    expect(dedupeKeyOf(event)).toBe("AG_20240706_2010325b025970fbc403");
  });

  it("reads a B2C failure with string codes, no ResultParameters and a ReferenceItem array", () => {
    const event = parseB2cResult({
      Result: {
        ResultType: "0",
        ResultCode: "2001",
        ResultDesc: "The initiator information is invalid.",
        OriginatorConversationID: "abc",
        ConversationID: "AG_1",
        TransactionID: "SG600000000",
        ReferenceData: {
          ReferenceItem: [
            { Key: "QueueTimeoutURL", Value: "https://example.com/t" },
            { Key: "Other", Value: 1 },
          ],
        },
      },
    });
    expect(event.success).toBe(false);
    expect(event.resultCode).toBe("2001");
    expect(event.receipt).toBeUndefined();
    expect(event.amountMinor).toBeUndefined();
    expect(event.referenceData).toEqual({ QueueTimeoutURL: "https://example.com/t", Other: 1 });
  });

  it("keeps non-numeric payout codes", () => {
    const event = parseB2cResult({
      Result: { ResultCode: "SFC_IC0003", ResultDesc: "Operator does not exist", ConversationID: "AG_2" },
    });
    expect(event.resultCode).toBe("SFC_IC0003");
    expect(event.success).toBe(false);
    expect(dedupeKeyOf(event)).toBe("AG_2");
  });

  it("reads a transaction status result", () => {
    const event = parseTransactionStatusResult({
      Result: {
        ResultType: 0,
        ResultCode: 0,
        ResultDesc: "The service request is processed successfully.",
        OriginatorConversationID: "1236-7134259-1",
        ConversationID: "AG_20240706_000",
        TransactionID: "SG60000001",
        ResultParameters: {
          ResultParameter: [
            { Key: "DebitPartyName", Value: "254708374149 - John Doe" },
            { Key: "CreditPartyName", Value: "600966 - KAVI Shop" },
            { Key: "InitiatedTime", Value: 20240706224852 },
            { Key: "FinalisedTime", Value: "20240706224853" },
            { Key: "Amount", Value: "1250.00" },
            { Key: "ReceiptNo", Value: "SG632NMUAB" },
            { Key: "TransactionStatus", Value: "Completed" },
            { Key: "ReasonType", Value: "Pay Bill Online" },
          ],
        },
        ReferenceData: { ReferenceItem: { Key: "Occasion" } },
      },
    });
    expect(event).toMatchObject({
      kind: "transaction-status",
      success: true,
      receipt: "SG632NMUAB",
      amountMinor: 125000n,
      amount: 1250,
      transactionStatus: "Completed",
      initiatedAt: new Date("2024-07-06T19:48:52.000Z"),
      finalisedAt: new Date("2024-07-06T19:48:53.000Z"),
      referenceData: {},
    });
    expect(dedupeKeyOf(event)).toBe("AG_20240706_000");
  });

  it("reads account balances", () => {
    const event = parseAccountBalanceResult({
      Result: {
        ResultType: 0,
        ResultCode: 0,
        ResultDesc: "ok",
        ConversationID: "AG_3",
        OriginatorConversationID: "x",
        ResultParameters: {
          ResultParameter: [
            {
              Key: "AccountBalance",
              Value:
                "Working Account|KES|46713.00|46713.00|0.00|0.00&Utility Account|KES|8959269.60|8959269.60|0.00|0.00",
            },
            { Key: "BOCompletedTime", Value: 20240706224852 },
          ],
        },
      },
    });
    expect(event.balances).toEqual([
      {
        account: "Working Account",
        currency: "KES",
        availableMinor: 4671300n,
        currentMinor: 4671300n,
        reservedMinor: 0n,
        unclearedMinor: 0n,
      },
      {
        account: "Utility Account",
        currency: "KES",
        availableMinor: 895926960n,
        currentMinor: 895926960n,
        reservedMinor: 0n,
        unclearedMinor: 0n,
      },
    ]);
  });

  it("reads queue timeouts in the Result envelope or flat, and needs a conversation id", () => {
    expect(
      parseQueueTimeout({ Result: { ResultCode: 1, ResultDesc: "timed out", ConversationID: "AG_4" } }),
    ).toEqual({
      kind: "queue-timeout",
      conversationId: "AG_4",
      originatorConversationId: "",
      resultCode: "1",
      resultDesc: "timed out",
    });
    const flat = parseQueueTimeout({ OriginatorConversationID: "orig-1" });
    expect(dedupeKeyOf(flat)).toBe("orig-1");
    expect(() => parseQueueTimeout({ Result: { ResultDesc: "x" } })).toThrow(DarajaCallbackParseError);
  });

  it("refuses a result without a conversation id", () => {
    expect(() => parseB2cResult({ Result: { ResultCode: 0 } })).toThrow(DarajaCallbackParseError);
    expect(() => parseB2cResult({})).toThrow(DarajaCallbackParseError);
  });
});
