import type { KaviEnvironmentConfig } from "./config";

/**
 * Physical names, derived from the environment. Scripts and docs (infra/ops/scripts, docs/operations.md)
 * rely on the names marked "stable": change them together.
 */

/** `Kavi-Production-Network`, the CloudFormation stack name (stable). */
export function stackName(config: KaviEnvironmentConfig, part: string): string {
  return `Kavi-${capitalize(config.name)}-${part}`;
}

/** `kavi-production-<suffix>`, for resources that carry a name. */
export function resourceName(config: KaviEnvironmentConfig, suffix: string): string {
  return `kavi-${config.name}-${suffix}`;
}

/** `kavi/production/<name>`, the Secrets Manager name (stable). */
export function secretName(config: KaviEnvironmentConfig, name: string): string {
  return `kavi/${config.name}/${name}`;
}

/**
 * The uploads bucket (stable). Named, so that the app stack and scripts can address it without a
 * cross-stack reference; the account id keeps the global S3 name unique.
 */
export function uploadsBucketName(config: KaviEnvironmentConfig): string {
  return `kavi-${config.name}-uploads-${config.account}`;
}

/** The ECS cluster (stable). */
export function clusterName(config: KaviEnvironmentConfig): string {
  return `kavi-${config.name}`;
}

/** The one-off migration task definition family (stable). */
export function migrationTaskFamily(config: KaviEnvironmentConfig): string {
  return resourceName(config, "migrate");
}

/** `/ecs/kavi-production/server` (spec §7 Log Groups: `/ecs/kavi-backend`). */
export function containerLogGroupName(config: KaviEnvironmentConfig, container: string): string {
  return `/ecs/kavi-${config.name}/${container}`;
}

export function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}
