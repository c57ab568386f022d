// ElevenLabs text-to-speech for KAVI's assistant: the client (SDK at a configurable base URL), its settings,
// and the audio helpers. The local fake is `@kavi/speech/fake`.
export * from "./audio";
export * from "./client";
