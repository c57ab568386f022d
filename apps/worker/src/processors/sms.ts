import { deliverSms, markSmsFailed, sweepSmsOutbox } from "@kavi/api/services";
import type { QueueHandlers } from "@kavi/jobs";
import type { WorkerContext } from "../context";

export function smsHandlers(ctx: WorkerContext): QueueHandlers<"sms"> {
  return {
    "sms.send": async ({ smsMessageId }, job) => {
      try {
        return await deliverSms(ctx, ctx.sms, smsMessageId);
      } catch (error) {
        const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        if (finalAttempt)
          await markSmsFailed(ctx.db, smsMessageId, error instanceof Error ? error.message : String(error));
        throw error;
      }
    },
    "sms.sweep": async () => ({ enqueued: await sweepSmsOutbox(ctx) }),
  };
}
