import { z } from "zod";
import { defineJob } from "../define";

export const speechJobs = {
  /**
   * Read one answer aloud with ElevenLabs and keep the audio (the cache row, keyed by text, voice, language,
   * model and format, already exists as `pending`). One job per key: asking twice while it runs adds nothing.
   */
  "speech.synthesize": defineJob({
    queue: "speech",
    schema: z.object({ speechKey: z.string().regex(/^[0-9a-f]{64}$/) }),
    jobId: ({ speechKey }) => `speech-${speechKey}`,
    options: { attempts: 4, backoff: { type: "exponential", delay: 2_000 } },
    description: "Synthesize an assistant answer's speech with ElevenLabs into the audio cache",
  }),
  "speech.purge": defineJob({
    queue: "speech",
    schema: z.object({}),
    description: "Delete cached speech nobody has played for 30 days",
  }),
};
