import { readSmsSimulatorEnv } from "./env";
import { startSmsSimulator } from "./server";

/** `pnpm --filter @kavi/sms simulator`: a local Africa's Talking for development (started by `pnpm dev`). */
const env = readSmsSimulatorEnv();
const log = (message: string) => console.error(`[sms-simulator] ${new Date().toISOString()} ${message}`);
const simulator = await startSmsSimulator({
  port: env.AFRICASTALKING_SIMULATOR_PORT,
  host: env.AFRICASTALKING_SIMULATOR_HOST,
  deliveryReportUrl: env.AFRICASTALKING_SIMULATOR_REPORT_URL ?? null,
  log,
});
log(`ready: AFRICASTALKING_BASE_URL=${simulator.baseUrl} (inbox: ${simulator.url})`);

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
