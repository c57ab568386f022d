/**
 * Key rotation, step two: re-encrypts every secret at rest made with an older key.
 *
 *   1. Put a new key first in DATA_ENCRYPTION_KEYS, keeping the old ones after it ("k2:…,k1:…"); deploy.
 *   2. pnpm --filter @kavi/api reencrypt-secrets   (with the same DATA_ENCRYPTION_KEYS)
 *   3. Once it reports nothing stale, the old key can be removed from DATA_ENCRYPTION_KEYS.
 */
import { createDatabase } from "@kavi/db";
import { createKeyring, DEVELOPMENT_DATA_ENCRYPTION_KEYS, parseKeyring } from "@kavi/security";
import { reencryptMpesaSecrets } from "../services/mpesa/settings";
import { reencryptWebhookSecrets } from "../services/webhooks/endpoints";
import { cliEnv } from "./env";

const spec = cliEnv.encryptionKeys ?? (cliEnv.production ? null : DEVELOPMENT_DATA_ENCRYPTION_KEYS);
if (!spec) {
  console.error("DATA_ENCRYPTION_KEYS is not set.");
  process.exit(1);
}
const keyring = createKeyring(parseKeyring(spec));
const handle = createDatabase({
  url: cliEnv.databaseUrl,
  ssl: cliEnv.databaseSsl,
  max: 2,
  applicationName: "kavi-reencrypt",
});
try {
  const changed = await reencryptMpesaSecrets(handle.db, keyring);
  const endpoints = await reencryptWebhookSecrets(handle.db, keyring);
  console.log(
    changed === 0 && endpoints === 0
      ? `Every secret is already encrypted with the current key "${keyring.currentKeyId}".`
      : `Re-encrypted the M-Pesa secrets of ${changed} business${changed === 1 ? "" : "es"} and ${endpoints} webhook signing secret${endpoints === 1 ? "" : "s"} with key "${keyring.currentKeyId}".`,
  );
} catch (error) {
  console.error("re-encryption failed:", error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await handle.close();
}
