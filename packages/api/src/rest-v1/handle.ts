import { businesses } from "@kavi/db";
import { AppError } from "@kavi/domain";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { eq } from "drizzle-orm";
import { type ApiServices, type Context, createContext, type RequestInfo } from "../context";
import { toTRPCError } from "../errors";
import { callProcedure } from "../procedure-path";
import { appRouter, createCaller } from "../root";
import { fieldErrorsFromCause } from "../trpc";
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  IDEMPOTENCY_KEY_PATTERN,
  releaseIdempotencyKey,
  requestFingerprint,
} from "./idempotency";
import {
  deprecationHeaders,
  REST_OPERATIONS,
  type RestMethod,
  type RestOperation,
  retirementOf,
} from "./operations";
import { coerceToSchema, inputSchemaOf, type JsonSchema, pathParameterNames } from "./schema";
import { toRestJson } from "./wire";

export interface RestRequest {
  method: string;
  /** The path below /api/v1, e.g. /businesses/…/invoices. */
  path: string;
  query: Record<string, unknown>;
  body: unknown;
  idempotencyKey: string | null;
  info: RequestInfo;
}

export interface RestResponse {
  status: number;
  /** The JSON text of the answer. */
  body: string;
  headers: Record<string, string>;
}

/** The error body every v1 failure has: a stable code, words for people, field messages, the request id. */
export interface RestErrorBody {
  error: {
    code: string;
    message: string;
    fields: Record<string, string[]>;
    requestId: string;
    reason?: string;
  };
}

interface CompiledOperation {
  operation: RestOperation;
  pattern: RegExp;
  parameters: string[];
  input: JsonSchema;
  /** Literal segments rank before parameters, so /transactions/summary is not read as a transaction id. */
  specificity: number;
}

function compile(operation: RestOperation): CompiledOperation {
  const parameters = pathParameterNames(operation.path);
  const source = operation.path
    .split("/")
    .map((segment) =>
      /^\{\w+\}$/.test(segment) ? "([^/]+)" : segment.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&"),
    )
    .join("/");
  return {
    operation,
    pattern: new RegExp(`^${source}/?$`),
    parameters,
    input: inputSchemaOf(appRouter, operation),
    specificity: operation.path.split("/").filter((segment) => segment && !segment.startsWith("{")).length,
  };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): RestResponse {
  return {
    status,
    body: JSON.stringify(body),
    headers: { "cache-control": "private, no-store", ...headers },
  };
}

export function restError(
  status: number,
  code: string,
  message: string,
  requestId: string,
  extra: { fields?: Record<string, string[]> | null; reason?: string | null } = {},
): RestResponse {
  const body: RestErrorBody = {
    error: {
      code,
      message,
      fields: extra.fields ?? {},
      requestId,
      ...(extra.reason ? { reason: extra.reason } : {}),
    },
  };
  return json(status, body);
}

function errorResponse(error: unknown, requestId: string, services: ApiServices): RestResponse {
  const trpcError = error instanceof TRPCError ? error : toTRPCError(error);
  const status = getHTTPStatusCodeFromError(trpcError);
  if (trpcError.code === "SERVICE_UNAVAILABLE" && trpcError.cause instanceof AppError) {
    services.logger.warn({ requestId }, "REST v1 request refused: overloaded");
    const response = restError(status, "service_unavailable", trpcError.message, requestId);
    const retryAfter = trpcError.cause.retryAfterSeconds;
    return retryAfter === undefined
      ? response
      : { ...response, headers: { ...response.headers, "retry-after": String(retryAfter) } };
  }
  if (status >= 500) {
    services.logger.error({ err: trpcError.cause ?? trpcError, requestId }, "REST v1 request failed");
    return restError(
      status,
      "internal_server_error",
      "Something went wrong on our side. Please try again in a moment.",
      requestId,
    );
  }
  const fields = fieldErrorsFromCause(trpcError.cause);
  const appError = trpcError.cause instanceof AppError ? trpcError.cause : null;
  const message = fields && !appError ? "Some fields need your attention" : trpcError.message;
  return restError(status, trpcError.code.toLowerCase(), message, requestId, {
    fields,
    reason: appError?.reason ?? null,
  });
}

function plainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * The REST API v1 over the app's procedures, free of any HTTP framework: apps/server feeds it Express
 * requests. Each call builds the same context the SPA's calls get, so authentication (an API key or a
 * person's access token), tenancy, permissions, rate limits and audit are the procedure's own.
 */
