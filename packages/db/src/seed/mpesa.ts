import { createHash, randomBytes } from "node:crypto";
import type { Keyring } from "@kavi/security";
import type { Database } from "../client";
import { mpesaSecretAssociatedData, mpesaSettings } from "../schema";

/** Daraja's public sandbox: Lipa na M-Pesa shortcode 174379 and its published passkey (see shared reference). */
export const DEMO_MPESA = {
  shortcode: "174379",
  passkey: "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919",
  consumerKey: "kavi-demo-consumer-key",
  consumerSecret: "kavi-demo-consumer-secret",
  initiatorName: "testapi",
  b2cShortcode: "600992",
} as const;

/**
 * M-Pesa for the demo business, against the sandbox shortcode: with DARAJA_BASE_URL pointing at the local
 * simulator (pnpm dev does), "Request M-Pesa payment" works out of the box. Settings that exist are left alone.
 */
/** Daraja refuses callback URLs containing these (FORBIDDEN_CALLBACK_URL_WORDS in packages/daraja): redraw. */
const REFUSED_IN_URLS = /mpesa|m-pesa|safaricom|exe|cmd|sql|query/i;

function callbackToken(): string {
  for (;;) {
    const token = randomBytes(32).toString("base64url");
    if (!REFUSED_IN_URLS.test(token)) return token;
  }
}

export async function seedDemoMpesa(db: Database, businessId: string, keyring: Keyring): Promise<void> {
  const encrypt = (field: Parameters<typeof mpesaSecretAssociatedData>[1], value: string) =>
    keyring.encrypt(value, mpesaSecretAssociatedData(businessId, field));
  const token = callbackToken();
  // A credential shaped like the Daraja portal's (base64 of an RSA block); the simulator checks only its shape.
  const securityCredential = randomBytes(256).toString("base64");
  await db
    .insert(mpesaSettings)
    .values({
      businessId,
      accountType: "paybill",
      shortcode: DEMO_MPESA.shortcode,
      environment: "sandbox",
      consumerKeyCiphertext: encrypt("consumerKey", DEMO_MPESA.consumerKey),
      consumerSecretCiphertext: encrypt("consumerSecret", DEMO_MPESA.consumerSecret),
      passkeyCiphertext: encrypt("passkey", DEMO_MPESA.passkey),
      consumerKeyHint: `…${DEMO_MPESA.consumerKey.slice(-4)}`,
      consumerSecretHint: `…${DEMO_MPESA.consumerSecret.slice(-4)}`,
      passkeyHint: `…${DEMO_MPESA.passkey.slice(-4)}`,
      initiatorName: DEMO_MPESA.initiatorName,
      initiatorCredentialCiphertext: encrypt("initiatorCredential", securityCredential),
      initiatorCredentialKind: "security_credential",
      initiatorCredentialHint: `…${securityCredential.slice(-4)}`,
      b2cShortcode: DEMO_MPESA.b2cShortcode,
      c2bValidation: "accept_all",
      callbackTokenHash: createHash("sha256").update(token, "utf8").digest("hex"),
      callbackTokenCiphertext: encrypt("callbackToken", token),
    })
    .onConflictDoNothing({ target: mpesaSettings.businessId });
}
