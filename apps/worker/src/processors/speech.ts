import { purgeUnusedSpeech, synthesizeSpeech } from "@kavi/api/services";
import type { QueueHandlers } from "@kavi/jobs";
import type { WorkerContext } from "../context";

export function speechHandlers(ctx: WorkerContext): QueueHandlers<"speech"> {
  return {
    "speech.synthesize": async ({ speechKey }, job) =>
      synthesizeSpeech({ db: ctx.db, logger: ctx.logger, client: ctx.speech }, speechKey, {
        isLast: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
      }),
    "speech.purge": async () => ({ deleted: await purgeUnusedSpeech(ctx.db, ctx.now()) }),
  };
}
