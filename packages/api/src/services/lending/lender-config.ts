import { SANDBOX_STK_PASSKEY } from "@kavi/daraja";
import { z } from "zod";

/**
 * The lender's own M-Pesa (the platform lends, so it sends and receives loan money on its own shortcodes, never
 * a borrower's): a B2C shortcode that disburses, a Paybill that takes repayments (STK prompts and Paybill
 * payments, the loan number as the account), and the token in the callback URLs Daraja calls for them.
 * Platform settings from the environment (LENDER_MPESA_*); outside production they default to a sandbox
 * lender that the local Daraja simulator answers (DARAJA_BASE_URL).
 */
export interface LenderMpesaConfig {
  environment: "sandbox" | "production";
  /** The Paybill borrowers repay to (and the STK BusinessShortCode). */
  paybillShortcode: string;
  passkey: string;
  /** The shortcode disbursements are sent from (B2C). */
  b2cShortcode: string;
  consumerKey: string;
  consumerSecret: string;
  initiator: { name: string; securityCredential: string };
  /** In the lender's callback URLs (/api/webhooks/lender/<token>/…): a callback without it is refused. */
  callbackToken: string;
}

/** The sandbox lender used in development and tests (the simulator accepts any credentials). */
export const DEVELOPMENT_LENDER_MPESA: LenderMpesaConfig = {
  environment: "sandbox",
  paybillShortcode: "600100",
  passkey: SANDBOX_STK_PASSKEY,
  b2cShortcode: "600200",
  consumerKey: "kavi-lender-development-key",
  consumerSecret: "kavi-lender-development-secret",
  initiator: { name: "kavilender", securityCredential: Buffer.alloc(256, 9).toString("base64") },
  callbackToken: "kavi-lender-development-callback-token",
};

const shortcode = z.string().regex(/^\d{5,7}$/, "a shortcode of 5 to 7 digits");
const optionalText = z.string().trim().min(1).optional();

/** LENDER_MPESA_* (server and worker alike, through runtimeEnvShape). */
export const lenderMpesaEnvShape = {
  LENDER_MPESA_ENVIRONMENT: z.enum(["sandbox", "production"]).optional(),
  LENDER_MPESA_PAYBILL: shortcode.optional(),
  LENDER_MPESA_PASSKEY: optionalText,
  LENDER_MPESA_B2C_SHORTCODE: shortcode.optional(),
  LENDER_MPESA_CONSUMER_KEY: optionalText,
  LENDER_MPESA_CONSUMER_SECRET: optionalText,
  LENDER_MPESA_INITIATOR_NAME: optionalText,
  LENDER_MPESA_INITIATOR_CREDENTIAL: optionalText,
  LENDER_MPESA_CALLBACK_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9_-]{20,128}$/, "20 to 128 letters, digits, - or _")
    .optional(),
};

type LenderEnv = { [K in keyof typeof lenderMpesaEnvShape]?: string | undefined };

const REQUIRED = [
  "LENDER_MPESA_PAYBILL",
  "LENDER_MPESA_PASSKEY",
  "LENDER_MPESA_B2C_SHORTCODE",
  "LENDER_MPESA_CONSUMER_KEY",
  "LENDER_MPESA_CONSUMER_SECRET",
  "LENDER_MPESA_INITIATOR_NAME",
  "LENDER_MPESA_INITIATOR_CREDENTIAL",
  "LENDER_MPESA_CALLBACK_TOKEN",
] as const;

/**
 * The lender's M-Pesa from validated settings: all of LENDER_MPESA_* set → those; none set → the sandbox
 * lender outside production, nothing (lending cannot move money) in production. Some set → a list of what
 * is missing (refused at boot).
 */
export function lenderMpesaFromEnv(env: LenderEnv, production: boolean): LenderMpesaConfig | null {
  const missing = REQUIRED.filter((name) => !env[name]);
  if (missing.length === REQUIRED.length) return production ? null : DEVELOPMENT_LENDER_MPESA;
  if (missing.length > 0)
    throw new Error(`Set the lender's M-Pesa fully or not at all: missing ${missing.join(", ")}`);
  return {
    environment: env.LENDER_MPESA_ENVIRONMENT === "production" ? "production" : "sandbox",
    paybillShortcode: String(env.LENDER_MPESA_PAYBILL),
    passkey: String(env.LENDER_MPESA_PASSKEY),
    b2cShortcode: String(env.LENDER_MPESA_B2C_SHORTCODE),
    consumerKey: String(env.LENDER_MPESA_CONSUMER_KEY),
    consumerSecret: String(env.LENDER_MPESA_CONSUMER_SECRET),
    initiator: {
      name: String(env.LENDER_MPESA_INITIATOR_NAME),
      securityCredential: String(env.LENDER_MPESA_INITIATOR_CREDENTIAL),
    },
    callbackToken: String(env.LENDER_MPESA_CALLBACK_TOKEN),
  };
}

/** Production problems of the lender's settings (partial settings; the development token). */
export function lenderMpesaProductionProblems(env: LenderEnv): string[] {
  const set = REQUIRED.filter((name) => env[name]);
  if (set.length === 0) return [];
  const problems: string[] = [];
  if (set.length < REQUIRED.length)
    problems.push(
      `LENDER_MPESA_*: set all or none (missing ${REQUIRED.filter((name) => !env[name]).join(", ")})`,
    );
  if (env.LENDER_MPESA_CALLBACK_TOKEN === DEVELOPMENT_LENDER_MPESA.callbackToken)
    problems.push("LENDER_MPESA_CALLBACK_TOKEN is the development token: generate a random one");
  return problems;
}
