import { Buffer } from "node:buffer";
import { constants, publicEncrypt, X509Certificate } from "node:crypto";

/**
 * Daraja's SecurityCredential: the initiator password encrypted with M-Pesa's public certificate
 * (RSA, PKCS#1 v1.5 padding), base64-encoded. Each call gives a different value; all are valid.
 */
export function computeSecurityCredential(initiatorPassword: string, certificatePem: string): string {
  const certificate = new X509Certificate(certificatePem);
  const encrypted = publicEncrypt(
    { key: certificate.publicKey, padding: constants.RSA_PKCS1_PADDING },
    Buffer.from(initiatorPassword, "utf8"),
  );
  return encrypted.toString("base64");
}
