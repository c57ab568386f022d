import { Buffer } from "node:buffer";

/** The Lipa na M-Pesa Online password: base64(BusinessShortCode + Passkey + Timestamp). */
export function computeStkPassword(shortCode: string, passkey: string, timestamp: string): string {
  return Buffer.from(`${shortCode}${passkey}${timestamp}`, "utf8").toString("base64");
}

/** Public sandbox Lipa na M-Pesa Online shortcode and its published passkey. */
export const SANDBOX_STK_SHORTCODE = "174379";
export const SANDBOX_STK_PASSKEY = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919";
/** The sandbox test MSISDN Safaricom publishes. */
export const SANDBOX_TEST_MSISDN = "254708374149";
