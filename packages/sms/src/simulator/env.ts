import { z } from "zod";

const ZSimulatorEnvSchema = z.object({
  AFRICASTALKING_SIMULATOR_PORT: z.coerce.number().int().min(0).max(65_535).default(8099),
  AFRICASTALKING_SIMULATOR_HOST: z.string().min(1).default("127.0.0.1"),
  /** Where the simulator posts delivery reports (pnpm dev points it at the server's callback). */
  AFRICASTALKING_SIMULATOR_REPORT_URL: z.url().optional(),
});

export type SmsSimulatorEnv = z.output<typeof ZSimulatorEnvSchema>;

export function readSmsSimulatorEnv(
  source: Readonly<Record<string, string | undefined>> = process.env,
): SmsSimulatorEnv {
  const parsed = ZSimulatorEnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
      .join("; ");
    throw new Error(`Invalid SMS simulator environment: ${problems}`);
  }
  return parsed.data;
}
