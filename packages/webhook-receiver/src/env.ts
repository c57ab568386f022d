import { z } from "zod";

const PORT_MESSAGE = "must be a port number from 0 to 65535 (0 picks a free one)";

const ZWebhookReceiverEnvSchema = z.object({
  WEBHOOK_RECEIVER_PORT: z.coerce
    .number({ error: PORT_MESSAGE })
    .int({ error: PORT_MESSAGE })
    .min(0, { error: PORT_MESSAGE })
    .max(65_535, { error: PORT_MESSAGE })
    .default(8091),
  WEBHOOK_RECEIVER_HOST: z.string().min(1).default("127.0.0.1"),
});

export type TWebhookReceiverEnv = z.infer<typeof ZWebhookReceiverEnvSchema>;

/** The CLI's settings, validated. Returns the problems in plain words instead of throwing. */
export function readWebhookReceiverEnv(
  source: NodeJS.ProcessEnv = process.env,
): { ok: true; env: TWebhookReceiverEnv } | { ok: false; problems: string[] } {
  // An empty value means "not set", so `WEBHOOK_RECEIVER_PORT=` in a .env file keeps the default.
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = ZWebhookReceiverEnvSchema.safeParse(present);
  if (result.success) return { ok: true, env: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`),
  };
}
