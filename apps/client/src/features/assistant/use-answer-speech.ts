import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTRPC } from "../../lib/trpc";
import { useBusiness } from "../shell/business-context";
import { speak, stopSpeaking } from "./speech";

/** How long to wait for ElevenLabs' audio before the browser's own voice reads the answer instead. */
const WAIT_FOR_AUDIO_MS = 12_000;
const POLL_MS = 400;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function audioUrl(base64: string, contentType: string): string {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return URL.createObjectURL(new Blob([bytes], { type: contentType }));
}

/**
 * Reads an answer aloud: asks the server for its ElevenLabs audio (made by the worker, cached), plays it when
 * ready; when speech is off, fails or takes too long, the browser's speech synthesis reads the same words
 * (amounts as words, from the server).
 */
export function useAnswerSpeech() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const request = useMutation(trpc.assistant.speech.request.mutationOptions());
  const [loadingId, setLoadingId] = useState<string | null>(null);
  const audio = useRef<HTMLAudioElement | null>(null);
  const turn = useRef(0);

  const stop = () => {
    turn.current += 1;
    audio.current?.pause();
    audio.current = null;
    stopSpeaking();
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: stop on unmount only
  useEffect(() => stop, []);

  const play = async (messageId: string) => {
    stop();
    const mine = turn.current;
    setLoadingId(messageId);
    const input = { businessId: business.id, messageId };
    let fallback: { text: string; language: "en" | "sw" } | null = null;
    try {
      let state = await request.mutateAsync(input);
      fallback = { text: state.text, language: state.language };
      const deadline = Date.now() + WAIT_FOR_AUDIO_MS;
      while (state.status === "pending" && Date.now() < deadline && mine === turn.current) {
        await pause(POLL_MS);
        state = await queryClient.fetchQuery({
          ...trpc.assistant.speech.get.queryOptions(input),
          staleTime: 0,
        });
      }
      if (mine !== turn.current) return;
      if (state.status === "ready") {
        const url = audioUrl(state.audioBase64, state.contentType);
        const player = new Audio(url);
        audio.current = player;
        player.addEventListener("ended", () => URL.revokeObjectURL(url));
        await player.play();
        return;
      }
      speak(state.text, state.language);
    } catch {
      if (mine === turn.current && fallback) speak(fallback.text, fallback.language);
    } finally {
      if (mine === turn.current) setLoadingId(null);
    }
  };

  return { play, stop, loadingId };
}
