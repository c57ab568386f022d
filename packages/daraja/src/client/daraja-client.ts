import { Buffer } from "node:buffer";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { computeStkPassword } from "../password";
import { formatDarajaTimestamp } from "../timestamp";
import {
  DarajaError,
  DarajaNetworkError,
  type DarajaOperation,
  DarajaTimeoutError,
  DarajaUnexpectedResponseError,
  DarajaValidationError,
} from "./errors";
import { type DarajaFetch, type DarajaHttpRequest, nodeFetch } from "./node-fetch";
import {
  type TErrorEnvelope,
  ZAsyncRequestResponseSchema,
  ZC2bResponseSchema,
  ZErrorEnvelopeSchema,
  ZOAuthResponseSchema,
  ZStkPushResponseSchema,
  ZStkQueryResponseSchema,
} from "./responses";
import { computeSecurityCredential } from "./security-credential";
import { type AccessToken, deriveTokenCacheKey, SharedTokenProvider } from "./token-cache";
import {
  type AccountBalanceOptions,
  type AsyncRequestAccepted,
  type B2cOptions,
  type C2bRegisterOptions,
  type C2bRequestAccepted,
  type C2bSimulateOptions,
  DARAJA_BASE_URLS,
  type DarajaClientOptions,
  type DarajaEnvironment,
  type DarajaLogger,
  type IdentifierType,
  type ReversalOptions,
  type StkPushAccepted,
  type StkPushOptions,
  type StkQueryOptions,
  type StkQueryResult,
  type TransactionStatusOptions,
} from "./types";
import {
  amountFieldsSchema,
  type CallbackUrlRules,
  callbackUrlSchema,
  MAX_ACCOUNT_REFERENCE_LENGTH,
  MAX_TRANSACTION_DESC_LENGTH,
  msisdnSchema,
  occasionSchema,
  remarksSchema,
  shortCodeSchema,
  validateRequest,
  withWholeShillings,
} from "./validation";

export const DEFAULT_DARAJA_TIMEOUT_MS = 30_000;
/** M-Pesa pays out no less than KES 10. */
export const MIN_B2C_AMOUNT = 10;

/** Daraja's "invalid access token" codes: the request was refused before processing, so one retry is safe. */
const INVALID_TOKEN_ERROR_CODES: ReadonlySet<string> = new Set(["404.001.03", "400.003.01"]);

/** Connection errors raised before any byte of the request left this process. */
const NOT_SENT_ERROR_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "ERR_INVALID_URL",
]);

/** Operations with no effect on anybody's money: a lost reply to these is never an "outcome unknown". */
const SIDE_EFFECT_FREE_OPERATIONS: ReadonlySet<DarajaOperation> = new Set(["oauth", "stkQuery"]);

const IDENTIFIER_TYPE_CODES: Readonly<Record<IdentifierType, string>> = {
  msisdn: "1",
  till: "2",
  shortcode: "4",
};

const silentLogger: DarajaLogger = { debug: () => {}, warn: () => {} };

