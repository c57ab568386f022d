import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as logs from "aws-cdk-lib/aws-logs";
import * as rds from "aws-cdk-lib/aws-rds";
import { Construct } from "constructs";
import type { KaviEnvironmentConfig } from "../config";
import { acknowledgeFindings, acknowledgeRule } from "../nag";
import { resourceName, secretName } from "../naming";

export interface DatabaseProps {
  readonly config: KaviEnvironmentConfig;
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly securityGroup: ec2.ISecurityGroup;
  readonly encryptionKey: kms.IKey;
}

export const DATABASE_NAME = "kavi";
export const DATABASE_USER = "kavi";

/** spec §3 RDS Configuration: PostgreSQL 15, gp3 20 → 100 GB, KMS, 7-day backups, Sunday maintenance. */
export class Database extends Construct {
  readonly instance: rds.DatabaseInstance;
  /** JSON with `username`, `password`, `host`, `port`, `dbname`, `engine` (host and port once attached). */
  readonly secret: rds.DatabaseSecret;
  readonly maxConnections: number;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const { config } = props;
    const settings = config.database;
    const engine = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_15 });
    const identifier = resourceName(config, "postgres");
    const removalPolicy = config.retainData ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY;
    this.maxConnections = settings.maxConnections;

    this.secret = new rds.DatabaseSecret(this, "Credentials", {
      secretName: secretName(config, "database"),
      username: DATABASE_USER,
      dbname: DATABASE_NAME,
      // The apps may assemble a connection URL from the parts: keep the password URL-safe.
      excludeCharacters: " %+~`#$&*()|[]{}:;<>?!'/@\"\\=,^.",
    });

    // Created up front with the spec's retention, so RDS exports into it instead of a never-expiring group.
    const postgresLog = new logs.LogGroup(this, "PostgresLog", {
      logGroupName: `/aws/rds/instance/${identifier}/postgresql`,
      retention: settings.logRetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const upgradeLog = new logs.LogGroup(this, "UpgradeLog", {
      logGroupName: `/aws/rds/instance/${identifier}/upgrade`,
      retention: settings.logRetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const parameterGroup = new rds.ParameterGroup(this, "Parameters", {
      engine,
      description: `KAVI ${config.name} PostgreSQL 15`,
      parameters: {
        // The apps connect with DB_SSL=require; refuse anything else.
        "rds.force_ssl": "1",
        max_connections: String(settings.maxConnections),
        log_min_duration_statement: "1000",
      },
    });

    this.instance = new rds.DatabaseInstance(this, "Instance", {
      instanceIdentifier: identifier,
      engine,
      instanceType: new ec2.InstanceType(settings.instanceType),
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      subnetGroup: new rds.SubnetGroup(this, "Subnets", {
        subnetGroupName: resourceName(config, "db-subnet-group"),
        description: `KAVI ${config.name} isolated database subnets`,
        vpc: props.vpc,
        vpcSubnets: props.subnets,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
      securityGroups: [props.securityGroup],
      publiclyAccessible: false,
      databaseName: DATABASE_NAME,
      credentials: rds.Credentials.fromSecret(this.secret),
      multiAz: settings.multiAz,
      storageType: rds.StorageType.GP3,
      allocatedStorage: settings.allocatedStorageGiB,
      maxAllocatedStorage: settings.maxAllocatedStorageGiB,
      storageEncrypted: true,
      storageEncryptionKey: props.encryptionKey,
      backupRetention: Duration.days(settings.backupRetentionDays),
      preferredBackupWindow: settings.backupWindow,
      preferredMaintenanceWindow: settings.maintenanceWindow,
      copyTagsToSnapshot: true,
      deleteAutomatedBackups: false,
      deletionProtection: settings.deletionProtection,
      removalPolicy,
      autoMinorVersionUpgrade: true,
      allowMajorVersionUpgrade: false,
      parameterGroup,
      caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
      cloudwatchLogsExports: ["postgresql", "upgrade"],
      monitoringInterval: Duration.seconds(60),
    });
    this.instance.node.addDependency(postgresLog, upgradeLog);

    acknowledgeRule(
      this.secret,
      "AwsSolutions-SMG4",
      "The tasks read DB_PASSWORD when they start; a scheduled rotation would break new connections until the next deploy. Rotated by the runbook (rotate, then force a new deployment).",
    );
    acknowledgeRule(
      this.instance,
      "AwsSolutions-RDS11",
      "The default port is kept: the instance is in isolated subnets and reachable only from the application security group; a non-standard port adds no protection.",
    );
    acknowledgeRule(
      this.instance,
      "AwsSolutions-RDS6",
      "The apps authenticate with the password from Secrets Manager (DB_PASSWORD); IAM tokens would need code in the apps to refresh them every 15 minutes.",
    );
    acknowledgeFindings(
      this.instance,
      "AwsSolutions-IAM4",
      ["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"],
      "The enhanced monitoring role uses AmazonRDSEnhancedMonitoringRole, the AWS-maintained policy RDS requires for it.",
    );
    if (!settings.multiAz) {
      acknowledgeRule(
        this.instance,
        "AwsSolutions-RDS3",
        `${config.name} is configured single-AZ to halve its cost; production is Multi-AZ (config.database.multiAz).`,
      );
    }
    if (!settings.deletionProtection) {
      acknowledgeRule(
        this.instance,
        "AwsSolutions-RDS10",
        `${config.name} holds no real data and is torn down and recreated; production has deletion protection.`,
      );
    }
  }
}
