import type { AnyRouter } from "@trpc/server";
import { z } from "zod";
import type { RestOperation } from "./operations";

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses) as zod writes it. */
export type JsonSchema = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  format?: string;
};

interface RawProcedure {
  _def: { type: "query" | "mutation" | "subscription"; inputs: unknown[] };
}

export function procedureOf(router: AnyRouter, path: string): RawProcedure {
  const procedures = (router._def as unknown as { procedures: Record<string, RawProcedure> }).procedures;
  const procedure = procedures[path];
  if (!procedure) throw new Error(`REST v1: no procedure at ${path}`);
  return procedure;
}

function toJsonSchema(schema: unknown): JsonSchema {
  return z.toJSONSchema(schema as z.ZodType, {
    io: "input",
    target: "draft-2020-12",
    // Dates travel as ISO strings; the request is coerced back (coerceToSchema) before the procedure sees it.
    unrepresentable: "any",
    override: (context) => {
      const def = (context.zodSchema as { _zod?: { def?: { type?: string } } })._zod?.def;
      if (def?.type === "date") {
        context.jsonSchema.type = "string";
        context.jsonSchema.format = "date-time";
      }
    },
  }) as JsonSchema;
}

/** The procedure's whole input (its businessId scope merged with its own), as one object schema. */
export function inputSchemaOf(router: AnyRouter, operation: RestOperation): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required = new Set<string>();
  for (const input of procedureOf(router, operation.procedure)._def.inputs) {
    const schema = toJsonSchema(input);
    Object.assign(properties, schema.properties ?? {});
    for (const name of schema.required ?? []) required.add(name);
  }
  if (operation.bodyOverride) {
    for (const name of operation.bodyOverride.replaces) {
      delete properties[name];
      required.delete(name);
    }
    Object.assign(properties, operation.bodyOverride.properties);
    for (const name of operation.bodyOverride.required) required.add(name);
  }
  return { type: "object", properties, required: [...required] };
}

export function pathParameterNames(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function types(schema: JsonSchema): string[] {
  const own = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  return [...own, ...(schema.anyOf ?? []).flatMap(types)];
}

function isDateTime(schema: JsonSchema): boolean {
  return schema.format === "date-time" || (schema.anyOf ?? []).some(isDateTime);
}

function firstOf(schema: JsonSchema, key: "properties" | "items"): JsonSchema | undefined {
  if (schema[key]) return schema as JsonSchema;
  return (schema.anyOf ?? []).find((option) => option[key]);
}

/**
 * Turns JSON (and query strings) into what the procedure's zod schema takes: ISO strings into Dates where the
 * schema has a date, and query text into numbers, booleans and arrays where it wants those. Anything else is
 * left as it came: the procedure's own schema judges it and answers a field error.
 */
export function coerceToSchema(value: unknown, schema: JsonSchema | undefined, fromQuery: boolean): unknown {
  if (!schema) return value;
  if (typeof value === "string") {
    if (isDateTime(schema) && ISO_DATE_TIME.test(value)) return new Date(value);
    if (!fromQuery) return value;
    const wanted = types(schema);
    if (wanted.includes("string")) return value;
    if ((wanted.includes("integer") || wanted.includes("number")) && /^-?\d+(\.\d+)?$/.test(value)) {
      return Number(value);
    }
    if (wanted.includes("boolean") && (value === "true" || value === "false")) return value === "true";
    if (wanted.includes("null") && value === "") return null;
    const array = firstOf(schema, "items");
    if (array?.items) return value.split(",").map((item) => coerceToSchema(item, array.items, true));
    return value;
  }
  if (Array.isArray(value)) {
    const array = firstOf(schema, "items");
    return value.map((item) => coerceToSchema(item, array?.items, fromQuery));
  }
  if (value && typeof value === "object") {
    const object = firstOf(schema, "properties");
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        coerceToSchema(item, object?.properties?.[key], fromQuery),
      ]),
    );
  }
  return value;
}
