export { readSmsSimulatorEnv } from "./env";
export {
  SIMULATOR_FAULT_KINDS,
  type SimulatedSms,
  type SmsSimulator,
  startSmsSimulator,
  type TSimulatorFault,
} from "./server";
