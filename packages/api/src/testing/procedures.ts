import type { AnyRouter } from "@trpc/server";
import { z } from "zod";
import { appRouter } from "../root";

export interface ProcedureInfo {
  path: string;
  type: "query" | "mutation" | "subscription";
  /** Top-level keys of the merged input objects. */
  inputKeys: string[];
  /** Keys that take an entity id (a UUID), other than businessId. */
  idKeys: string[];
  /** Built to need a verified email address (it reaches people outside the account). */
  verifiedEmail: boolean;
  /** The catalogue permission a business procedure declares (businessProcedure("invoices.write")); null otherwise. */
  permission: string | null;
}

interface RawProcedure {
  _def: {
    type: ProcedureInfo["type"];
    inputs: unknown[];
    meta?: { verifiedEmail?: boolean; permission?: string };
  };
}

function objectShape(schema: unknown): Record<string, unknown> | null {
  let current = schema;
  for (let depth = 0; depth < 6; depth += 1) {
    if (current instanceof z.ZodObject) return current.shape as Record<string, unknown>;
    if (current instanceof z.ZodPipe) current = current.in;
    else if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable ||
      current instanceof z.ZodDefault
    ) {
      current = current.unwrap();
    } else return null;
  }
  return null;
}

function isUuidSchema(schema: unknown): boolean {
  let current = schema;
  for (let depth = 0; depth < 6; depth += 1) {
    if (current instanceof z.ZodUUID) return true;
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable ||
      current instanceof z.ZodDefault
    ) {
      current = current.unwrap();
    } else return false;
  }
  return false;
}

/** Every procedure of the app router, with the keys its input accepts: the tenancy walker's map. */
export function listProcedures(router: AnyRouter = appRouter): ProcedureInfo[] {
  const procedures = (router._def as unknown as { procedures: Record<string, RawProcedure> }).procedures;
  return Object.entries(procedures)
    .map(([path, procedure]) => {
      const shapes = procedure._def.inputs.map((input) => objectShape(input) ?? {});
      const entries = shapes.flatMap((shape) => Object.entries(shape));
      return {
        path,
        type: procedure._def.type,
        verifiedEmail: procedure._def.meta?.verifiedEmail === true,
        permission: procedure._def.meta?.permission ?? null,
        inputKeys: [...new Set(entries.map(([key]) => key))],
        idKeys: [
          ...new Set(
            entries
              .filter(([key, schema]) => key !== "businessId" && isUuidSchema(schema))
              .map(([key]) => key),
          ),
        ],
      };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}

export { callProcedure } from "../procedure-path";