export function createRestApiV1(services: ApiServices, table: readonly RestOperation[] = REST_OPERATIONS) {
  const operations = table.map(compile).sort((a, b) => b.specificity - a.specificity);

  function match(method: string, path: string) {
    const candidates = operations.flatMap((compiled) => {
      const found = compiled.pattern.exec(path);
      return found ? [{ compiled, values: found.slice(1) }] : [];
    });
    const hit = candidates.find(({ compiled }) => compiled.operation.method === method.toLowerCase());
    return {
      hit,
      allowed: [...new Set(candidates.map(({ compiled }) => compiled.operation.method.toUpperCase()))],
    };
  }

  async function businessCurrency(businessId: unknown): Promise<string> {
    if (typeof businessId !== "string") return "KES";
    const [row] = await services.db
      .select({ baseCurrency: businesses.baseCurrency })
      .from(businesses)
      .where(eq(businesses.id, businessId))
      .limit(1);
    return row?.baseCurrency ?? "KES";
  }

  /**
   * Answers one request. Every call made with a live key is recorded as that key (method, path, operation,
   * status, address, time) in its request log, whatever the outcome; a deprecated operation's every answer
   * carries its Deprecation, Sunset and Link headers.
   */
  async function handle(request: RestRequest): Promise<RestResponse> {
    const started = performance.now();
    const context = await createContext(services, { ...request.info, surface: "rest-v1" });
    const { response, operation } = await answer(request, context);
    const answered =
      operation?.deprecated && retirementOf(operation, services.now()) !== "removed"
        ? { ...response, headers: { ...response.headers, ...deprecationHeaders(operation) } }
        : response;
    if (context.apiKey) {
      services.apiKeyRequests.record({
        apiKeyId: context.apiKey.id,
        businessId: context.apiKey.businessId,
        method: request.method.toUpperCase(),
        path: `/api/v1${request.path}`,
        operation: operation?.operationId ?? null,
        status: answered.status,
        durationMs: performance.now() - started,
        ip: request.info.ip,
        requestId: request.info.requestId,
        at: services.now(),
      });
    }
    return answered;
  }

  async function answer(
    request: RestRequest,
    context: Context,
  ): Promise<{ response: RestResponse; operation: RestOperation | null }> {
    const { hit, allowed } = match(request.method, request.path);
    if (!hit) return { response: unmatched(allowed, request.info.requestId), operation: null };
    return { response: await run(request, context, hit), operation: hit.compiled.operation };
  }

  function unmatched(allowed: string[], requestId: string): RestResponse {
    return allowed.length > 0
      ? {
          ...restError(405, "method_not_allowed", `Use ${allowed.join(" or ")} here`, requestId),
          headers: { allow: allowed.join(", ") },
        }
      : restError(
          404,
          "not_found",
          "There is no API operation at this address. See /api/v1/openapi.json.",
          requestId,
        );
  }

  async function run(
    request: RestRequest,
    context: Context,
    { compiled, values }: { compiled: CompiledOperation; values: string[] },
  ): Promise<RestResponse> {
    const requestId = request.info.requestId;
    const { operation } = compiled;
    const retirement = retirementOf(operation, services.now());
    if (retirement === "removed") {
      return restError(
        404,
        "not_found",
        "There is no API operation at this address. See /api/v1/openapi.json.",
        requestId,
      );
    }
    if (retirement === "gone" && operation.deprecated) {
      return restError(
        410,
        "gone",
        `This operation was retired on ${operation.deprecated.sunset.slice(0, 10)}. Use ${operation.deprecated.successor} instead.`,
        requestId,
      );
    }
    const method = operation.method satisfies RestMethod;
    let parameters: Record<string, string>;
    try {
      parameters = Object.fromEntries(
        compiled.parameters.map((name, index) => [name, decodeURIComponent(values[index] ?? "")]),
      );
    } catch {
      return restError(400, "bad_request", "The address has a malformed part", requestId);
    }
    let input: Record<string, unknown>;
    if (method === "post" || method === "put") {
      const body = request.body ?? {};
      if (!plainObject(body))
        return restError(400, "bad_request", "Send a JSON object as the body", requestId);
      input = { ...(coerceToSchema(body, compiled.input, false) as Record<string, unknown>), ...parameters };
    } else {
      input = {
        ...(coerceToSchema(request.query, compiled.input, true) as Record<string, unknown>),
        ...parameters,
      };
    }

    let idempotency: { id: string } | null = null;
    if (method === "post" && request.idempotencyKey !== null) {
      if (!IDEMPOTENCY_KEY_PATTERN.test(request.idempotencyKey)) {
        return restError(
          400,
          "bad_request",
          "Idempotency-Key must be 1 to 255 visible characters",
          requestId,
        );
      }
      const owner = context.apiKey
        ? `key:${context.apiKey.id}`
        : context.auth
          ? `user:${context.auth.userId}`
          : null;
      if (owner) {
        const claim = await claimIdempotencyKey(
          services.db,
          owner,
          request.idempotencyKey,
          operation.operationId,
          requestFingerprint(operation.operationId, { parameters, body: request.body ?? {} }),
          services.now(),
        );
        if (claim.kind === "conflict")
          return restError(409, "idempotency_conflict", claim.message, requestId);
        if (claim.kind === "replay") {
          return {
            status: claim.status,
            body: claim.body,
            headers: { "cache-control": "private, no-store", "idempotent-replayed": "true" },
          };
        }
        idempotency = { id: claim.id };
      }
    }

    try {
      const baseCurrency =
        context.apiKey?.caller.business?.baseCurrency ?? (await businessCurrency(input.businessId));
      const procedureInput = operation.toProcedureInput
        ? operation.toProcedureInput(input, { baseCurrency })
        : input;
      const output = await callProcedure(createCaller(context), operation.procedure, procedureInput);
      const response = json(operation.status, toRestJson(output ?? { ok: true }, baseCurrency));
      if (idempotency)
        await completeIdempotencyKey(services.db, idempotency.id, response.status, response.body);
      return response;
    } catch (error) {
      if (idempotency) await releaseIdempotencyKey(services.db, idempotency.id);
      return errorResponse(error, requestId, services);
    }
  }

  return { handle, operations: operations.map(({ operation, input }) => ({ operation, input })) };
}
