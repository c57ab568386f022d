/**
 * The browser's own speech: recognition (Chrome and Edge have it as webkitSpeechRecognition; Firefox does
 * not, and the microphone button is hidden there) and synthesis for reading answers aloud.
 */
export type VoiceLanguage = "en-KE" | "sw-KE";

interface RecognitionResultEvent {
  results: ArrayLike<ArrayLike<{ transcript: string }> & { isFinal: boolean }>;
}

export interface Recognition {
  lang: string;
  interimResults: boolean;
  continuous: boolean;
  onresult: ((event: RecognitionResultEvent) => void) | null;
  onerror: ((event: { error: string }) => void) | null;
  onend: (() => void) | null;
  start(): void;
  stop(): void;
  abort(): void;
}

type RecognitionConstructor = new () => Recognition;

function recognitionConstructor(): RecognitionConstructor | null {
  if (typeof window === "undefined") return null;
  const scope = window as unknown as {
    SpeechRecognition?: RecognitionConstructor;
    webkitSpeechRecognition?: RecognitionConstructor;
  };
  return scope.SpeechRecognition ?? scope.webkitSpeechRecognition ?? null;
}

export function canRecognizeSpeech(): boolean {
  return recognitionConstructor() !== null;
}

/** Listens once; calls back with the words as they come and when it is done. */
export function listen(
  language: VoiceLanguage,
  handlers: {
    onText: (text: string, final: boolean) => void;
    onEnd: () => void;
    onError: (error: string) => void;
  },
): Recognition | null {
  const Constructor = recognitionConstructor();
  if (!Constructor) return null;
  const recognition = new Constructor();
  recognition.lang = language;
  recognition.interimResults = true;
  recognition.continuous = false;
  recognition.onresult = (event) => {
    let text = "";
    let final = false;
    for (let index = 0; index < event.results.length; index += 1) {
      const result = event.results[index];
      if (!result) continue;
      text += result[0]?.transcript ?? "";
      final = result.isFinal;
    }
    handlers.onText(text, final);
  };
  recognition.onerror = (event) => handlers.onError(event.error);
  recognition.onend = handlers.onEnd;
  recognition.start();
  return recognition;
}

export function canSpeak(): boolean {
  return typeof window !== "undefined" && "speechSynthesis" in window;
}

/** Reads text aloud in the answer's language, with a Kiswahili or Kenyan English voice when the device has one. */
export function speak(text: string, language: "en" | "sw"): void {
  if (!canSpeak()) return;
  const synthesis = window.speechSynthesis;
  synthesis.cancel();
  const utterance = new SpeechSynthesisUtterance(text);
  const wanted = language === "sw" ? ["sw-KE", "sw"] : ["en-KE", "en-GB", "en"];
  utterance.lang = wanted[0] ?? "en-KE";
  const voices = synthesis.getVoices();
  const voice = wanted
    .map((lang) => voices.find((candidate) => candidate.lang.toLowerCase().startsWith(lang.toLowerCase())))
    .find(Boolean);
  if (voice) utterance.voice = voice;
  synthesis.speak(utterance);
}

export function stopSpeaking(): void {
  if (canSpeak()) window.speechSynthesis.cancel();
}
