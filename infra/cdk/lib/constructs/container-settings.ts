import * as ecs from "aws-cdk-lib/aws-ecs";
import type { KaviEnvironmentConfig } from "../config";
import { uploadsBucketName } from "../naming";
import type { DataStack } from "../stacks/data-stack";
import { Ports } from "../stacks/network-stack";
import { DarajaSecretFields } from "./application-secrets";

/**
 * The environment contract with apps/server, apps/worker and packages/db (variable names are the
 * apps'): plain settings as environment variables, everything secret from Secrets Manager.
 */

/** What the migration task needs: the database only. */
export function databaseEnvironment(config: KaviEnvironmentConfig): Record<string, string> {
  return {
    NODE_ENV: "production",
    LOG_LEVEL: config.application.logLevel,
    KAVI_ENVIRONMENT: config.name,
    DB_SSL: "require",
  };
}

/** DB_* from the RDS secret's JSON fields, so the password never appears in a task definition. */
export function databaseSecrets(data: DataStack): Record<string, ecs.Secret> {
  const secret = data.database.secret;
  return {
    DB_HOST: ecs.Secret.fromSecretsManager(secret, "host"),
    DB_PORT: ecs.Secret.fromSecretsManager(secret, "port"),
    DB_NAME: ecs.Secret.fromSecretsManager(secret, "dbname"),
    DB_USER: ecs.Secret.fromSecretsManager(secret, "username"),
    DB_PASSWORD: ecs.Secret.fromSecretsManager(secret, "password"),
  };
}

/** Server and worker settings. `PORT` is the server's only. */
export function applicationEnvironment(
  config: KaviEnvironmentConfig,
  data: DataStack,
  options: { listensOnPort: boolean },
): Record<string, string> {
  const { application, domains } = config;
  const appOrigins = [domains.app, ...domains.appAliases].map((domain) => `https://${domain}`);
  const environment: Record<string, string> = {
    ...databaseEnvironment(config),
    AWS_REGION: config.region,
    APP_URL: `https://${domains.app}`,
    API_PUBLIC_URL: `https://${domains.api}`,
    CORS_ORIGINS: appOrigins.join(","),
    // The proxies in front of the server, by address: the ALB's nodes live in the public subnets. CloudFront,
    // whose addresses change, is trusted by its origin header (ORIGIN_VERIFY_SECRET) instead.
    TRUST_PROXY: config.network.subnetCidrs.public.join(","),
    COOKIE_SECURE: "true",
    REDIS_HOST: data.cache.replicationGroup.attrPrimaryEndPointAddress,
    REDIS_PORT: String(data.cache.port),
    REDIS_TLS: "true",
    MAIL_FROM: application.mailFrom,
    // Each business's own choice (sandbox or production) picks Safaricom's host: DARAJA_BASE_URL stays unset.
    // M-Pesa callbacks are trusted only from Safaricom's published addresses (docs/security.md).
    MPESA_CALLBACK_ALLOWED_IPS: "safaricom",
    RATE_LIMIT_AUTHENTICATED_PER_HOUR: String(application.rateLimits.authenticatedPerHour),
    RATE_LIMIT_ANONYMOUS_PER_HOUR: String(application.rateLimits.anonymousPerHour),
    RATE_LIMIT_ASSISTANT_PER_MINUTE: String(application.rateLimits.assistantPerMinute),
    // Storage (packages/storage): the uploads bucket through the task role's credentials, no endpoint override.
    S3_BUCKET: uploadsBucketName(config),
    S3_REGION: config.region,
  };
  if (options.listensOnPort) environment.PORT = String(Ports.application);
  if (application.otlpEndpoint) {
    environment.OTEL_EXPORTER_OTLP_ENDPOINT = application.otlpEndpoint;
    environment.OTEL_SERVICE_NAME = options.listensOnPort ? "kavi-server" : "kavi-worker";
  }
  return environment;
}

/** Credentials for the server and the worker; the server also gets its own (`serverOnlySecrets`). */
export function applicationSecrets(data: DataStack): Record<string, ecs.Secret> {
  const { secrets, cache } = data;
  return {
    ...databaseSecrets(data),
    REDIS_PASSWORD: ecs.Secret.fromSecretsManager(cache.authSecret, "password"),
    JWT_SECRET: ecs.Secret.fromSecretsManager(secrets.jwtSecret),
    DATA_ENCRYPTION_KEYS: ecs.Secret.fromSecretsManager(secrets.dataEncryptionKeys),
    GEMINI_API_KEY: ecs.Secret.fromSecretsManager(secrets.geminiApiKey),
    ELEVENLABS_API_KEY: ecs.Secret.fromSecretsManager(secrets.elevenLabsApiKey),
    SMTP_URL: ecs.Secret.fromSecretsManager(secrets.smtpUrl),
    ...Object.fromEntries(
      Object.entries(DarajaSecretFields).map(([field, variable]) => [
        variable,
        ecs.Secret.fromSecretsManager(secrets.daraja, field),
      ]),
    ),
  };
}

/** What only the server reads: the CloudFront origin header it checks and the token /metrics asks for. */
export function serverOnlySecrets(
  config: KaviEnvironmentConfig,
  data: DataStack,
): Record<string, ecs.Secret> {
  const { secrets } = data;
  return {
    ORIGIN_VERIFY_SECRET: ecs.Secret.fromSecretsManager(secrets.originVerify, "current"),
    ...(config.originVerify.acceptPrevious
      ? { ORIGIN_VERIFY_SECRET_PREVIOUS: ecs.Secret.fromSecretsManager(secrets.originVerify, "previous") }
      : {}),
    METRICS_TOKEN: ecs.Secret.fromSecretsManager(secrets.metricsToken),
  };
}
