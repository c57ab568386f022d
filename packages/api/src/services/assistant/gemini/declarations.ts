import type { TFunctionDeclaration } from "@kavi/ai";
import {
  ACTION_FUNCTION_NAMES,
  ACTION_FUNCTION_SCHEMAS,
  moneyText,
  TOOL_INPUT_SCHEMAS,
  TOOL_NAMES,
  type ToolName,
} from "@kavi/insights/assistant";
import { z } from "zod";

/**
 * Gemini's function declarations, generated from the tools' own zod input schemas (their `.describe()` text is
 * what the model reads), so the model is offered exactly what `runTool` will accept.
 */
export function toolDeclarations(names: readonly ToolName[] = TOOL_NAMES): TFunctionDeclaration[] {
  return names.map((name) => declarationOf(name, TOOL_INPUT_SCHEMAS[name]));
}

/** The confirmed actions as functions (calling one only proposes the action: the person confirms the card). */
export function actionDeclarations(): TFunctionDeclaration[] {
  return ACTION_FUNCTION_NAMES.map((name) => declarationOf(name, ACTION_FUNCTION_SCHEMAS[name]));
}

function declarationOf(name: string, schema: z.ZodType): TFunctionDeclaration {
  {
    const {
      $schema: _ignored,
      description,
      ...parameters
    } = z.toJSONSchema(schema, {
      target: "draft-2020-12",
      io: "input",
      unrepresentable: "any",
    });
    return {
      name,
      description: typeof description === "string" ? description : name,
      parameters: { type: "object", ...parameters },
    };
  }
}

/**
 * A tool's output as the model reads it: every amount (`…Minor`, a bigint of minor units) written out as money
 * ("KES 12,500.00", in the currency of the nearest object that names one), basis points as percentages.
 * The model copies figures; it never converts them.
 */
export function toModelJson(value: unknown, currency: string): unknown {
  if (Array.isArray(value)) return value.map((item) => toModelJson(item, currency));
  if (typeof value === "bigint") return moneyText(value, currency);
  if (!value || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  const own = typeof record.currency === "string" ? record.currency : currency;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(record)) {
    if (typeof item === "bigint" && key.endsWith("Minor"))
      result[key.slice(0, -"Minor".length)] = moneyText(item, own);
    else if (typeof item === "number" && key.endsWith("Bps"))
      result[`${key.slice(0, -"Bps".length)}Percent`] = Number((item / 100).toFixed(2));
    else result[key] = toModelJson(item, own);
  }
  return result;
}
