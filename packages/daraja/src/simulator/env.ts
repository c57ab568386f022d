import { z } from "zod";
import { DELIVERY_FAULTS, STK_OUTCOMES } from "./outcomes";

const ZSimulatorEnvSchema = z.object({
  DARAJA_SIMULATOR_PORT: z.coerce.number().int().min(0).max(65_535).default(8089),
  DARAJA_SIMULATOR_HOST: z.string().min(1).default("127.0.0.1"),
  DARAJA_SIMULATOR_CALLBACK_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(1500),
  /** In development a person answers prompts on /phone unless the phone number says otherwise. */
  DARAJA_SIMULATOR_DEFAULT_OUTCOME: z.enum(STK_OUTCOMES).default("manual"),
  DARAJA_SIMULATOR_DELIVERY_FAULT: z.enum(DELIVERY_FAULTS).optional(),
  DARAJA_SIMULATOR_LENIENT_PASSKEYS: z
    .enum(["true", "false"])
    .default("true")
    .transform((value) => value === "true"),
  DARAJA_SIMULATOR_C2B_MSISDN: z.enum(["plain", "masked", "hashed"]).default("masked"),
});

export type SimulatorEnv = z.output<typeof ZSimulatorEnvSchema>;

/** The simulator CLI's configuration, validated once at start. */
export function readSimulatorEnv(
  source: Readonly<Record<string, string | undefined>> = process.env,
): SimulatorEnv {
  const parsed = ZSimulatorEnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
      .join("; ");
    throw new Error(`Invalid Daraja simulator environment: ${problems}`);
  }
  return parsed.data;
}