interface RawResponse {
  httpStatus: number;
  text: string;
  json: unknown;
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function readErrorEnvelope(response: RawResponse): TErrorEnvelope | undefined {
  const parsed = ZErrorEnvelopeSchema.safeParse(response.json);
  return parsed.success ? parsed.data : undefined;
}

function readCauseCode(error: unknown): string | undefined {
  const cause = error instanceof Error ? error.cause : undefined;
  if (typeof cause === "object" && cause !== null && "code" in cause && typeof cause.code === "string") {
    return cause.code;
  }
  return undefined;
}

const timeoutSchema = z.number().int().positive().optional();
const textField = (max: number) =>
  z.string().trim().min(1, "is required").max(max, `must be at most ${max} characters`);

/**
 * Each operation's request schema. Built once per set of URL rules (requestSchemasFor): zod compiles a schema the
 * first time it parses, so a schema built inside the call was built and compiled again on every request, a
 * twentieth of the worker's settlement CPU (bench/README.md, issue 13).
 */
function requestSchemas(urlRules: CallbackUrlRules) {
  const callbackUrl = callbackUrlSchema(urlRules);
  return {
    stkPush: withWholeShillings(
      amountFieldsSchema.extend({
        businessShortCode: shortCodeSchema,
        passkey: z.string().min(1, "is required"),
        transactionType: z
          .enum(["CustomerPayBillOnline", "CustomerBuyGoodsOnline"])
          .default("CustomerPayBillOnline"),
        partyB: shortCodeSchema.optional(),
        phoneNumber: msisdnSchema,
        callbackUrl,
        accountReference: textField(MAX_ACCOUNT_REFERENCE_LENGTH),
        transactionDesc: textField(MAX_TRANSACTION_DESC_LENGTH),
        timeoutMs: timeoutSchema,
      }),
    ),
    stkQuery: z.object({
      businessShortCode: shortCodeSchema,
      passkey: z.string().min(1, "is required"),
      checkoutRequestId: z.string().trim().min(1, "is required"),
      timeoutMs: timeoutSchema,
    }),
    c2bRegister: z.object({
      shortCode: shortCodeSchema,
      responseType: z.enum(["Completed", "Cancelled"]),
      confirmationUrl: callbackUrl,
      validationUrl: callbackUrl,
      apiVersion: z.enum(["v1", "v2"]).default("v1"),
      timeoutMs: timeoutSchema,
    }),
    c2bSimulate: withWholeShillings(
      amountFieldsSchema.extend({
        shortCode: shortCodeSchema,
        commandId: z.enum(["CustomerPayBillOnline", "CustomerBuyGoodsOnline"]),
        phoneNumber: msisdnSchema,
        billRefNumber: z.string().trim().max(100).optional(),
        apiVersion: z.enum(["v1", "v2"]).default("v1"),
        timeoutMs: timeoutSchema,
      }),
    ),
    b2c: withWholeShillings(
      amountFieldsSchema.extend({
        originatorConversationId: z.string().trim().min(1).max(100).optional(),
        commandId: z.enum(["BusinessPayment", "SalaryPayment", "PromotionPayment"]),
        partyA: shortCodeSchema,
        phoneNumber: msisdnSchema,
        remarks: remarksSchema,
        occasion: occasionSchema.optional(),
        resultUrl: callbackUrl,
        queueTimeOutUrl: callbackUrl,
        timeoutMs: timeoutSchema,
      }),
      MIN_B2C_AMOUNT,
    ),
    transactionStatus: z
      .object({
        transactionId: z.string().trim().min(1).optional(),
        originalConversationId: z.string().trim().min(1).optional(),
        partyA: shortCodeSchema.or(msisdnSchema),
        identifierType: z.enum(["msisdn", "till", "shortcode"]).default("shortcode"),
        remarks: remarksSchema,
        occasion: occasionSchema.optional(),
        resultUrl: callbackUrl,
        queueTimeOutUrl: callbackUrl,
        timeoutMs: timeoutSchema,
      })
      .superRefine((fields, context) => {
        if ((fields.transactionId === undefined) === (fields.originalConversationId === undefined)) {
          context.addIssue({
            code: "custom",
            path: ["transactionId"],
            message: "give transactionId or originalConversationId, exactly one",
          });
        }
      }),
    accountBalance: z.object({
      partyA: shortCodeSchema,
      identifierType: z.enum(["msisdn", "till", "shortcode"]).default("shortcode"),
      remarks: remarksSchema,
      resultUrl: callbackUrl,
      queueTimeOutUrl: callbackUrl,
      timeoutMs: timeoutSchema,
    }),
    reversal: withWholeShillings(
      amountFieldsSchema.extend({
        transactionId: z.string().trim().min(1, "is required"),
        receiverParty: shortCodeSchema,
        remarks: remarksSchema,
        occasion: occasionSchema.optional(),
        resultUrl: callbackUrl,
        queueTimeOutUrl: callbackUrl,
        timeoutMs: timeoutSchema,
      }),
    ),
  };
}

/**
 * An M-Pesa Daraja API client. One instance per credential set is typical, but instances with the same
 * credentials and host share their OAuth token.
 */
type RequestSchemas = ReturnType<typeof requestSchemas>;
const builtSchemas = new Map<string, RequestSchemas>();

/** The request schemas for these URL rules, built on first use (a client is often made per job). */
function requestSchemasFor(urlRules: CallbackUrlRules): RequestSchemas {
  const key = JSON.stringify(urlRules);
  let schemas = builtSchemas.get(key);
  if (!schemas) {
    schemas = requestSchemas(urlRules);
    builtSchemas.set(key, schemas);
  }
  return schemas;
}

export class DarajaClient {
  readonly environment: DarajaEnvironment;
  readonly baseUrl: string;
  readonly #consumerKey: string;
  readonly #consumerSecret: string;
  readonly #timeoutMs: number;
  readonly #fetch: DarajaFetch;
  readonly #now: () => Date;
  readonly #logger: DarajaLogger;
  readonly #urlRules: CallbackUrlRules;
  readonly #requests: RequestSchemas;
  readonly #tokens: SharedTokenProvider;
  readonly #initiator: DarajaClientOptions["initiator"];
  #computedSecurityCredential: string | undefined;

