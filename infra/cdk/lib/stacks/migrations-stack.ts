import { CfnOutput, Duration, RemovalPolicy, Size } from "aws-cdk-lib";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import type { KaviEnvironmentConfig } from "../config";
import { databaseEnvironment, databaseSecrets } from "../constructs/container-settings";
import { acknowledgeFindings, acknowledgeRule, ECR_AUTHORIZATION_REASON } from "../nag";
import { clusterName, containerLogGroupName, migrationTaskFamily } from "../naming";
import type { DataStack } from "./data-stack";
import { KaviStack } from "./kavi-stack";
import type { NetworkStack } from "./network-stack";
import { SubnetGroup } from "./network-stack";
import type { RegistryStack } from "./registry-stack";

export interface MigrationsStackProps {
  readonly config: KaviEnvironmentConfig;
  readonly network: NetworkStack;
  readonly registry: RegistryStack;
  readonly data: DataStack;
  readonly imageTag: string;
}

/** The command the migration task runs (contract with packages/db). */
export const MIGRATE_COMMAND = ["node", "packages/db/dist/migrate.js"];

/**
 * The one-off migration task. A stack of its own so that a release can register the new image's
 * migration task (`cdk deploy <this stack> --exclusively`), run it, and only then roll the services:
 * schema first, then the code that needs it. infra/ops/scripts/run-migrations.sh runs it.
 */
export class MigrationsStack extends KaviStack {
  readonly taskDefinition: ecs.FargateTaskDefinition;

  constructor(scope: Construct, props: MigrationsStackProps) {
    const { config, network, registry, data, imageTag } = props;
    super(scope, "Migrations", {
      config,
      component: "Database",
      description: `KAVI ${config.name}: one-off database migration task`,
    });

    const logGroup = new logs.LogGroup(this, "MigrationLogs", {
      logGroupName: containerLogGroupName(config, "migrate"),
      retention: config.application.logRetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.taskDefinition = new ecs.FargateTaskDefinition(this, "MigrationTask", {
      family: migrationTaskFamily(config),
      cpu: 256,
      memoryLimitMiB: 512,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    this.taskDefinition.addContainer("migrate", {
      containerName: "migrate",
      // The server image carries packages/db/dist and the committed SQL migrations.
      image: ecs.ContainerImage.fromEcrRepository(registry.repositories.server, imageTag),
      command: MIGRATE_COMMAND,
      essential: true,
      environment: databaseEnvironment(config),
      secrets: databaseSecrets(data),
      logging: ecs.LogDrivers.awsLogs({
        logGroup,
        streamPrefix: "migrate",
        mode: ecs.AwsLogDriverMode.NON_BLOCKING,
        maxBufferSize: Size.mebibytes(25),
      }),
      stopTimeout: Duration.seconds(30),
    });

    acknowledgeRule(
      this.taskDefinition,
      "AwsSolutions-ECS2",
      "Only NODE_ENV, LOG_LEVEL, KAVI_ENVIRONMENT and DB_SSL are environment variables; the credentials come from Secrets Manager.",
    );
    acknowledgeFindings(this.taskDefinition, "AwsSolutions-IAM5", ["Resource::*"], ECR_AUTHORIZATION_REASON);

    // Everything run-migrations.sh needs to start the task.
    const subnets = network.vpc.selectSubnets({ subnetGroupName: SubnetGroup.application });
    new CfnOutput(this, "ClusterName", { value: clusterName(config) });
    new CfnOutput(this, "TaskDefinitionArn", { value: this.taskDefinition.taskDefinitionArn });
    new CfnOutput(this, "SubnetIds", { value: subnets.subnetIds.join(",") });
    new CfnOutput(this, "SecurityGroupId", { value: network.securityGroups.application.securityGroupId });
    new CfnOutput(this, "LogGroupName", { value: logGroup.logGroupName });
  }
}
