import {
  confirmReceivedPayment,
  confirmReversal,
  processLenderCallbacks,
  processMpesaCallbacks,
  queryLoanStk,
  queryLoanTransfer,
  queryMpesaBalance,
  queryPayoutStatus,
  queryStkRequest,
  refreshAllMpesaBalances,
  reregisterC2bUrls,
  sendLoanDisbursement,
  sendPayout,
  sendReversal,
  sweepMpesa,
} from "@kavi/api/services";
import { callbacksOfJob, type QueueHandlers } from "@kavi/jobs";
import type { WorkerContext } from "../context";

/** M-Pesa: every handler is idempotent (row locks and states, not memory), so BullMQ may run any job again. */
export function mpesaHandlers(ctx: WorkerContext): QueueHandlers<"mpesa"> {
  return {
    // Batched: each of the job's callbacks with other ready ones, confirmed inline (0: the one-by-one path).
    "mpesa.process-callback": async (payload) =>
      processMpesaCallbacks(ctx, callbacksOfJob(payload), ctx.config.mpesa.settleBatchSize),
    "mpesa.query-stk": async ({ paymentRequestId, attempt }) =>
      queryStkRequest(ctx, paymentRequestId, attempt),
    "mpesa.send-payout": async ({ payoutId }) => sendPayout(ctx, payoutId),
    "mpesa.query-payout": async ({ payoutId, attempt }) => queryPayoutStatus(ctx, payoutId, attempt),
    "mpesa.confirm-payment": async ({ mpesaPaymentId, attempt }) =>
      confirmReceivedPayment(ctx, mpesaPaymentId, attempt),
    "mpesa.register-c2b-urls": async ({ businessId }) => reregisterC2bUrls(ctx, businessId),
    "mpesa.send-reversal": async ({ reversalId }) => sendReversal(ctx, reversalId),
    "mpesa.confirm-reversal": async ({ reversalId, attempt }) => confirmReversal(ctx, reversalId, attempt),
    "mpesa.query-balance": async ({ balanceQueryId }) => queryMpesaBalance(ctx, balanceQueryId),
    "mpesa.refresh-balances": async () => ({ businesses: await refreshAllMpesaBalances(ctx) }),
    "mpesa.sweep": async () => sweepMpesa(ctx),
    // Loan money over the lender's own M-Pesa (services/lending/transfers.ts).
    "lending.process-callback": async (payload) => processLenderCallbacks(ctx, callbacksOfJob(payload)),
    "lending.send-disbursement": async ({ transferId }) => sendLoanDisbursement(ctx, transferId),
    "lending.query-transfer": async ({ transferId, attempt }) => queryLoanTransfer(ctx, transferId, attempt),
    "lending.query-stk": async ({ transferId, attempt }) => queryLoanStk(ctx, transferId, attempt),
  };
}
