import { decideAccess, MODULE_LABELS, type Module, requirementOf } from "@kavi/domain";
import {
  TOOL_INPUT_SCHEMAS,
  type ToolName,
  type ToolResult,
  type ToolRunner,
} from "@kavi/insights/assistant";
import { AppError } from "../../../errors";
import type { Logger } from "../../../logger";
import { invoiceLookup, overdueList, topDebtors } from "./invoices";
import { mpesaPayments, transactionSearch } from "./ledger";
import {
  budgetStatus,
  cashBalance,
  cashForecast,
  creditScore,
  incomeByCustomer,
  periodSummary,
  spendByCategory,
  spendBySupplier,
} from "./reports";
import type { ToolContext, ToolDefinition } from "./tool";

/**
 * The one tool registry. Every brain calls tools through `runTool`: the input is checked with the tool's
 * schema, the caller's role and modules with the tool's requirement (the screens' own), and the figures
 * come from the services. Adding a tool: its contract in @kavi/insights/assistant, its definition here.
 */
export const TOOLS: { [N in ToolName]: ToolDefinition<N> } = {
  period_summary: periodSummary,
  spend_by_category: spendByCategory,
  income_by_customer: incomeByCustomer,
  spend_by_supplier: spendBySupplier,
  top_debtors: topDebtors,
  invoice_lookup: invoiceLookup,
  overdue_invoices: overdueList,
  budget_status: budgetStatus,
  cash_balance: cashBalance,
  cash_forecast: cashForecast,
  credit_score: creditScore,
  mpesa_payments: mpesaPayments,
  transaction_search: transactionSearch,
};

function modulesOf(module: Module | readonly Module[] | null): Module[] {
  return module === null ? [] : typeof module === "string" ? [module] : [...module];
}

/** Whether the caller may use a tool at all (the client hides suggestions it may not use). */
export function canUseTool(ctx: Pick<ToolContext, "membership">, name: ToolName): boolean {
  return decideAccess(ctx.membership, TOOLS[name].requirement).allowed;
}

export type ToolObserver = (event: {
  name: ToolName;
  outcome: "ok" | "forbidden" | "invalid" | "not_found" | "failed";
  durationMs: number;
}) => void;

export function createToolRunner(ctx: ToolContext, logger: Logger, observe?: ToolObserver): ToolRunner {
  const run = async (name: ToolName, rawInput: unknown): Promise<ToolResult> => {
    const started = performance.now();
    const finish = (result: ToolResult): ToolResult => {
      observe?.({ name, outcome: result.ok ? "ok" : result.error, durationMs: performance.now() - started });
      return result;
    };
    const tool = TOOLS[name] as ToolDefinition | undefined;
    if (!tool)
      return finish({ ok: false, error: "invalid", message: `There is no tool named ${String(name)}` });
    const decision = decideAccess(ctx.membership, tool.requirement);
    if (!decision.allowed) {
      const modules = modulesOf(requirementOf(tool.requirement).module).map(
        (module) => MODULE_LABELS[module],
      );
      const message =
        modules.length > 0 && ctx.membership.role === "staff"
          ? `You don't have access to ${modules.join(" or ")}. Ask an owner or admin to give it to you.`
          : decision.reason;
      return finish({ ok: false, error: "forbidden", message });
    }
    const parsed = TOOL_INPUT_SCHEMAS[name].safeParse(rawInput);
    if (!parsed.success) {
      return finish({
        ok: false,
        error: "invalid",
        message: parsed.error.issues
          .map((issue) => `${issue.path.join(".") || "input"}: ${issue.message}`)
          .join("; "),
      });
    }
    try {
      const output = await (tool.run as (ctx: ToolContext, input: unknown) => Promise<unknown>)(
        ctx,
        parsed.data,
      );
      return finish({ ok: true, output } as ToolResult);
    } catch (error) {
      if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) {
        return finish({
          ok: false,
          error: error.code === "NOT_FOUND" ? "not_found" : "invalid",
          message: error.message,
        });
      }
      logger.error({ err: error, tool: name }, "assistant tool failed");
      return finish({ ok: false, error: "failed", message: "Something went wrong getting these figures." });
    }
  };
  return run as ToolRunner;
}