  constructor(options: DarajaClientOptions) {
    if (!options.consumerKey || !options.consumerSecret) {
      throw new TypeError("DarajaClient needs a consumerKey and a consumerSecret");
    }
    if (options.environment !== "sandbox" && options.environment !== "production") {
      throw new TypeError('DarajaClient environment must be "sandbox" or "production"');
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_DARAJA_TIMEOUT_MS;
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
      throw new TypeError("timeoutMs must be a positive integer");
    this.environment = options.environment;
    this.baseUrl = (options.baseUrl ?? DARAJA_BASE_URLS[options.environment]).replace(/\/+$/, "");
    this.#consumerKey = options.consumerKey;
    this.#consumerSecret = options.consumerSecret;
    this.#timeoutMs = timeoutMs;
    this.#fetch = options.fetch ?? nodeFetch;
    this.#now = options.now ?? (() => new Date());
    this.#logger = options.logger ?? silentLogger;
    this.#initiator = options.initiator;
    this.#urlRules = { allowInsecure: options.environment === "sandbox" || options.baseUrl !== undefined };
    this.#requests = requestSchemasFor(this.#urlRules);
    this.#tokens = new SharedTokenProvider(
      deriveTokenCacheKey(this.baseUrl, options.consumerKey, options.consumerSecret),
      () => this.#issueAccessToken(),
      this.#now,
    );
  }

  /** A valid OAuth token (cached and shared). Doubles as the "test connection" check for a set of credentials. */
  getAccessToken(): Promise<string> {
    return this.#tokens.getToken();
  }

