import type { RestOperation } from "./operations";
import { responseSchemaOf } from "./responses";
import { type JsonSchema, pathParameterNames } from "./schema";

export const REST_API_VERSION = "1.0.0";

const ERROR_RESPONSES: Record<string, string> = {
  "400": "The input is not valid: `error.fields` names each field and what is wrong with it",
  "401": "No API key, or one that is revoked, rolled or expired",
  "403": "The key's scopes (or its creator's role) do not allow this",
  "404": "No such resource in this business (another business's ids answer the same)",
  "409":
    "A conflict: the resource's state does not allow it, or an Idempotency-Key reused for a different request",
  "412":
    "The resource is not in a state that allows this (e.g. voiding an invoice that has payments): `error.message` says why",
  "429": "Over the key's hourly limit: wait for `Retry-After` seconds",
};

const RATE_LIMIT_HEADERS = {
  "RateLimit-Limit": { description: "Requests allowed in the window", schema: { type: "integer" } },
  "RateLimit-Remaining": { description: "Requests left in the window", schema: { type: "integer" } },
  "RateLimit-Reset": { description: "Seconds until the window resets", schema: { type: "integer" } },
  "RateLimit-Policy": {
    description: "The limit and its window, e.g. `1000;w=3600`",
    schema: { type: "string" },
  },
};

/** On every answer from a deprecated operation (docs/api-versioning.md). */
const DEPRECATION_HEADERS = {
  Deprecation: {
    description: "When it was deprecated: `@<unix time>` (RFC 9745)",
    schema: { type: "string" },
  },
  Sunset: { description: "When it stops answering, an HTTP date (RFC 8594)", schema: { type: "string" } },
  Link: { description: 'Its successor: `<…>; rel="successor-version"`', schema: { type: "string" } },
};

function withoutMeta(schema: JsonSchema): JsonSchema {
  const { $schema: _drop, ...rest } = schema;
  return rest as JsonSchema;
}

function pick(schema: JsonSchema, names: string[]): JsonSchema {
  const properties = Object.fromEntries(
    Object.entries(schema.properties ?? {}).filter(([name]) => names.includes(name)),
  );
  return {
    type: "object",
    properties,
    required: (schema.required ?? []).filter((name) => names.includes(name)),
  };
}

function operationObject(operation: RestOperation, input: JsonSchema) {
  const pathNames = pathParameterNames(operation.path);
  const own = Object.keys(input.properties ?? {}).filter((name) => !pathNames.includes(name));
  const required = new Set(input.required ?? []);
  const parameters: unknown[] = pathNames.map((name) => ({
    name,
    in: "path",
    required: true,
    schema: { type: "string", format: "uuid" },
  }));
  let requestBody: unknown;
  if (operation.method === "get" || operation.method === "delete") {
    for (const name of own) {
      const schema = input.properties?.[name] ?? {};
      parameters.push({
        name,
        in: "query",
        required: required.has(name),
        schema: withoutMeta(schema),
        ...(JSON.stringify(schema).includes('"array"') ? { style: "form", explode: false } : {}),
      });
    }
  } else {
    requestBody = {
      required: true,
      content: { "application/json": { schema: pick(input, own) } },
    };
  }
  if (operation.method === "post") {
    parameters.push({
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description:
        "Any unique string (a UUID). A repeat within 24 hours returns the first response; the same key with a different body is a 409.",
      schema: { type: "string", maxLength: 255 },
    });
  }
  const responses: Record<string, unknown> = {
    [String(operation.status)]: {
      description: operation.paged
        ? "A page: `items` and `nextCursor` (null on the last page; pass it back as `cursor`)"
        : "The result. Money is a decimal string next to its `currency`; dates are ISO 8601.",
      headers: operation.deprecated ? { ...RATE_LIMIT_HEADERS, ...DEPRECATION_HEADERS } : RATE_LIMIT_HEADERS,
      content: { "application/json": { schema: responseSchemaOf(operation.operationId) } },
    },
  };
  if (operation.deprecated) {
    responses["410"] = {
      description: `Retired on ${operation.deprecated.sunset.slice(0, 10)}: use ${operation.deprecated.successor}`,
      headers: DEPRECATION_HEADERS,
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    };
  }
  for (const [status, description] of Object.entries(ERROR_RESPONSES)) {
    if ((status === "409" || status === "412") && operation.method === "get") continue;
    responses[status] = {
      description,
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    };
  }
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    tags: [operation.tag],
    description: operation.deprecated
      ? `Runs \`${operation.procedure}\`. Deprecated since ${operation.deprecated.since.slice(0, 10)}; answers 410 Gone from ${operation.deprecated.sunset.slice(0, 10)}. Use ${operation.deprecated.successor}.`
      : `Runs \`${operation.procedure}\`.`,
    ...(operation.deprecated ? { deprecated: true } : {}),
    parameters,
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document for /api/v1, built from the operation table and the procedures' own zod schemas. */
export function buildOpenApiDocument(
  operations: readonly { operation: RestOperation; input: JsonSchema }[],
  serverUrl: string,
) {
  const paths: Record<string, Record<string, unknown>> = {};
  const ordered = [...operations].sort((a, b) => a.operation.path.localeCompare(b.operation.path));
  for (const { operation, input } of ordered) {
    paths[operation.path] ??= {};
    (paths[operation.path] as Record<string, unknown>)[operation.method] = operationObject(operation, input);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "KAVI API",
      version: REST_API_VERSION,
      description:
        "The REST API of KAVI, the finance co-pilot for Kenyan small businesses. Authenticate with an API key from Settings → API: `Authorization: Bearer kavi_live_…`. Money is a decimal string plus its currency, dates are ISO 8601, lists page with `cursor`. See docs/api.md and docs/api-versioning.md.",
    },
    servers: [{ url: serverUrl }],
    security: [{ apiKey: [] }],
    tags: [...new Set(ordered.map(({ operation }) => operation.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          description:
            "An API key (`kavi_live_…` or `kavi_test_…`) created by an owner or admin in Settings → API.",
        },
      },
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message", "fields", "requestId"],
              properties: {
                code: { type: "string", examples: ["bad_request", "not_found", "idempotency_conflict"] },
                message: { type: "string" },
                fields: {
                  type: "object",
                  additionalProperties: { type: "array", items: { type: "string" } },
                },
                requestId: { type: "string" },
                reason: { type: "string" },
              },
            },
          },
        },
      },
    },
  };
}
