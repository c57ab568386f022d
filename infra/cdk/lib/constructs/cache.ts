import { RemovalPolicy } from "aws-cdk-lib";
import type * as ec2 from "aws-cdk-lib/aws-ec2";
import * as elasticache from "aws-cdk-lib/aws-elasticache";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import type { KaviEnvironmentConfig } from "../config";
import { acknowledgeRule } from "../nag";
import { resourceName, secretName } from "../naming";
import { Ports } from "../stacks/network-stack";

export interface CacheProps {
  readonly config: KaviEnvironmentConfig;
  readonly subnets: ec2.SelectedSubnets;
  readonly securityGroup: ec2.ISecurityGroup;
  readonly encryptionKey: kms.IKey;
}

/**
 * ElastiCache Redis for BullMQ. BullMQ needs `maxmemory-policy noeviction`: with eviction, Redis
 * would silently drop queue keys (jobs) under memory pressure instead of refusing writes.
 */
export class Cache extends Construct {
  readonly replicationGroup: elasticache.CfnReplicationGroup;
  /** JSON `{ "password": ... }`: the Redis AUTH token. */
  readonly authSecret: secretsmanager.Secret;
  readonly replicationGroupId: string;
  /** Node ids (`<group>-001`, ...): ElastiCache publishes its metrics per node. */
  readonly nodeIds: readonly string[];
  readonly port = Ports.redis;

  constructor(scope: Construct, id: string, props: CacheProps) {
    super(scope, id);
    const { config } = props;
    const settings = config.cache;
    this.replicationGroupId = resourceName(config, "redis");
    this.nodeIds = Array.from(
      { length: settings.nodes },
      (_, index) => `${this.replicationGroupId}-${String(index + 1).padStart(3, "0")}`,
    );

    this.authSecret = new secretsmanager.Secret(this, "AuthToken", {
      secretName: secretName(config, "redis"),
      description: "REDIS_PASSWORD: the ElastiCache AUTH token",
      generateSecretString: {
        secretStringTemplate: JSON.stringify({}),
        generateStringKey: "password",
        // AUTH tokens: 16-128 printable characters, no punctuation needed.
        passwordLength: 64,
        excludePunctuation: true,
      },
    });

    const parameters = new elasticache.CfnParameterGroup(this, "Parameters", {
      cacheParameterGroupFamily: "redis7",
      description: `KAVI ${config.name} Redis for BullMQ`,
      properties: { "maxmemory-policy": "noeviction" },
    });

    const subnetGroup = new elasticache.CfnSubnetGroup(this, "Subnets", {
      cacheSubnetGroupName: resourceName(config, "redis-subnets"),
      description: `KAVI ${config.name} isolated subnets for Redis`,
      subnetIds: props.subnets.subnetIds,
    });

    this.replicationGroup = new elasticache.CfnReplicationGroup(this, "ReplicationGroup", {
      replicationGroupId: this.replicationGroupId,
      replicationGroupDescription: `KAVI ${config.name} BullMQ queues`,
      engine: "redis",
      engineVersion: "7.1",
      cacheNodeType: settings.nodeType,
      numCacheClusters: settings.nodes,
      automaticFailoverEnabled: settings.automaticFailover,
      multiAzEnabled: settings.automaticFailover,
      cacheParameterGroupName: parameters.ref,
      cacheSubnetGroupName: subnetGroup.ref,
      securityGroupIds: [props.securityGroup.securityGroupId],
      port: this.port,
      atRestEncryptionEnabled: true,
      kmsKeyId: props.encryptionKey.keyArn,
      transitEncryptionEnabled: true,
      authToken: this.authSecret.secretValueFromJson("password").unsafeUnwrap(),
      autoMinorVersionUpgrade: true,
      snapshotRetentionLimit: settings.snapshotRetentionDays,
      snapshotWindow: "02:00-03:00",
      preferredMaintenanceWindow: "sun:05:00-sun:06:00",
    });
    this.replicationGroup.applyRemovalPolicy(
      config.retainData ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY,
    );

    acknowledgeRule(
      this.authSecret,
      "AwsSolutions-SMG4",
      "Rotating the AUTH token needs the ROTATE-then-SET sequence on the replication group so running workers keep their connections; done by the runbook (docs/operations.md).",
    );
    acknowledgeRule(
      this.replicationGroup,
      "AwsSolutions-AEC5",
      "The default port is kept: Redis sits in isolated subnets, reachable only from the application security group, with TLS and AUTH.",
    );
    if (!settings.automaticFailover) {
      acknowledgeRule(
        this.replicationGroup,
        "AwsSolutions-AEC4",
        `${config.name} runs a single Redis node to save cost; production has a replica with automatic failover (config.cache).`,
      );
    }
  }
}
