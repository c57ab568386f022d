export { readFakeSpeechEnv } from "./env";
export {
  FAKE_SPEECH_FAULT_KINDS,
  type FakeSpeech,
  type FakeSpeechRequest,
  fakeAudio,
  startFakeSpeech,
  type TFakeSpeechFault,
} from "./server";
