import { ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as backup from "aws-cdk-lib/aws-backup";
import * as events from "aws-cdk-lib/aws-events";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import type { Construct } from "constructs";
import type { KaviEnvironmentConfig } from "../config";
import { ApplicationSecrets } from "../constructs/application-secrets";
import { Cache } from "../constructs/cache";
import { Database } from "../constructs/database";
import { UploadsStorage } from "../constructs/uploads-storage";
import { acknowledgeFindings } from "../nag";
import { resourceName } from "../naming";
import { tagComponent } from "../tags";
import { KaviStack } from "./kavi-stack";
import { type NetworkStack, SubnetGroup } from "./network-stack";

/** The vault in the secondary region that receives copies (created by `BackupCopyStack`). */
export function disasterRecoveryVaultName(config: KaviEnvironmentConfig): string {
  return resourceName(config, "backups-dr");
}

/**
 * Everything that holds state: PostgreSQL, Redis, the uploads bucket, the secrets, and the AWS
 * Backup plan that copies them. Kept apart from the services so a deploy never replaces data.
 */
export class DataStack extends KaviStack {
  readonly encryptionKey: kms.Key;
  readonly secrets: ApplicationSecrets;
  readonly database: Database;
  readonly cache: Cache;
  readonly uploads: UploadsStorage;
  readonly backupPlan: backup.BackupPlan;

  constructor(scope: Construct, config: KaviEnvironmentConfig, network: NetworkStack) {
    super(scope, "Data", {
      config,
      component: "Database",
      description: `KAVI ${config.name}: PostgreSQL, Redis, uploads, secrets and backups`,
      holdsData: true,
    });
    const databaseSubnets = { subnetGroupName: SubnetGroup.database };

    this.encryptionKey = new kms.Key(this, "DataKey", {
      alias: `alias/${resourceName(config, "data")}`,
      description: `KAVI ${config.name}: encrypts PostgreSQL storage, Redis at rest and backups`,
      enableKeyRotation: true,
      removalPolicy: config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(config.retainData ? 30 : 7),
    });

    this.secrets = new ApplicationSecrets(this, "Secrets", config);
    tagComponent(this.secrets, "Secrets");

    this.database = new Database(this, "Database", {
      config,
      vpc: network.vpc,
      subnets: databaseSubnets,
      securityGroup: network.securityGroups.database,
      encryptionKey: this.encryptionKey,
    });

    this.cache = new Cache(this, "Cache", {
      config,
      subnets: network.vpc.selectSubnets(databaseSubnets),
      securityGroup: network.securityGroups.cache,
      encryptionKey: this.encryptionKey,
    });
    tagComponent(this.cache, "Cache");

    this.uploads = new UploadsStorage(this, "Uploads", config);
    tagComponent(this.uploads, "Storage");

    this.backupPlan = this.createBackupPlan(config);

    new CfnOutput(this, "DatabaseEndpoint", { value: this.database.instance.dbInstanceEndpointAddress });
    new CfnOutput(this, "DatabaseSecretName", { value: this.database.secret.secretName });
    new CfnOutput(this, "RedisEndpoint", { value: this.cache.replicationGroup.attrPrimaryEndPointAddress });
    new CfnOutput(this, "UploadsBucketName", { value: this.uploads.bucket.bucketName });
  }

  /** spec §8: daily backups of the database and the uploads, copied to a second region where configured. */
  private createBackupPlan(config: KaviEnvironmentConfig): backup.BackupPlan {
    const retention = Duration.days(config.backup.retentionDays);
    const vault = new backup.BackupVault(this, "BackupVault", {
      backupVaultName: resourceName(config, "backups"),
      encryptionKey: this.encryptionKey,
      removalPolicy: config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    const copyRegion = config.backup.copyToRegion;
    const copyActions = copyRegion
      ? [
          {
            destinationBackupVault: backup.BackupVault.fromBackupVaultArn(
              this,
              "DisasterRecoveryVault",
              Stack.of(this).formatArn({
                service: "backup",
                region: copyRegion,
                resource: "backup-vault",
                resourceName: disasterRecoveryVaultName(config),
                arnFormat: ArnFormat.COLON_RESOURCE_NAME,
              }),
            ),
            deleteAfter: retention,
          },
        ]
      : undefined;

    const plan = new backup.BackupPlan(this, "BackupPlan", {
      backupPlanName: resourceName(config, "backups"),
      backupVault: vault,
    });
    plan.addRule(
      new backup.BackupPlanRule({
        ruleName: "daily",
        // After the RDS automated backup window (03:00-04:00 UTC) and its maintenance window.
        scheduleExpression: events.Schedule.cron({ hour: "5", minute: "30" }),
        startWindow: Duration.hours(1),
        completionWindow: Duration.hours(8),
        deleteAfter: retention,
        copyActions,
      }),
    );

    const role = new iam.Role(this, "BackupRole", {
      assumedBy: new iam.ServicePrincipal("backup.amazonaws.com"),
      description: "AWS Backup: back up and restore KAVI's database and uploads bucket",
      managedPolicies: [
        "service-role/AWSBackupServiceRolePolicyForBackup",
        "service-role/AWSBackupServiceRolePolicyForRestores",
        "AWSBackupServiceRolePolicyForS3Backup",
        "AWSBackupServiceRolePolicyForS3Restore",
      ].map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
    });
    plan.addSelection("DatabaseAndUploads", {
      backupSelectionName: resourceName(config, "database-and-uploads"),
      role,
      resources: [
        backup.BackupResource.fromRdsDatabaseInstance(this.database.instance),
        backup.BackupResource.fromArn(this.uploads.bucket.bucketArn),
      ],
    });
    acknowledgeFindings(
      role,
      "AwsSolutions-IAM4",
      [
        "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
        "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
        "Policy::arn:<AWS::Partition>:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
        "Policy::arn:<AWS::Partition>:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
      ],
      "AWS Backup's own service-role policies: AWS maintains them as the service adds what RDS and S3 backup and restore need.",
    );
    tagComponent(vault, "Backup");
    tagComponent(plan, "Backup");
    return plan;
  }
}
