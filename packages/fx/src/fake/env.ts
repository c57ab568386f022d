import { z } from "zod";

const ZFakeFxEnvSchema = z.object({
  FX_FAKE_PORT: z.coerce.number().int().min(0).max(65_535).default(8098),
  FX_FAKE_HOST: z.string().min(1).default("127.0.0.1"),
});

export type FakeFxEnv = z.output<typeof ZFakeFxEnvSchema>;

export function readFakeFxEnv(source: Readonly<Record<string, string | undefined>> = process.env): FakeFxEnv {
  const parsed = ZFakeFxEnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
      .join("; ");
    throw new Error(`Invalid fake exchange-rate provider environment: ${problems}`);
  }
  return parsed.data;
}
