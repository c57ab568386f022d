import { SecretValue } from "aws-cdk-lib";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import type { KaviEnvironmentConfig } from "../config";
import { acknowledgeRule } from "../nag";
import { secretName } from "../naming";
import { originVerifySecretName } from "../origin-verify";
import { EDGE_REGION } from "../stacks/edge-stack";

/**
 * The value of secrets an operator must fill before the services start (docs/operations.md,
 * "Secrets to fill"). CloudFormation writes it only when the secret is created: later deploys do
 * not overwrite what the operator put there.
 */
export const UNSET_SECRET_VALUE = "SET-ME-see-docs-operations-md";

/** Fields of the Daraja secret, and the environment variables they become. */
export const DarajaSecretFields = {
  consumerKey: "DARAJA_CONSUMER_KEY",
  consumerSecret: "DARAJA_CONSUMER_SECRET",
  shortCode: "DARAJA_SHORTCODE",
  passkey: "DARAJA_PASSKEY",
} as const;

/**
 * The application's own secrets (one Secrets Manager secret each, so each can be rotated alone).
 * Database and Redis credentials live beside their resources.
 */
export class ApplicationSecrets extends Construct {
  /** JWT_SECRET: generated. */
  readonly jwtSecret: secretsmanager.Secret;
  /** DATA_ENCRYPTION_KEYS: `keyId:base64key[,keyId:base64key...]`, first one encrypts. */
  readonly dataEncryptionKeys: secretsmanager.Secret;
  /** JSON with the `DarajaSecretFields` keys. */
  readonly daraja: secretsmanager.Secret;
  readonly geminiApiKey: secretsmanager.Secret;
  readonly elevenLabsApiKey: secretsmanager.Secret;
  /** SMTP_URL, e.g. `smtps://user:password@email-smtp.eu-west-1.amazonaws.com:465`. */
  readonly smtpUrl: secretsmanager.Secret;
  /**
   * ORIGIN_VERIFY_SECRET: JSON `{"current": …}` (plus `previous` while rotating), the header CloudFront
   * adds and the ALB requires. Replicated to us-east-1, where the edge stack reads it.
   */
  readonly originVerify: secretsmanager.Secret;
  /** METRICS_TOKEN: the bearer token a Prometheus scraper presents to /metrics. */
  readonly metricsToken: secretsmanager.Secret;

  constructor(scope: Construct, id: string, config: KaviEnvironmentConfig) {
    super(scope, id);

    this.jwtSecret = new secretsmanager.Secret(this, "JwtSecret", {
      secretName: secretName(config, "jwt-secret"),
      description: "JWT_SECRET: signs session tokens. Rotating it signs everyone out.",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });

    this.originVerify = new secretsmanager.Secret(this, "OriginVerify", {
      secretName: originVerifySecretName(config),
      description:
        "ORIGIN_VERIFY_SECRET: the X-Origin-Verify header CloudFront adds and the ALB requires. Rotated by the runbook.",
      generateSecretString: {
        secretStringTemplate: JSON.stringify({}),
        generateStringKey: "current",
        passwordLength: 48,
        excludePunctuation: true,
      },
      replicaRegions: config.region === EDGE_REGION ? [] : [{ region: EDGE_REGION }],
    });
    this.metricsToken = new secretsmanager.Secret(this, "MetricsToken", {
      secretName: secretName(config, "metrics-token"),
      description:
        "METRICS_TOKEN: what a Prometheus scraper sends as Authorization: Bearer <token> to /metrics.",
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });

    const toFill = (id: string, name: string, description: string) =>
      new secretsmanager.Secret(this, id, {
        secretName: secretName(config, name),
        description: `${description} Fill before the first deploy of the services.`,
        secretStringValue: SecretValue.unsafePlainText(UNSET_SECRET_VALUE),
      });

    this.dataEncryptionKeys = toFill(
      "DataEncryptionKeys",
      "data-encryption-keys",
      "DATA_ENCRYPTION_KEYS: comma-separated keyId:base64(32 random bytes); the first encrypts, all decrypt.",
    );
    this.geminiApiKey = toFill("GeminiApiKey", "gemini-api-key", "GEMINI_API_KEY.");
    this.elevenLabsApiKey = toFill("ElevenLabsApiKey", "elevenlabs-api-key", "ELEVENLABS_API_KEY.");
    this.smtpUrl = toFill("SmtpUrl", "smtp-url", "SMTP_URL, with the mail provider's credentials.");
    this.daraja = new secretsmanager.Secret(this, "Daraja", {
      secretName: secretName(config, "daraja"),
      description: "M-Pesa Daraja API credentials (JSON). Fill before the first deploy of the services.",
      secretObjectValue: Object.fromEntries(
        Object.keys(DarajaSecretFields).map((field) => [
          field,
          SecretValue.unsafePlainText(UNSET_SECRET_VALUE),
        ]),
      ),
    });

    const rotationReasons: [secretsmanager.Secret, string][] = [
      [
        this.jwtSecret,
        "Rotating the JWT secret signs every user out, so it is rotated on purpose by the runbook (docs/operations.md), not on a timer.",
      ],
      [
        this.dataEncryptionKeys,
        "Data encryption keys are rotated by adding a new key first and re-encrypting stored M-Pesa credentials (runbook); an automatic rotation would make existing ciphertext unreadable.",
      ],
      [
        this.daraja,
        "Issued by Safaricom's developer portal; there is no API a rotation Lambda could call. Rotated by the runbook.",
      ],
      [this.geminiApiKey, "Issued by Google AI Studio; no rotation API. Rotated by the runbook."],
      [this.elevenLabsApiKey, "Issued by ElevenLabs; no rotation API. Rotated by the runbook."],
      [
        this.smtpUrl,
        "SMTP credentials are issued by the mail provider (SES SMTP user); rotated by the runbook.",
      ],
      [
        this.originVerify,
        "Rotating the origin header means the ALB must accept old and new while CloudFront (minutes to deploy) switches: a staged deploy by the runbook, not a Lambda on a timer.",
      ],
      [
        this.metricsToken,
        "Read by the server at start and by the scraper; rotated by the runbook together with the scraper's configuration.",
      ],
    ];
    for (const [secret, reason] of rotationReasons) acknowledgeRule(secret, "AwsSolutions-SMG4", reason);
  }
}
