import { createHash } from "node:crypto";
import { assistantConversations, assistantMessages, assistantSpeech, type Database } from "@kavi/db";
import { type Language, speakableText } from "@kavi/insights/assistant";
import { SpeechError, type SpeechSettings } from "@kavi/speech";
import { and, eq, lt, sql } from "drizzle-orm";
import { AppError } from "../../errors";
import type { ServiceContext } from "../service-context";

/** Cached audio nobody played for this long is deleted by the daily purge. */
export const SPEECH_KEEP_DAYS = 30;

/** Each Read aloud and what it found, for metrics (`kavi_assistant_speech_requests_total{outcome}`). */
export type ObserveSpeech = (event: { outcome: SpeechRequestOutcome }) => void;

/**
 * What a Read aloud found: no key (`unavailable`: the browser's voice), the audio already made (`cached`, free),
 * a new entry and its job (`queued`), or an entry still waiting or failed before, asked again (`requeued`).
 */
export type SpeechRequestOutcome = "unavailable" | "cached" | "queued" | "requeued";

/** One of the asker's own answers: the business and person asking, and the answer's message. */
export interface SpokenAnswerInput {
  businessId: string;
  userId: string;
  messageId: string;
}

/** The cache key: the same words in the same voice, language, model and format are synthesized once. */
export function speechKeyFor(
  text: string,
  language: string,
  settings: Pick<SpeechSettings, "voiceId" | "modelId" | "outputFormat">,
): string {
  return createHash("sha256")
    .update(JSON.stringify([settings.voiceId, settings.modelId, settings.outputFormat, language, text]))
    .digest("hex");
}

/** One of the asker's own answers (another person's, or another business's, is NOT_FOUND), as it is said aloud. */
async function spokenAnswer(db: Database, { businessId, userId, messageId }: SpokenAnswerInput) {
  const [message] = await db
    .select({ content: assistantMessages.content, language: assistantMessages.language })
    .from(assistantMessages)
    .innerJoin(assistantConversations, eq(assistantConversations.id, assistantMessages.conversationId))
    .where(
      and(
        eq(assistantMessages.id, messageId),
        eq(assistantMessages.businessId, businessId),
        eq(assistantConversations.userId, userId),
        eq(assistantMessages.role, "assistant"),
      ),
    );
  if (!message) throw new AppError("NOT_FOUND", "Answer not found");
  const language = message.language as Language;
  // Only the server's own words are read aloud: the text is never the client's, so this is no free TTS proxy.
  return { language, text: speakableText(message.content, language) };
}

export type SpeechState =
  | { status: "unavailable"; text: string; language: Language }
  | { status: "pending" | "failed"; text: string; language: Language }
  | { status: "ready"; text: string; language: Language; contentType: string; audioBase64: string };

/**
 * Asks for an answer's audio: a cache hit costs nothing; a miss becomes one `speech.synthesize` job (the
 * worker calls ElevenLabs). A failed entry is tried again when asked again. No ElevenLabs key
 * (`config.speech` null) is `unavailable`: the client reads the answer with the browser's voice.
 */
export async function requestSpeech(ctx: ServiceContext, input: SpokenAnswerInput): Promise<SpeechState> {
  const spoken = await spokenAnswer(ctx.db, input);
  const settings = ctx.config.speech;
  if (!settings) {
    observeRequest(ctx, "unavailable");
    return { status: "unavailable", ...spoken };
  }
  const key = speechKeyFor(spoken.text, spoken.language, settings);
  const now = ctx.now();
  const [before] = await ctx.db
    .select({ status: assistantSpeech.status })
    .from(assistantSpeech)
    .where(eq(assistantSpeech.key, key))
    .limit(1);
  const [row] = await ctx.db
    .insert(assistantSpeech)
    .values({
      key,
      text: spoken.text,
      language: spoken.language,
      voiceId: settings.voiceId,
      createdAt: now,
      lastUsedAt: now,
    })
    .onConflictDoUpdate({
      target: assistantSpeech.key,
      set: {
        lastUsedAt: now,
        status: sql`case when ${assistantSpeech.status} = 'failed' then 'pending' else ${assistantSpeech.status} end`,
      },
    })
    .returning({ status: assistantSpeech.status, createdAt: assistantSpeech.createdAt });
  const status = row?.status ?? "pending";
  const retry = row !== undefined && row.createdAt.getTime() !== now.getTime();
  observeRequest(ctx, status === "pending" ? (retry ? "requeued" : "queued") : "cached");
  if (status === "pending") {
    // The contract's id (per key) makes a second ask while the job waits a no-op; a retry after a failure
    // needs a fresh id, because BullMQ keeps failed jobs (and ignores a new one with the same id) for a while.
    await ctx.jobs.enqueue(
      "speech.synthesize",
      { speechKey: key },
      before?.status === "failed" ? { jobId: `speech-${key}-${now.getTime()}` } : {},
    );
  }
  return { ...spoken, ...(await cachedAudio(ctx.db, key)) };
}

