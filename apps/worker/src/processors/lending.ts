import { runLoanArrears } from "@kavi/api/services";
import type { QueueHandlers } from "@kavi/jobs";
import type { WorkerContext } from "../context";

export function lendingHandlers(ctx: WorkerContext): QueueHandlers<"lending"> {
  return {
    "lending.arrears-run": async () => runLoanArrears(ctx),
  };
}
