import { readSimulatorEnv } from "./env";
import { startDarajaSimulator } from "./server";

/** `pnpm --filter @kavi/daraja simulator`: a local Daraja for development, with the phone page at /phone. */
const env = readSimulatorEnv();
const log = (message: string) => console.error(`[daraja-simulator] ${new Date().toISOString()} ${message}`);

const simulator = await startDarajaSimulator({
  port: env.DARAJA_SIMULATOR_PORT,
  host: env.DARAJA_SIMULATOR_HOST,
  callbackDelayMs: env.DARAJA_SIMULATOR_CALLBACK_DELAY_MS,
  defaultOutcome: env.DARAJA_SIMULATOR_DEFAULT_OUTCOME,
  lenientPasskeys: env.DARAJA_SIMULATOR_LENIENT_PASSKEYS,
  c2bMsisdnFormat: env.DARAJA_SIMULATOR_C2B_MSISDN,
  log,
});
if (env.DARAJA_SIMULATOR_DELIVERY_FAULT)
  simulator.setFault({ delivery: env.DARAJA_SIMULATOR_DELIVERY_FAULT });

log(
  `ready: baseUrl ${simulator.url}, phone ${simulator.url}/phone, control ${simulator.url}/__simulator/pending`,
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    log(`${signal}: closing`);
    simulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
