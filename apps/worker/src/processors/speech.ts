import { purgeUnusedSpeech, synthesizeSpeech } from "@kavi/api/services";
import type { QueueHandlers } from "@kavi/jobs";
import { type SpeechJobOutcome, speechJobMetricFields } from "../cloudwatch";
import type { WorkerContext } from "../context";

export function speechHandlers(ctx: WorkerContext): QueueHandlers<"speech"> {
  return {
    "speech.synthesize": async ({ speechKey }, job) => {
      const started = performance.now();
      let outcome: SpeechJobOutcome = "retrying";
      try {
        outcome = await synthesizeSpeech(ctx, {
          speechKey,
          isLast: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
        });
        return outcome;
      } finally {
        // One line per attempt, thrown ones too: the worker's speech metrics (EMF) and the dashboard read it.
        ctx.logger.info(
          speechJobMetricFields(outcome, performance.now() - started, ctx.now().getTime()),
          "speech synthesized",
        );
      }
    },
    "speech.purge": async () => ({ deleted: await purgeUnusedSpeech(ctx) }),
  };
}
