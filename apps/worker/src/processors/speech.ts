import { purgeUnusedSpeech, synthesizeSpeech } from "@kavi/api/services";
import type { QueueHandlers } from "@kavi/jobs";
import type { WorkerDeps } from "../deps";

export function speechHandlers(deps: WorkerDeps): QueueHandlers<"speech"> {
  return {
    "speech.synthesize": async ({ speechKey }, job) =>
      synthesizeSpeech({ db: deps.db, logger: deps.logger, client: deps.speech }, speechKey, {
        isLast: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
      }),
    "speech.purge": async () => ({ deleted: await purgeUnusedSpeech(deps.db, new Date()) }),
  };
}