  /** STK push: prompts the customer's phone. Acceptance is not payment; wait for the callback or query. */
  async lipaNaMpesaOnline(options: StkPushOptions): Promise<StkPushAccepted> {
    const request = validateRequest("stkPush", this.#requests.stkPush, options);
    const timestamp = formatDarajaTimestamp(this.#now());
    const body = {
      BusinessShortCode: Number(request.businessShortCode),
      Password: computeStkPassword(request.businessShortCode, request.passkey, timestamp),
      Timestamp: timestamp,
      TransactionType: request.transactionType,
      Amount: String(request.amount),
      PartyA: request.phoneNumber,
      PartyB: request.partyB ?? request.businessShortCode,
      PhoneNumber: request.phoneNumber,
      CallBackURL: request.callbackUrl,
      AccountReference: request.accountReference,
      TransactionDesc: request.transactionDesc,
    };
    const response = await this.#post("stkPush", "/mpesa/stkpush/v1/processrequest", body, request.timeoutMs);
    const accepted = this.#readSuccess("stkPush", response, ZStkPushResponseSchema);
    if (accepted.ResponseCode !== "0") {
      throw new DarajaError({
        operation: "stkPush",
        httpStatus: response.httpStatus,
        errorCode: accepted.ResponseCode,
        errorMessage: accepted.ResponseDescription,
        requestId: accepted.MerchantRequestID,
      });
    }
    return {
      merchantRequestId: accepted.MerchantRequestID,
      checkoutRequestId: accepted.CheckoutRequestID,
      responseDescription: accepted.ResponseDescription,
      customerMessage: accepted.CustomerMessage,
      timestamp,
      phoneNumber: request.phoneNumber,
      amount: request.amount,
    };
  }

  /** STK query. "The transaction is being processed" is a pending result, not an error. */
  async lipaNaMpesaQuery(options: StkQueryOptions): Promise<StkQueryResult> {
    const request = validateRequest("stkQuery", this.#requests.stkQuery, options);
    const timestamp = formatDarajaTimestamp(this.#now());
    const body = {
      BusinessShortCode: request.businessShortCode,
      Password: computeStkPassword(request.businessShortCode, request.passkey, timestamp),
      Timestamp: timestamp,
      CheckoutRequestID: request.checkoutRequestId,
    };
    const response = await this.#post("stkQuery", "/mpesa/stkpushquery/v1/query", body, request.timeoutMs);
    const envelope = readErrorEnvelope(response);
    if (envelope?.errorCode === "500.001.1001" && /being processed/i.test(envelope.errorMessage)) {
      return {
        status: "pending",
        checkoutRequestId: request.checkoutRequestId,
        errorCode: envelope.errorCode,
        errorMessage: envelope.errorMessage,
        requestId: envelope.requestId,
      };
    }
    const result = this.#readSuccess("stkQuery", response, ZStkQueryResponseSchema);
    return {
      status: "completed",
      checkoutRequestId: result.CheckoutRequestID,
      merchantRequestId: result.MerchantRequestID,
      resultCode: result.ResultCode,
      resultDesc: result.ResultDesc,
      success: result.ResultCode === 0,
    };
  }

  /** Registers the C2B confirmation and validation URLs of a shortcode. */
  async c2bRegister(options: C2bRegisterOptions): Promise<C2bRequestAccepted> {
    const request = validateRequest("c2bRegister", this.#requests.c2bRegister, options);
    const body = {
      ShortCode: request.shortCode,
      ResponseType: request.responseType,
      ConfirmationURL: request.confirmationUrl,
      ValidationURL: request.validationUrl,
    };
    const response = await this.#post(
      "c2bRegister",
      `/mpesa/c2b/${request.apiVersion}/registerurl`,
      body,
      request.timeoutMs,
    );
    return this.#readSuccess("c2bRegister", response, ZC2bResponseSchema);
  }

  /** Simulates a customer paying a Paybill/Till (sandbox and simulator only). */
  async c2bSimulate(options: C2bSimulateOptions): Promise<C2bRequestAccepted> {
    if (!this.#urlRules.allowInsecure) {
      throw new DarajaValidationError("c2bSimulate", [
        { field: "environment", message: "C2B simulation exists only in the sandbox" },
      ]);
    }
    const request = validateRequest("c2bSimulate", this.#requests.c2bSimulate, options);
    const body = {
      ShortCode: Number(request.shortCode),
      CommandID: request.commandId,
      Amount: request.amount,
      Msisdn: Number(request.phoneNumber),
      BillRefNumber: request.billRefNumber ?? "",
    };
    const response = await this.#post(
      "c2bSimulate",
      `/mpesa/c2b/${request.apiVersion}/simulate`,
      body,
      request.timeoutMs,
    );
    return this.#readSuccess("c2bSimulate", response, ZC2bResponseSchema);
  }

  /** Pays a phone from a B2C shortcode. The result arrives at resultUrl (or queueTimeOutUrl). */
  async b2c(options: B2cOptions): Promise<AsyncRequestAccepted> {
    const request = validateRequest("b2c", this.#requests.b2c, options);
    const initiator = this.#resolveInitiator("b2c");
    const body = {
      OriginatorConversationID: request.originatorConversationId ?? randomUUID(),
      InitiatorName: initiator.name,
      SecurityCredential: initiator.securityCredential,
      CommandID: request.commandId,
      Amount: String(request.amount),
      PartyA: request.partyA,
      PartyB: request.phoneNumber,
      Remarks: request.remarks,
      QueueTimeOutURL: request.queueTimeOutUrl,
      ResultURL: request.resultUrl,
      // Daraja spells it so.
      Occassion: request.occasion ?? "",
    };
    const response = await this.#post("b2c", "/mpesa/b2c/v3/paymentrequest", body, request.timeoutMs);
    return this.#readAsyncAccepted("b2c", response);
  }

  /** Asks for the status of a transaction; the answer arrives at resultUrl. */
  async transactionStatus(options: TransactionStatusOptions): Promise<AsyncRequestAccepted> {
    const request = validateRequest("transactionStatus", this.#requests.transactionStatus, options);
    const initiator = this.#resolveInitiator("transactionStatus");
    const body = {
      Initiator: initiator.name,
      SecurityCredential: initiator.securityCredential,
      CommandID: "TransactionStatusQuery",
      ...(request.transactionId === undefined
        ? { OriginalConversationID: request.originalConversationId }
        : { TransactionID: request.transactionId }),
      PartyA: request.partyA,
      IdentifierType: IDENTIFIER_TYPE_CODES[request.identifierType],
      ResultURL: request.resultUrl,
      QueueTimeOutURL: request.queueTimeOutUrl,
      Remarks: request.remarks,
      Occasion: request.occasion ?? "",
    };
    const response = await this.#post(
      "transactionStatus",
      "/mpesa/transactionstatus/v1/query",
      body,
      request.timeoutMs,
    );
    return this.#readAsyncAccepted("transactionStatus", response);
  }

  /** Asks for a shortcode's balances; the answer arrives at resultUrl. */
  async accountBalance(options: AccountBalanceOptions): Promise<AsyncRequestAccepted> {
    const request = validateRequest("accountBalance", this.#requests.accountBalance, options);
    const initiator = this.#resolveInitiator("accountBalance");
    const body = {
      Initiator: initiator.name,
      SecurityCredential: initiator.securityCredential,
      CommandID: "AccountBalance",
      PartyA: request.partyA,
      IdentifierType: IDENTIFIER_TYPE_CODES[request.identifierType],
      Remarks: request.remarks,
      QueueTimeOutURL: request.queueTimeOutUrl,
      ResultURL: request.resultUrl,
    };
    const response = await this.#post(
      "accountBalance",
      "/mpesa/accountbalance/v1/query",
      body,
      request.timeoutMs,
    );
    return this.#readAsyncAccepted("accountBalance", response);
  }

  /** Reverses a received payment; the answer arrives at resultUrl. */
  async reversal(options: ReversalOptions): Promise<AsyncRequestAccepted> {
    const request = validateRequest("reversal", this.#requests.reversal, options);
    const initiator = this.#resolveInitiator("reversal");
    const body = {
      Initiator: initiator.name,
      SecurityCredential: initiator.securityCredential,
      CommandID: "TransactionReversal",
      TransactionID: request.transactionId,
      Amount: String(request.amount),
      ReceiverParty: request.receiverParty,
      // Daraja spells it so.
      RecieverIdentifierType: "11",
      ResultURL: request.resultUrl,
      QueueTimeOutURL: request.queueTimeOutUrl,
      Remarks: request.remarks,
      Occasion: request.occasion ?? "",
    };
    const response = await this.#post("reversal", "/mpesa/reversal/v1/request", body, request.timeoutMs);
    return this.#readAsyncAccepted("reversal", response);
  }

  #resolveInitiator(operation: DarajaOperation): { name: string; securityCredential: string } {
    const initiator = this.#initiator;
    if (!initiator) {
      throw new DarajaValidationError(operation, [
        { field: "initiator", message: "configure the client with an initiator for this request" },
      ]);
    }
    if ("securityCredential" in initiator) return initiator;
    this.#computedSecurityCredential ??= computeSecurityCredential(
      initiator.password,
      initiator.certificatePem,
    );
    return { name: initiator.name, securityCredential: this.#computedSecurityCredential };
  }

  async #issueAccessToken(): Promise<AccessToken> {
    const requestedAtMs = this.#now().getTime();
    const basic = Buffer.from(`${this.#consumerKey}:${this.#consumerSecret}`, "utf8").toString("base64");
    const response = await this.#send(
      "oauth",
      `${this.baseUrl}/oauth/v1/generate?grant_type=client_credentials`,
      { method: "GET", headers: { Authorization: `Basic ${basic}`, Accept: "application/json" } },
      this.#timeoutMs,
    );
    const token = this.#readSuccess("oauth", response, ZOAuthResponseSchema);
    this.#logger.debug("daraja: issued access token", { expiresInSeconds: token.expires_in });
    // Counted from the request, not the reply, so the cache never outlives the token.
    return { value: token.access_token, expiresAtMs: requestedAtMs + token.expires_in * 1000 };
  }

  /** POSTs with the cached token; on an invalid-token rejection refreshes it and retries exactly once. */
  async #post(
    operation: DarajaOperation,
    path: string,
    body: Record<string, unknown>,
    timeoutMs: number | undefined,
  ): Promise<RawResponse> {
    const send = async (token: string) =>
      this.#send(
        operation,
        `${this.baseUrl}${path}`,
        {
          method: "POST",
          headers: {
            Authorization: `Bearer ${token}`,
            "Content-Type": "application/json",
            Accept: "application/json",
          },
          body: JSON.stringify(body),
        },
        timeoutMs ?? this.#timeoutMs,
      );
    const firstToken = await this.#tokens.getToken();
    const first = await send(firstToken);
    const envelope = readErrorEnvelope(first);
    if (!envelope || !INVALID_TOKEN_ERROR_CODES.has(envelope.errorCode)) return first;
    this.#logger.warn("daraja: access token rejected, refreshing once", {
      operation,
      errorCode: envelope.errorCode,
      requestId: envelope.requestId,
    });
    this.#tokens.invalidate(firstToken);
    const secondToken = await this.#tokens.getToken();
    return send(secondToken);
  }

