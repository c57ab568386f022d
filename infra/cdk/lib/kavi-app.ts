import type { App } from "aws-cdk-lib";
import type { KaviEnvironmentConfig } from "./config";
import { AppStack } from "./stacks/app-stack";
import { BackupCopyStack } from "./stacks/backup-copy-stack";
import { DataStack } from "./stacks/data-stack";
import { EdgeStack } from "./stacks/edge-stack";
import { MigrationsStack } from "./stacks/migrations-stack";
import { MonitoringStack } from "./stacks/monitoring-stack";
import { NetworkStack } from "./stacks/network-stack";
import { RegistryStack } from "./stacks/registry-stack";

export interface KaviEnvironmentStacks {
  readonly registry: RegistryStack;
  readonly network: NetworkStack;
  readonly backupCopy?: BackupCopyStack;
  readonly data: DataStack;
  readonly app: AppStack;
  readonly migrations: MigrationsStack;
  readonly monitoring: MonitoringStack;
  readonly edge: EdgeStack;
}

/**
 * One environment's stacks, in deploy order. Stack names are `Kavi-<Environment>-<Part>`, so
 * `cdk deploy 'Kavi-Staging-*'` deploys one environment.
 */
export function addKaviEnvironment(
  app: App,
  config: KaviEnvironmentConfig,
  options: { imageTag: string },
): KaviEnvironmentStacks {
  const registry = new RegistryStack(app, config);
  const network = new NetworkStack(app, config);
  const backupCopy = config.backup.copyToRegion
    ? new BackupCopyStack(app, config, config.backup.copyToRegion)
    : undefined;
  const data = new DataStack(app, config, network);
  if (backupCopy) data.addStackDependency(backupCopy, "backup copies need the destination vault");
  const application = new AppStack(app, { config, network, registry, data, imageTag: options.imageTag });
  const migrations = new MigrationsStack(app, {
    config,
    network,
    registry,
    data,
    imageTag: options.imageTag,
  });
  migrations.addStackDependency(application, "the migration task runs in the app stack's cluster");
  const monitoring = new MonitoringStack(app, { config, data, app: application });
  const edge = new EdgeStack(app, config);
  // CloudFront reads the origin header's secret from its replica in us-east-1, made by the data stack.
  edge.addStackDependency(data, "the origin-verify secret and its us-east-1 replica");
  return { registry, network, backupCopy, data, app: application, migrations, monitoring, edge };
}