/** One line per Read aloud ("speech requested"), which the dashboard's speech widget reads, and the metric. */
function observeRequest(ctx: ServiceContext, outcome: SpeechRequestOutcome) {
  ctx.assistant?.observeSpeech?.({ outcome });
  ctx.logger.info(
    { speech: { outcome, requested: 1, cacheHit: outcome === "cached" ? 1 : 0 } },
    "speech requested",
  );
}

async function cachedAudio(
  db: Database,
  key: string,
): Promise<{ status: "pending" | "failed" } | { status: "ready"; contentType: string; audioBase64: string }> {
  const [row] = await db
    .select({
      status: assistantSpeech.status,
      contentType: assistantSpeech.contentType,
      audio: assistantSpeech.audio,
    })
    .from(assistantSpeech)
    .where(eq(assistantSpeech.key, key));
  if (row?.status === "failed") return { status: "failed" };
  if (row?.status !== "ready" || !row.audio) return { status: "pending" };
  return {
    status: "ready",
    contentType: row.contentType ?? "audio/mpeg",
    audioBase64: Buffer.from(row.audio).toString("base64"),
  };
}

/** The answer's audio when the worker has made it (the client asks until it is ready, then plays it). */
export async function getSpeech(ctx: ServiceContext, input: SpokenAnswerInput): Promise<SpeechState> {
  const spoken = await spokenAnswer(ctx.db, input);
  const settings = ctx.config.speech;
  if (!settings) return { status: "unavailable", ...spoken };
  const key = speechKeyFor(spoken.text, spoken.language, settings);
  return { ...spoken, ...(await cachedAudio(ctx.db, key)) };
}

export type SynthesisOutcome = "ready" | "skipped" | "failed";

/**
 * The worker's half: synthesize one cache entry. A failure worth retrying (429, 5xx, a timeout) is thrown
 * for the job's backoff until the last attempt; anything else, or the last attempt, marks the entry failed
 * so the client stops waiting and uses the browser's voice. The client is the context's `speech` (the worker's).
 */
export async function synthesizeSpeech(
  ctx: ServiceContext,
  { speechKey, isLast }: { speechKey: string; isLast: boolean },
): Promise<SynthesisOutcome> {
  const client = ctx.speech ?? null;
  const [row] = await ctx.db.select().from(assistantSpeech).where(eq(assistantSpeech.key, speechKey));
  if (!row || row.status === "ready") return "skipped";
  const fail = async (reason: string) => {
    await ctx.db
      .update(assistantSpeech)
      .set({ status: "failed", error: reason.slice(0, 500) })
      .where(eq(assistantSpeech.key, speechKey));
    return "failed" as const;
  };
  if (!client) return fail("ElevenLabs is not configured on the worker");
  try {
    const speech = await client.synthesize(row.text, row.language === "sw" ? "sw" : "en");
    await ctx.db
      .update(assistantSpeech)
      .set({
        status: "ready",
        audio: speech.audio,
        contentType: speech.contentType,
        bytes: speech.audio.byteLength,
        error: null,
      })
      .where(eq(assistantSpeech.key, speechKey));
    return "ready";
  } catch (error) {
    const retryable = error instanceof SpeechError ? error.retryable : true;
    const reason = error instanceof Error ? error.message : String(error);
    ctx.logger.warn({ err: error, speechKey, retryable }, "speech synthesis failed");
    if (retryable && !isLast) throw error;
    return fail(reason);
  }
}

/** Deletes audio nobody asked for in SPEECH_KEEP_DAYS days. */
export async function purgeUnusedSpeech(ctx: ServiceContext): Promise<number> {
  const before = new Date(ctx.now().getTime() - SPEECH_KEEP_DAYS * 24 * 3600_000);
  const deleted = await ctx.db
    .delete(assistantSpeech)
    .where(lt(assistantSpeech.lastUsedAt, before))
    .returning({ key: assistantSpeech.key });
  return deleted.length;
}
