import type { AppRouter, inferRouterInputs, inferRouterOutputs } from "@kavi/api";
import { deserializeFromWire } from "@kavi/domain";
import { useMutation } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { env } from "../../env";
import { useSessionManager } from "../../lib/session/session-context";
import { useTRPC } from "../../lib/trpc";

export type AskAnswer = inferRouterOutputs<AppRouter>["assistant"]["ask"];
type AskInput = inferRouterInputs<AppRouter>["assistant"]["ask"];

/** POST /api/kavi/chat/stream, beside the tRPC endpoint (same origin, same proxy). */
const STREAM_URL = env.apiUrl.replace(/\/trpc\/?$/, "/kavi/chat/stream");

/** The stream could not be used (refused, cut, not there): the plain `assistant.ask` call answers instead. */
class StreamUnavailable extends Error {}

/** The events of a server-sent-events body, as they arrive. */
async function* readEvents(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<{ event: string; data: unknown }> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.+)$/m.exec(block)?.[1] ?? "message";
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (data) yield { event, data: JSON.parse(data) as unknown };
    }
  }
}

/**
 * Asks the assistant with the reply streamed in as it is written (`streamingText`), then the whole answer.
 * Anything that stops the stream before it starts (a refusal, an expired token, no streaming on the way) is
 * answered by the plain `assistant.ask` mutation instead, whose errors the sheet already shows (429 and all).
 */
export function useAskStream(onAnswer: (answer: AskAnswer) => void) {
  const trpc = useTRPC();
  const session = useSessionManager();
  const [streamingText, setStreamingText] = useState("");
  const [streaming, setStreaming] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const fallback = useMutation(trpc.assistant.ask.mutationOptions({ onSuccess: onAnswer }));

  const stream = useCallback(
    async (input: AskInput) => {
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      setStreaming(true);
      setStreamingText("");
      fallback.reset();
      try {
        const token = await session.freshAccessToken();
        const response = await fetch(STREAM_URL, {
          method: "POST",
          credentials: "include",
          signal: controller.signal,
          headers: {
            "content-type": "application/json",
            accept: "text/event-stream",
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify(input),
        });
        if (!response.ok || !response.body) throw new StreamUnavailable(String(response.status));
        for await (const { event, data } of readEvents(response.body)) {
          if (event === "text") setStreamingText((text) => text + String((data as { text: unknown }).text));
          else if (event === "restart") setStreamingText("");
          else if (event === "answer") {
            onAnswer(deserializeFromWire((data as { answer: unknown }).answer) as AskAnswer);
            return;
          } else if (event === "error") throw new StreamUnavailable("stream error");
        }
        throw new StreamUnavailable("stream ended without an answer");
      } catch {
        if (controller.signal.aborted) return;
        // Refused, expired, cut or unsupported: tRPC asks again (its refresh-and-retry, its clear errors).
        fallback.mutate(input);
      } finally {
        if (abort.current === controller) {
          setStreaming(false);
          setStreamingText("");
        }
      }
    },
    [fallback, onAnswer, session],
  );

  return {
    mutate: (input: AskInput) => void stream(input),
    isPending: streaming || fallback.isPending,
    isError: fallback.isError,
    error: fallback.error,
    streamingText,
    reset: () => {
      abort.current?.abort();
      fallback.reset();
    },
  };
}
