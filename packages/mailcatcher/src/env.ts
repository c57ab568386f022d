import { z } from "zod";

const PORT_MESSAGE = "must be a port number from 0 to 65535 (0 picks a free one)";
const port = (fallback: number) =>
  z.coerce
    .number({ error: PORT_MESSAGE })
    .int({ error: PORT_MESSAGE })
    .min(0, { error: PORT_MESSAGE })
    .max(65_535, { error: PORT_MESSAGE })
    .default(fallback);

const ZMailCatcherEnvSchema = z.object({
  MAILCATCHER_SMTP_PORT: port(1025),
  MAILCATCHER_HTTP_PORT: port(1080),
  MAILCATCHER_HOST: z.string().min(1).default("127.0.0.1"),
});

export type TMailCatcherEnv = z.infer<typeof ZMailCatcherEnvSchema>;

/** The CLI's settings, validated. Returns the problems in plain words instead of throwing. */
export function readMailCatcherEnv(
  source: NodeJS.ProcessEnv = process.env,
): { ok: true; env: TMailCatcherEnv } | { ok: false; problems: string[] } {
  // An empty value means "not set", so `MAILCATCHER_SMTP_PORT=` in a .env file keeps the default.
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = ZMailCatcherEnvSchema.safeParse(present);
  if (result.success) return { ok: true, env: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`),
  };
}
