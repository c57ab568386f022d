import { SecretValue } from "aws-cdk-lib";
import type { KaviEnvironmentConfig } from "./config";
import { secretName } from "./naming";

/**
 * CloudFront proves that a request came through our distribution with a secret header, which the ALB
 * requires and the server checks (apps/server/src/client-address.ts, `ORIGIN_VERIFY_SECRET`): only then is
 * CloudFront's entry in X-Forwarded-For trusted as the viewer's address, and the ALB cannot be used to
 * bypass CloudFront's web ACL.
 */
export const ORIGIN_VERIFY_HEADER = "X-Origin-Verify";

/** Secrets Manager name of the header's value (JSON: `current`, and `previous` while rotating). */
export function originVerifySecretName(config: KaviEnvironmentConfig): string {
  return secretName(config, "origin-verify");
}

/**
 * Paths the ALB forwards without the header: M-Pesa callbacks (Daraja calls `API_PUBLIC_URL` directly)
 * and the health endpoints (the smoke test after a deploy). Everything else must come through CloudFront.
 */
export const DIRECT_PATH_PATTERNS = ["/api/webhooks/*", "/api/health", "/api/live", "/api/ready"] as const;

/**
 * A dynamic reference to one field of the secret, resolved by CloudFormation at deploy time (by name, so
 * the us-east-1 edge stack reads the replica there). Pinned to `config.originVerify.versionId` when set,
 * so that a rotation changes the template and CloudFormation reads the new value.
 */
export function originVerifyValue(
  config: KaviEnvironmentConfig,
  field: "current" | "previous" = "current",
): string {
  return SecretValue.secretsManager(originVerifySecretName(config), {
    jsonField: field,
    ...(config.originVerify.versionId ? { versionId: config.originVerify.versionId } : {}),
  }).unsafeUnwrap();
}

/** The values the ALB accepts: the current one, and the previous one while a rotation is under way. */
export function acceptedOriginVerifyValues(config: KaviEnvironmentConfig): string[] {
  return config.originVerify.acceptPrevious
    ? [originVerifyValue(config, "current"), originVerifyValue(config, "previous")]
    : [originVerifyValue(config, "current")];
}
