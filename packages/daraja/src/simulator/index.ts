export type { CallbackDelivery, CallbackKind, DeliveryAttempt } from "./delivery";
export { SIMULATOR_REJECTED_CONSUMER_KEY, SIMULATOR_WRONG_PIN, TIMESTAMP_TOLERANCE_MS } from "./engine";
export {
  DELIVERY_FAULTS,
  type DeliveryFault,
  MAGIC_FAULT_DIGITS,
  MAGIC_OUTCOME_DIGITS,
  magicPhoneFor,
  planOutcomeForPhone,
  STK_OUTCOME_RESULTS,
  STK_OUTCOMES,
  type StkOutcome,
} from "./outcomes";
export { startDarajaSimulator } from "./server";
export type {
  ApiRequestRecord,
  DarajaSimulator,
  DarajaSimulatorOptions,
  PendingStkPrompt,
  SimulatorFaults,
} from "./types";
