import { Buffer } from "node:buffer";
import { createHash, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { computeStkPassword, SANDBOX_STK_PASSKEY, SANDBOX_STK_SHORTCODE } from "../password";
import { formatDarajaResultDateTime, formatDarajaTimestamp, parseDarajaTimestamp } from "../timestamp";
import { CallbackDispatcher, type CallbackKind } from "./delivery";
import {
  generateAccessToken,
  generateCheckoutRequestId,
  generateConversationId,
  generateMerchantRequestId,
  generateOriginatorConversationId,
  generateReceiptNumber,
  generateRequestId,
} from "./ids";
import {
  type DeliveryFault,
  planOutcomeForPhone,
  type SettledOutcome,
  STK_OUTCOME_RESULTS,
  type StkOutcome,
} from "./outcomes";
import type { ApiRequestRecord, DarajaSimulatorOptions, PendingStkPrompt, SimulatorFaults } from "./types";
import {
  type ApiReply,
  DarajaReply,
  invalidField,
  type RequestBody,
  readCallbackUrl,
  readField,
  wireSchemas,
} from "./wire";

/** A consumer key the simulator refuses, to exercise wrong-credential handling ("Test connection"). */
export const SIMULATOR_REJECTED_CONSUMER_KEY = "rejected-consumer-key";
/** STK PIN that plays a wrong PIN (2001) on the phone page and in approve(). */
export const SIMULATOR_WRONG_PIN = "0000";
/** Timestamps further than this from the simulator's Nairobi clock are refused (a UTC timestamp is 3 h off). */
export const TIMESTAMP_TOLERANCE_MS = 60 * 60 * 1000;
/** Every shortcode starts with this much (KES 1,000,000.00) so payouts and balances look real. */
const OPENING_BALANCE_MINOR = 100_000_000n;

const DEFAULT_FAULTS: SimulatorFaults = {
  delivery: null,
  responseDelayMs: 0,
  rejectC2bReRegistration: false,
  confirmation: null,
};

interface StkRecord {
  prompt: PendingStkPrompt;
  callbackUrl: string;
  fault: DeliveryFault | undefined;
  state: "pending" | "settled";
  result:
    | { resultCode: number; resultDesc: string; receipt: string | undefined; settledAt: Date }
    | undefined;
  timer: NodeJS.Timeout | undefined;
}

interface C2bRegistration {
  shortCode: string;
  responseType: "Completed" | "Cancelled";
  confirmationUrl: string;
  validationUrl: string;
}

interface KnownTransaction {
  receipt: string;
  amountMinor: bigint;
  debitParty: string;
  creditParty: string;
  at: Date;
  reasonType: string;
  /** What Transaction Status reports: failed payouts are remembered too, so a query can say so. */
  status: "Completed" | "Failed";
}

interface ResultRequest {
  kind: CallbackKind;
  originatorConversationId: string;
  conversationId: string;
  resultUrl: string;
  queueTimeOutUrl: string;
  fault: DeliveryFault | undefined;
}

export type ResolvedSimulatorOptions = Required<
  Omit<DarajaSimulatorOptions, "port" | "host" | "passkeys">
> & {
  passkeys: Readonly<Record<string, string>>;
};

function formatMinor(amountMinor: bigint): string {
  const negative = amountMinor < 0n;
  const absolute = negative ? -amountMinor : amountMinor;
  const text = `${absolute / 100n}.${String(absolute % 100n).padStart(2, "0")}`;
  return negative ? `-${text}` : text;
}

/** Amounts written as JSON numbers, as Daraja does in STK and B2C results (1250.5 for KES 1,250.50). */
function minorToJsonNumber(amountMinor: bigint): number {
  return Number(formatMinor(amountMinor));
}

export class SimulatorEngine {
  readonly options: ResolvedSimulatorOptions;
  readonly dispatcher: CallbackDispatcher;
  #faults: SimulatorFaults = { ...DEFAULT_FAULTS };
  readonly #tokens = new Map<string, number>();
  readonly #passkeys = new Map<string, string>();
  #stk = new Map<string, StkRecord>();
  #c2bRegistrations = new Map<string, C2bRegistration>();
  #transactions = new Map<string, KnownTransaction>();
  /** B2C receipts by OriginatorConversationID and ConversationID, for status queries by OriginalConversationID. */
  #receiptsByConversation = new Map<string, string>();
  #balances = new Map<string, bigint>();
  #requests: ApiRequestRecord[] = [];
  #sequence = 1;
  /** Bumped by reset() and stop() so work that was awaiting a reply does not carry on into a new scenario. */
  #epoch = 0;
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(options: ResolvedSimulatorOptions) {
    this.options = options;
    this.dispatcher = new CallbackDispatcher(
      {
        delayedDeliveryMs: options.delayedDeliveryMs,
        outOfOrderBatchSize: options.outOfOrderBatchSize,
        outOfOrderWindowMs: options.outOfOrderWindowMs,
        duplicateCopies: options.duplicateCopies,
        retryDelaysMs: options.deliveryRetryDelaysMs,
        deliveryTimeoutMs: options.deliveryTimeoutMs,
      },
      options.now,
      options.log,
    );
    this.#resetPasskeys();
  }

  // ---- control -------------------------------------------------------------------------------------------

  faults(): SimulatorFaults {
    return { ...this.#faults };
  }

  setFault(faults: Partial<SimulatorFaults>): SimulatorFaults {
    this.#faults = { ...this.#faults, ...faults };
    this.options.log(`faults: ${JSON.stringify(this.#faults)}`);
    return this.faults();
  }

  invalidateTokens(): void {
    this.#tokens.clear();
  }

  registerPasskey(shortCode: string, passkey: string): void {
    this.#passkeys.set(shortCode, passkey);
  }

  requests(): ApiRequestRecord[] {
    return this.#requests.map((record) => ({ ...record }));
  }

  recordRequest(record: ApiRequestRecord): void {
    this.#requests.push(record);
  }

  pending(): PendingStkPrompt[] {
    return [...this.#stk.values()]
      .filter((record) => record.state === "pending")
      .map((record) => ({ ...record.prompt }));
  }

  approve(checkoutRequestId: string, pin?: string): void {
    const record = this.#pendingRecord(checkoutRequestId);
    this.#settleStk(record, pin === SIMULATOR_WRONG_PIN ? "wrong-pin" : "success");
  }

  cancel(checkoutRequestId: string): void {
    this.#settleStk(this.#pendingRecord(checkoutRequestId), "cancelled");
  }

  reset(): void {
    this.#clearTimers();
    this.#stk = new Map();
    this.#c2bRegistrations = new Map();
    this.#transactions = new Map();
    this.#receiptsByConversation = new Map();
    this.#balances = new Map();
    this.#requests = [];
    this.#faults = { ...DEFAULT_FAULTS };
    this.#resetPasskeys();
    this.dispatcher.reset();
  }

  stop(): void {
    this.#clearTimers();
    this.dispatcher.stop();
  }

  #clearTimers(): void {
    this.#epoch += 1;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  // ---- OAuth -----------------------------------------------------------------------------------------------

  issueToken(authorization: string | undefined, grantType: string | null): ApiReply {
    if (grantType !== "client_credentials")
      throw new DarajaReply(400, "400.008.02", "Invalid grant type passed");
    const match = /^Basic ([A-Za-z0-9+/]+={0,2})$/.exec(authorization ?? "");
    const decoded = match?.[1] ? Buffer.from(match[1], "base64").toString("utf8") : "";
    const separator = decoded.indexOf(":");
    const consumerKey = decoded.slice(0, separator);
    const consumerSecret = decoded.slice(separator + 1);
    if (separator <= 0 || consumerSecret === "" || consumerKey === SIMULATOR_REJECTED_CONSUMER_KEY) {
      throw new DarajaReply(400, "400.008.01", "Invalid Authentication passed");
    }
    const token = generateAccessToken();
    const ttlSeconds = this.options.tokenTtlSeconds;
    this.#tokens.set(token, this.options.now().getTime() + ttlSeconds * 1000);
    return { httpStatus: 200, body: { access_token: token, expires_in: String(ttlSeconds) } };
  }

  /** Daraja's bearer check; C2B answers invalid tokens with its own code. */
  authorize(authorization: string | undefined, path: string): void {
    const match = /^Bearer (\S+)$/.exec(authorization ?? "");
    if (!match?.[1]) throw new DarajaReply(404, "404.001.04", "Invalid Authenticator Header");
    const expiresAt = this.#tokens.get(match[1]);
    if (expiresAt === undefined || expiresAt <= this.options.now().getTime()) {
      if (path.startsWith("/mpesa/c2b/")) throw new DarajaReply(400, "400.003.01", "Invalid Access Token");
      throw new DarajaReply(404, "404.001.03", "Invalid Access Token");
    }
  }

  nextRequestId(): string {
    return generateRequestId(this.#nextSequence());
  }

  // ---- STK -------------------------------------------------------------------------------------------------

  stkPush(body: RequestBody): ApiReply {
    const shortCode = readField(body, "BusinessShortCode", wireSchemas.shortCode);
    const timestamp = this.#readFreshTimestamp(body);
    this.#checkStkPassword(body, shortCode, timestamp);
    const transactionType = readField(
      body,
      "TransactionType",
      z.enum(["CustomerPayBillOnline", "CustomerBuyGoodsOnline"]),
    );
    const amount = readField(body, "Amount", wireSchemas.amount);
    readField(body, "PartyA", wireSchemas.phone);
    const partyB = readField(body, "PartyB", wireSchemas.shortCode);
    const phoneNumber = readField(body, "PhoneNumber", wireSchemas.phone);
    const callbackUrl = readCallbackUrl(body, "CallBackURL");
    const accountReference = readField(
      body,
      "AccountReference",
      wireSchemas.optionalText.pipe(z.string().max(12)),
    );
    const transactionDesc = readField(
      body,
      "TransactionDesc",
      wireSchemas.optionalText.pipe(z.string().max(13)),
    );
    if (transactionType === "CustomerPayBillOnline" && accountReference === "")
      throw invalidField("AccountReference");

    const now = this.options.now();
    const sequence = this.#nextSequence();
    const plan = planOutcomeForPhone(phoneNumber);
    const outcome: StkOutcome = plan.outcome ?? this.options.defaultOutcome;
    const mode = outcome === "manual" ? "manual" : "automatic";
    const waitMs = mode === "manual" ? this.options.manualPromptTimeoutMs : this.options.callbackDelayMs;
    const record: StkRecord = {
      prompt: {
        checkoutRequestId: generateCheckoutRequestId(now, sequence),
        merchantRequestId: generateMerchantRequestId(sequence),
        businessShortCode: shortCode,
        partyB,
        transactionType,
        phoneNumber,
        amount,
        accountReference,
        transactionDesc,
        mode,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + waitMs).toISOString(),
      },
      callbackUrl,
      fault: plan.fault,
      state: "pending",
      result: undefined,
      timer: undefined,
    };
    // Manual prompts nobody answers end like an unanswered phone.
    const settleAs: SettledOutcome = outcome === "manual" ? "unreachable" : outcome;
    record.timer = this.#later(() => this.#settleStk(record, settleAs), waitMs);
    this.#stk.set(record.prompt.checkoutRequestId, record);
    this.options.log(
      `STK push ${record.prompt.checkoutRequestId}: KES ${amount} from ${phoneNumber} to ${partyB} (${outcome})`,
    );
    return {
      httpStatus: 200,
      body: {
        MerchantRequestID: record.prompt.merchantRequestId,
        CheckoutRequestID: record.prompt.checkoutRequestId,
        ResponseCode: "0",
        ResponseDescription: "Success. Request accepted for processing",
        CustomerMessage: "Success. Request accepted for processing",
      },
    };
  }

  stkQuery(body: RequestBody): ApiReply {
    const shortCode = readField(body, "BusinessShortCode", wireSchemas.shortCode);
    const timestamp = this.#readFreshTimestamp(body);
    this.#checkStkPassword(body, shortCode, timestamp);
    const checkoutRequestId = readField(body, "CheckoutRequestID", wireSchemas.text);
    const record = this.#stk.get(checkoutRequestId);
    if (!record || record.prompt.businessShortCode !== shortCode) throw invalidField("CheckoutRequestID");
    if (record.state === "pending" || !record.result) {
      throw new DarajaReply(500, "500.001.1001", "The transaction is being processed");
    }
    if (this.#faults.confirmation === "fail") {
      throw new DarajaReply(500, "500.001.1001", "System internal error");
    }
    if (this.#faults.confirmation === "disagree") {
      const cancelled = STK_OUTCOME_RESULTS.cancelled;
      return {
        httpStatus: 200,
        body: {
          ResponseCode: "0",
          ResponseDescription: "The service request has been accepted successsfully",
          MerchantRequestID: record.prompt.merchantRequestId,
          CheckoutRequestID: record.prompt.checkoutRequestId,
          ResultCode: String(cancelled.resultCode),
          ResultDesc: cancelled.resultDesc,
        },
      };
    }
    return {
      httpStatus: 200,
      body: {
        ResponseCode: "0",
        ResponseDescription: "The service request has been accepted successsfully",
        MerchantRequestID: record.prompt.merchantRequestId,
        CheckoutRequestID: record.prompt.checkoutRequestId,
        ResultCode: String(record.result.resultCode),
        ResultDesc: record.result.resultDesc,
      },
    };
  }

  #pendingRecord(checkoutRequestId: string): StkRecord {
    const record = this.#stk.get(checkoutRequestId);
    if (!record) throw new SimulatorControlError(404, `No STK request ${checkoutRequestId}`);
    if (record.state !== "pending")
      throw new SimulatorControlError(409, `STK request ${checkoutRequestId} is settled`);
    return record;
  }

  #settleStk(record: StkRecord, outcome: SettledOutcome): void {
    if (record.state !== "pending") return;
    if (record.timer) {
      clearTimeout(record.timer);
      this.#timers.delete(record.timer);
    }
    record.timer = undefined;
    const settledAt = this.options.now();
    const { resultCode, resultDesc } = STK_OUTCOME_RESULTS[outcome];
    const prompt = record.prompt;
    const amountMinor = BigInt(prompt.amount) * 100n;
    let receipt: string | undefined;
    if (resultCode === 0) {
      receipt = this.#newReceipt(settledAt);
      this.#credit(prompt.partyB, amountMinor);
      this.#transactions.set(receipt, {
        receipt,
        amountMinor,
        debitParty: `${prompt.phoneNumber} - JOHN DOE`,
        creditParty: `${prompt.partyB} - KAVI SIMULATED MERCHANT`,
        at: settledAt,
        reasonType: "Pay Bill Online",
        status: "Completed",
      });
    }
    record.state = "settled";
    record.result = { resultCode, resultDesc, receipt, settledAt };
    this.options.log(`STK ${prompt.checkoutRequestId} settled: ${resultCode} ${resultDesc}`);
    const callback =
      resultCode === 0
        ? {
            MerchantRequestID: prompt.merchantRequestId,
            CheckoutRequestID: prompt.checkoutRequestId,
            ResultCode: 0,
            ResultDesc: resultDesc,
            CallbackMetadata: {
              Item: [
                { Name: "Amount", Value: prompt.amount },
                { Name: "MpesaReceiptNumber", Value: receipt },
                { Name: "Balance" },
                { Name: "TransactionDate", Value: Number(formatDarajaTimestamp(settledAt)) },
                { Name: "PhoneNumber", Value: Number(prompt.phoneNumber) },
              ],
            },
          }
        : {
            MerchantRequestID: prompt.merchantRequestId,
            CheckoutRequestID: prompt.checkoutRequestId,
            ResultCode: resultCode,
            ResultDesc: resultDesc,
          };
    this.dispatcher.dispatch({
      kind: "stk",
      reference: prompt.checkoutRequestId,
      url: record.callbackUrl,
      body: { Body: { stkCallback: callback } },
      fault: this.#effectiveFault(record.fault, false),
    });
  }

  #readFreshTimestamp(body: RequestBody): string {
    const timestamp = readField(body, "Timestamp", wireSchemas.timestamp);
    let instant: Date;
    try {
      instant = parseDarajaTimestamp(timestamp);
    } catch {
      throw invalidField("Timestamp");
    }
    if (Math.abs(instant.getTime() - this.options.now().getTime()) > TIMESTAMP_TOLERANCE_MS) {
      throw invalidField("Timestamp");
    }
    return timestamp;
  }

  #checkStkPassword(body: RequestBody, shortCode: string, timestamp: string): void {
    const password = readField(body, "Password", wireSchemas.text);
    const passkey = this.#passkeys.get(shortCode);
    if (passkey !== undefined) {
      if (!sameSecret(password, computeStkPassword(shortCode, passkey, timestamp))) {
        throw new DarajaReply(500, "500.001.1001", "Wrong credentials");
      }
      return;
    }
    if (!this.options.lenientPasskeys) throw new DarajaReply(500, "500.001.1001", "Merchant does not exist");
    // Lenient: any passkey, but the password must still be shortcode + passkey + this timestamp.
    const decoded = Buffer.from(password, "base64").toString("utf8");
    const wellFormed =
      decoded.length > shortCode.length + timestamp.length &&
      decoded.startsWith(shortCode) &&
      decoded.endsWith(timestamp);
    if (!wellFormed) throw new DarajaReply(500, "500.001.1001", "Wrong credentials");
  }

  // ---- C2B -------------------------------------------------------------------------------------------------

  c2bRegister(body: RequestBody): ApiReply {
    const c2bError = (field: string) => () =>
      new DarajaReply(400, "400.003.02", `Bad Request - Invalid ${field}`);
    const shortCode = readField(body, "ShortCode", wireSchemas.shortCode, c2bError("ShortCode"));
    const responseType = readField(
      body,
      "ResponseType",
      z.string().transform((value, context) => {
        const normalised = value.trim().toLowerCase();
        if (normalised === "completed") return "Completed" as const;
        if (normalised === "cancelled") return "Cancelled" as const;
        context.addIssue({ code: "custom", message: "unknown ResponseType" });
        return z.NEVER;
      }),
      c2bError("ResponseType"),
    );
    const confirmationUrl = readCallbackUrl(body, "ConfirmationURL", c2bError("ConfirmationURL"));
    const validationUrl = readCallbackUrl(body, "ValidationURL", c2bError("ValidationURL"));
    if (this.#faults.rejectC2bReRegistration && this.#c2bRegistrations.has(shortCode)) {
      throw new DarajaReply(500, "500.003.1001", "Urls are already registered");
    }
    this.#c2bRegistrations.set(shortCode, { shortCode, responseType, confirmationUrl, validationUrl });
    this.options.log(`C2B URLs registered for ${shortCode}`);
    return {
      httpStatus: 200,
      body: {
        OriginatorCoversationID: generateOriginatorConversationId(this.#nextSequence()),
        ResponseCode: "0",
        ResponseDescription: "Success",
      },
    };
  }

  c2bSimulate(body: RequestBody): ApiReply {
    const shortCode = readField(body, "ShortCode", wireSchemas.shortCode);
    const commandId = readField(
      body,
      "CommandID",
      z.enum(["CustomerPayBillOnline", "CustomerBuyGoodsOnline"]),
    );
    const amount = readField(body, "Amount", wireSchemas.amount);
    const msisdn = readField(body, "Msisdn", wireSchemas.phone);
    const billRefNumber = readField(body, "BillRefNumber", wireSchemas.optionalText);
    const originatorConversationId = generateOriginatorConversationId(this.#nextSequence());
    const registration = this.#c2bRegistrations.get(shortCode);
    if (!registration) {
      this.options.log(`C2B simulate for ${shortCode}: no URLs registered, nothing will be posted`);
    } else {
      const fault = planOutcomeForPhone(msisdn).fault;
      this.#later(() => {
        void this.#runC2bPayment(registration, { commandId, amount, msisdn, billRefNumber }, fault);
      });
    }
    return {
      httpStatus: 200,
      body: {
        OriginatorCoversationID: originatorConversationId,
        ResponseCode: "0",
        ResponseDescription: "Accept the service request successfully.",
      },
    };
  }

  async #runC2bPayment(
    registration: C2bRegistration,
    payment: { commandId: string; amount: number; msisdn: string; billRefNumber: string },
    fault: DeliveryFault | undefined,
  ): Promise<void> {
    const now = this.options.now();
    const transId = this.#newReceipt(now);
    const amountMinor = BigInt(payment.amount) * 100n;
    const body = {
      TransactionType: payment.commandId === "CustomerBuyGoodsOnline" ? "Buy Goods" : "Pay Bill",
      TransID: transId,
      TransTime: formatDarajaTimestamp(now),
      TransAmount: formatMinor(amountMinor),
      BusinessShortCode: registration.shortCode,
      BillRefNumber: payment.billRefNumber,
      InvoiceNumber: "",
      OrgAccountBalance: "",
      ThirdPartyTransID: "",
      MSISDN: this.#formatC2bMsisdn(payment.msisdn),
      FirstName: "JOHN",
      MiddleName: "",
      LastName: "DOE",
    };
    const epoch = this.#epoch;
    const reply = await this.dispatcher.exchange({
      kind: "c2b-validation",
      reference: transId,
      url: registration.validationUrl,
      body,
    });
    if (epoch !== this.#epoch) return;
    if (!this.#c2bValidationAllows(reply, registration.responseType, transId)) return;
    const balance = this.#credit(registration.shortCode, amountMinor);
    this.#transactions.set(transId, {
      receipt: transId,
      amountMinor,
      debitParty: `${payment.msisdn} - JOHN DOE`,
      creditParty: `${registration.shortCode} - KAVI SIMULATED MERCHANT`,
      at: now,
      reasonType: body.TransactionType,
      status: "Completed",
    });
    this.dispatcher.dispatch({
      kind: "c2b-confirmation",
      reference: transId,
      url: registration.confirmationUrl,
      body: { ...body, OrgAccountBalance: formatMinor(balance) },
      fault: this.#effectiveFault(fault, false),
    });
  }

  #c2bValidationAllows(
    reply: { httpStatus: number; body: string } | undefined,
    responseType: "Completed" | "Cancelled",
    transId: string,
  ): boolean {
    const parsed = z
      .object({ ResultCode: z.union([z.string(), z.number()]).transform((value) => String(value).trim()) })
      .safeParse(
        reply && reply.httpStatus >= 200 && reply.httpStatus < 300 ? safeJson(reply.body) : undefined,
      );
    if (!parsed.success) {
      // Validation unreachable or unreadable: the registered ResponseType decides.
      this.options.log(`C2B ${transId}: validation unusable, ResponseType ${responseType} applies`);
      return responseType === "Completed";
    }
    if (parsed.data.ResultCode === "0") return true;
    this.options.log(`C2B ${transId}: rejected by validation with ${parsed.data.ResultCode}`);
    return false;
  }

  #formatC2bMsisdn(msisdn: string): string {
    switch (this.options.c2bMsisdnFormat) {
      case "plain":
        return msisdn;
      case "hashed":
        return createHash("sha256").update(msisdn, "utf8").digest("hex");
      default:
        return `${msisdn.slice(0, 4)} ***** ${msisdn.slice(-3)}`;
    }
  }

  // ---- B2C, status, balance, reversal ----------------------------------------------------------------------

  b2c(body: RequestBody, version: "v1" | "v3"): ApiReply {
    const originatorConversationId =
      version === "v3"
        ? readField(body, "OriginatorConversationID", wireSchemas.text)
        : generateOriginatorConversationId(this.#nextSequence());
    this.#readInitiator(body, "InitiatorName");
    readField(body, "CommandID", z.enum(["BusinessPayment", "SalaryPayment", "PromotionPayment"]));
    const amount = readField(body, "Amount", wireSchemas.amount.pipe(z.number().min(10)));
    const partyA = readField(body, "PartyA", wireSchemas.shortCode);
    const partyB = readField(body, "PartyB", wireSchemas.phone);
    readField(body, "Remarks", wireSchemas.text.pipe(z.string().min(2).max(100)));
    const plan = planOutcomeForPhone(partyB);
    const request = this.#readResultUrls(body, "b2c-result", originatorConversationId, plan.fault);
    const outcome: SettledOutcome =
      plan.outcome === undefined || plan.outcome === "manual" ? "success" : plan.outcome;
    this.#later(() => {
      const now = this.options.now();
      const { resultCode, resultDesc } = STK_OUTCOME_RESULTS[outcome];
      const amountMinor = BigInt(amount) * 100n;
      const transactionId = this.#newReceipt(now);
      if (resultCode !== 0) {
        // Remembered as failed, so a Transaction Status query by OriginatorConversationID can say so.
        this.#receiptsByConversation.set(request.originatorConversationId, transactionId);
        this.#receiptsByConversation.set(request.conversationId, transactionId);
        this.#transactions.set(transactionId, {
          receipt: transactionId,
          amountMinor,
          debitParty: `${partyA} - KAVI SIMULATED MERCHANT`,
          creditParty: `${partyB} - JOHN DOE`,
          at: now,
          reasonType: "Business Payment to Individual",
          status: "Failed",
        });
        this.#sendResult(request, {
          ResultType: 0,
          ResultCode: resultCode,
          ResultDesc: resultDesc,
          TransactionID: transactionId,
        });
        return;
      }
      const balance = this.#credit(partyA, -amountMinor);
      this.#receiptsByConversation.set(request.originatorConversationId, transactionId);
      this.#receiptsByConversation.set(request.conversationId, transactionId);
      this.#transactions.set(transactionId, {
        receipt: transactionId,
        amountMinor,
        debitParty: `${partyA} - KAVI SIMULATED MERCHANT`,
        creditParty: `${partyB} - JOHN DOE`,
        at: now,
        reasonType: "Business Payment to Individual",
        status: "Completed",
      });
      this.#sendResult(request, {
        ResultType: 0,
        ResultCode: 0,
        ResultDesc: resultDesc,
        TransactionID: transactionId,
        ResultParameters: {
          ResultParameter: [
            { Key: "TransactionAmount", Value: amount },
            { Key: "TransactionReceipt", Value: transactionId },
            { Key: "ReceiverPartyPublicName", Value: `${partyB} - JOHN DOE` },
            { Key: "TransactionCompletedDateTime", Value: formatDarajaResultDateTime(now) },
            { Key: "B2CUtilityAccountAvailableFunds", Value: minorToJsonNumber(balance) },
            { Key: "B2CWorkingAccountAvailableFunds", Value: 0 },
            { Key: "B2CRecipientIsRegisteredCustomer", Value: "Y" },
            { Key: "B2CChargesPaidAccountAvailableFunds", Value: 0 },
          ],
        },
      });
    });
    return this.#asyncAccepted(request);
  }

  transactionStatus(body: RequestBody): ApiReply {
    this.#readInitiator(body, "Initiator");
    readField(body, "CommandID", z.literal("TransactionStatusQuery"));
    const transactionId = readField(body, "TransactionID", wireSchemas.optionalText);
    const originalConversationId = readField(body, "OriginalConversationID", wireSchemas.optionalText);
    if (transactionId === "" && originalConversationId === "") throw invalidField("TransactionID");
    readField(body, "PartyA", wireSchemas.text);
    readField(body, "IdentifierType", wireSchemas.text.pipe(z.enum(["1", "2", "4"])));
    const request = this.#readResultUrls(
      body,
      "status-result",
      generateOriginatorConversationId(this.#nextSequence()),
      undefined,
    );
    this.#later(() => {
      const transaction = this.#transactions.get(
        transactionId || (this.#receiptsByConversation.get(originalConversationId) ?? ""),
      );
      if (!transaction || this.#faults.confirmation === "fail") {
        // Simulator's own wording: Safaricom does not document the not-found code.
        this.#sendResult(request, {
          ResultType: 0,
          ResultCode: "R000001",
          ResultDesc: "The transaction receipt number does not exist.",
          TransactionID: transactionId,
        });
        return;
      }
      const completedAt = Number(formatDarajaTimestamp(transaction.at));
      this.#sendResult(request, {
        ResultType: 0,
        ResultCode: 0,
        ResultDesc: "The service request is processed successfully.",
        TransactionID: transaction.receipt,
        ResultParameters: {
          ResultParameter: [
            { Key: "DebitPartyName", Value: transaction.debitParty },
            { Key: "CreditPartyName", Value: transaction.creditParty },
            { Key: "OriginatorConversationID", Value: request.originatorConversationId },
            { Key: "InitiatedTime", Value: completedAt },
            { Key: "DebitAccountType", Value: "Utility Account" },
            { Key: "DebitPartyCharges", Value: "" },
            { Key: "TransactionReason", Value: "" },
            { Key: "ReasonType", Value: transaction.reasonType },
            { Key: "TransactionStatus", Value: transaction.status },
            { Key: "FinalisedTime", Value: completedAt },
            {
              Key: "Amount",
              Value: minorToJsonNumber(
                transaction.amountMinor + (this.#faults.confirmation === "disagree" ? 100n : 0n),
              ),
            },
            { Key: "ConversationID", Value: request.conversationId },
            { Key: "ReceiptNo", Value: transaction.receipt },
          ],
        },
      });
    });
    return this.#asyncAccepted(request);
  }

  accountBalance(body: RequestBody): ApiReply {
    this.#readInitiator(body, "Initiator");
    readField(body, "CommandID", z.literal("AccountBalance"));
    const partyA = readField(body, "PartyA", wireSchemas.shortCode);
    readField(body, "IdentifierType", wireSchemas.text.pipe(z.enum(["1", "2", "4"])));
    const request = this.#readResultUrls(
      body,
      "balance-result",
      generateOriginatorConversationId(this.#nextSequence()),
      undefined,
    );
    this.#later(() => {
      const balance = formatMinor(this.#balance(partyA));
      this.#sendResult(request, {
        ResultType: 0,
        ResultCode: 0,
        ResultDesc: "The service request is processed successfully.",
        TransactionID: this.#newReceipt(this.options.now()),
        ResultParameters: {
          ResultParameter: [
            {
              Key: "AccountBalance",
              Value: `Working Account|KES|${balance}|${balance}|0.00|0.00&Float Account|KES|0.00|0.00|0.00|0.00&Utility Account|KES|0.00|0.00|0.00|0.00&Charges Paid Account|KES|0.00|0.00|0.00|0.00&Organization Settlement Account|KES|0.00|0.00|0.00|0.00`,
            },
            { Key: "BOCompletedTime", Value: Number(formatDarajaTimestamp(this.options.now())) },
          ],
        },
      });
    });
    return this.#asyncAccepted(request);
  }

  reversal(body: RequestBody): ApiReply {
    this.#readInitiator(body, "Initiator");
    readField(body, "CommandID", z.literal("TransactionReversal"));
    const transactionId = readField(body, "TransactionID", wireSchemas.text);
    const amount = readField(body, "Amount", wireSchemas.amount);
    const receiverParty = readField(body, "ReceiverParty", wireSchemas.shortCode);
    readField(body, "RecieverIdentifierType", wireSchemas.text);
    readField(body, "Remarks", wireSchemas.text.pipe(z.string().min(2).max(100)));
    const request = this.#readResultUrls(
      body,
      "reversal-result",
      generateOriginatorConversationId(this.#nextSequence()),
      undefined,
    );
    this.#later(() => {
      const original = this.#transactions.get(transactionId);
      if (!original || original.amountMinor !== BigInt(amount) * 100n) {
        this.#sendResult(request, {
          ResultType: 0,
          ResultCode: "R000002",
          ResultDesc: "The OriginalTransactionID is invalid.",
          TransactionID: transactionId,
        });
        return;
      }
      const reversalId = this.#newReceipt(this.options.now());
      const balance = this.#credit(receiverParty, -original.amountMinor);
      // The original can be reversed once; the reversal is a transaction of its own, so Transaction Status (by
      // its receipt or by the request's conversation ids) can confirm it before a business books it.
      this.#transactions.delete(transactionId);
      this.#transactions.set(reversalId, {
        receipt: reversalId,
        amountMinor: original.amountMinor,
        debitParty: original.creditParty,
        creditParty: original.debitParty,
        at: this.options.now(),
        reasonType: "Reversal",
        status: "Completed",
      });
      this.#receiptsByConversation.set(request.originatorConversationId, reversalId);
      this.#receiptsByConversation.set(request.conversationId, reversalId);
      this.#sendResult(request, {
        ResultType: 0,
        ResultCode: 0,
        ResultDesc: "The service request is processed successfully.",
        TransactionID: reversalId,
        ResultParameters: {
          ResultParameter: [
            {
              Key: "DebitAccountBalance",
              Value: `Utility Account|KES|${formatMinor(balance)}|${formatMinor(balance)}|0.00|0.00`,
            },
            { Key: "Amount", Value: amount },
            { Key: "TransCompletedTime", Value: Number(formatDarajaTimestamp(this.options.now())) },
            { Key: "OriginalTransactionID", Value: transactionId },
            { Key: "Charge", Value: 0 },
            { Key: "CreditPartyPublicName", Value: original.debitParty },
            { Key: "DebitPartyPublicName", Value: original.creditParty },
          ],
        },
      });
    });
    return this.#asyncAccepted(request);
  }

  #readInitiator(body: RequestBody, field: "InitiatorName" | "Initiator"): void {
    readField(body, field, wireSchemas.text);
    // The simulator cannot decrypt the credential; it checks that it looks like RSA output in base64.
    readField(body, "SecurityCredential", z.string().regex(/^[A-Za-z0-9+/]{40,}={0,2}$/));
  }

  #readResultUrls(
    body: RequestBody,
    kind: CallbackKind,
    originatorConversationId: string,
    fault: DeliveryFault | undefined,
  ): ResultRequest {
    return {
      kind,
      originatorConversationId,
      conversationId: generateConversationId(this.options.now()),
      resultUrl: readCallbackUrl(body, "ResultURL"),
      queueTimeOutUrl: readCallbackUrl(body, "QueueTimeOutURL"),
      fault,
    };
  }

  #asyncAccepted(request: ResultRequest): ApiReply {
    this.options.log(`${request.kind} request accepted: ${request.conversationId}`);
    return {
      httpStatus: 200,
      body: {
        ConversationID: request.conversationId,
        OriginatorConversationID: request.originatorConversationId,
        ResponseCode: "0",
        ResponseDescription: "Accept the service request successfully.",
      },
    };
  }

  #sendResult(request: ResultRequest, result: Record<string, unknown>): void {
    const fault = this.#effectiveFault(request.fault, true);
    const referenceData = {
      ReferenceData: { ReferenceItem: { Key: "QueueTimeoutURL", Value: request.queueTimeOutUrl } },
    };
    if (fault === "queue-timeout") {
      this.dispatcher.dispatch({
        kind: "queue-timeout",
        reference: request.conversationId,
        url: request.queueTimeOutUrl,
        body: {
          Result: {
            ResultType: 1,
            ResultCode: 1,
            ResultDesc: "The request timed out while waiting in the queue and was not processed.",
            OriginatorConversationID: request.originatorConversationId,
            ConversationID: request.conversationId,
            TransactionID: "",
            ...referenceData,
          },
        },
        fault: "none",
      });
      return;
    }
    this.dispatcher.dispatch({
      kind: request.kind,
      reference: request.conversationId,
      url: request.resultUrl,
      body: {
        Result: {
          ...result,
          OriginatorConversationID: request.originatorConversationId,
          ConversationID: request.conversationId,
          ...referenceData,
        },
      },
      fault,
    });
  }

  // ---- shared ----------------------------------------------------------------------------------------------

  /** The global fault wins over the magic digits; queue-timeout only exists for Result requests. */
  #effectiveFault(requested: DeliveryFault | undefined, supportsQueueTimeout: boolean): DeliveryFault {
    const fault = this.#faults.delivery ?? requested ?? "none";
    if (fault === "queue-timeout" && !supportsQueueTimeout) return "none";
    return fault;
  }

  /** Runs an action after the callback delay (or the given wait); close() and reset() cancel it. */
  #later(action: () => void, waitMs = this.options.callbackDelayMs): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      action();
    }, waitMs);
    this.#timers.add(timer);
    return timer;
  }

  #nextSequence(): number {
    const sequence = this.#sequence;
    this.#sequence += 1;
    return sequence;
  }

  #newReceipt(instant: Date): string {
    for (;;) {
      const receipt = generateReceiptNumber(instant);
      if (!this.#transactions.has(receipt)) return receipt;
    }
  }

  #balance(shortCode: string): bigint {
    return this.#balances.get(shortCode) ?? OPENING_BALANCE_MINOR;
  }

  #credit(shortCode: string, amountMinor: bigint): bigint {
    const balance = this.#balance(shortCode) + amountMinor;
    this.#balances.set(shortCode, balance);
    return balance;
  }

  #resetPasskeys(): void {
    this.#passkeys.clear();
    this.#passkeys.set(SANDBOX_STK_SHORTCODE, SANDBOX_STK_PASSKEY);
    for (const [shortCode, passkey] of Object.entries(this.options.passkeys))
      this.#passkeys.set(shortCode, passkey);
  }
}

/** A control API failure (unknown or already settled prompt). */
export class SimulatorControlError extends Error {
  override name = "SimulatorControlError";
  readonly httpStatus: number;

  constructor(httpStatus: number, message: string) {
    super(message);
    this.httpStatus = httpStatus;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Like Daraja, compares credentials in constant time (digests first, so lengths do not matter). */
function sameSecret(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
