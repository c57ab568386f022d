export { FAKE_INVENTED_AMOUNT, fakeAssistantReply, readAssistantTurn } from "./assistant";
export { fakeCategorise } from "./categorise";
export { readFakeGeminiEnv } from "./env";
export {
  FAKE_FAULT_KINDS,
  type FakeGemini,
  type FakeGeminiOptions,
  type FakeGeminiRequest,
  minimalValue,
  startFakeGemini,
  type TFakeFault,
} from "./server";