  async #send(
    operation: DarajaOperation,
    url: string,
    init: Omit<DarajaHttpRequest, "signal">,
    timeoutMs: number,
  ): Promise<RawResponse> {
    const signal = AbortSignal.timeout(timeoutMs);
    const mayHaveEffect = !SIDE_EFFECT_FREE_OPERATIONS.has(operation);
    const startedAt = Date.now();
    try {
      const response = await this.#fetch(url, { ...init, signal });
      const text = await response.text();
      this.#logger.debug("daraja: response", {
        operation,
        httpStatus: response.status,
        durationMs: Date.now() - startedAt,
      });
      return { httpStatus: response.status, text, json: parseJsonOrUndefined(text) };
    } catch (error) {
      if (signal.aborted) {
        this.#logger.warn("daraja: request timed out", { operation, timeoutMs });
        throw new DarajaTimeoutError(operation, timeoutMs, mayHaveEffect, { cause: error });
      }
      const code = readCauseCode(error);
      const provablyNotSent = code !== undefined && NOT_SENT_ERROR_CODES.has(code);
      this.#logger.warn("daraja: network error", { operation, code });
      throw new DarajaNetworkError(operation, mayHaveEffect && !provablyNotSent, { cause: error });
    }
  }

  #readSuccess<Schema extends z.ZodType>(
    operation: DarajaOperation,
    response: RawResponse,
    schema: Schema,
  ): z.output<Schema> {
    const isSuccessStatus = response.httpStatus >= 200 && response.httpStatus < 300;
    if (isSuccessStatus) {
      const parsed = schema.safeParse(response.json);
      if (parsed.success) return parsed.data;
    }
    const envelope = readErrorEnvelope(response);
    if (envelope) {
      this.#logger.warn("daraja: request rejected", {
        operation,
        httpStatus: response.httpStatus,
        errorCode: envelope.errorCode,
        requestId: envelope.requestId,
      });
      throw new DarajaError({
        operation,
        httpStatus: response.httpStatus,
        errorCode: envelope.errorCode,
        errorMessage: envelope.errorMessage,
        requestId: envelope.requestId,
      });
    }
    // A 2xx we cannot read, or a gateway 5xx, may hide an accepted request; a bare 4xx was refused.
    const mayHaveBeenAccepted =
      !SIDE_EFFECT_FREE_OPERATIONS.has(operation) && (isSuccessStatus || response.httpStatus >= 500);
    throw new DarajaUnexpectedResponseError(
      operation,
      response.httpStatus,
      response.text,
      mayHaveBeenAccepted,
    );
  }

  #readAsyncAccepted(operation: DarajaOperation, response: RawResponse): AsyncRequestAccepted {
    const accepted = this.#readSuccess(operation, response, ZAsyncRequestResponseSchema);
    if (accepted.ResponseCode !== "0") {
      throw new DarajaError({
        operation,
        httpStatus: response.httpStatus,
        errorCode: accepted.ResponseCode,
        errorMessage: accepted.ResponseDescription,
        requestId: accepted.ConversationID,
      });
    }
    return {
      conversationId: accepted.ConversationID,
      originatorConversationId: accepted.OriginatorConversationID,
      responseCode: accepted.ResponseCode,
      responseDescription: accepted.ResponseDescription,
    };
  }
}
