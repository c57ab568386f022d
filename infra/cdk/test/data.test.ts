import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import type { EnvironmentName } from "../lib/config";
import { synthesizeKavi, TEST_ACCOUNT } from "./synthesize";
import { onlyResource, referencedLogicalId, resourcesOfType } from "./template-helpers";

const kavi = synthesizeKavi();

const expectations: {
  environment: EnvironmentName;
  multiAz: boolean;
  deletionProtection: boolean;
  removal: string;
  cacheNodes: number;
  failover: boolean;
  backupDays: number;
  copyRegion?: string;
}[] = [
  {
    environment: "staging",
    multiAz: false,
    deletionProtection: false,
    removal: "Delete",
    cacheNodes: 1,
    failover: false,
    backupDays: 7,
  },
  {
    environment: "production",
    multiAz: true,
    deletionProtection: true,
    removal: "Snapshot",
    cacheNodes: 2,
    failover: true,
    backupDays: 35,
    copyRegion: "eu-central-1",
  },
];

describe.each(expectations)("$environment data", (expected) => {
  const { environment } = expected;
  const template = kavi.template(environment, "data");

  describe("PostgreSQL (spec §3 RDS Configuration)", () => {
    const database = onlyResource(template, "AWS::RDS::DBInstance");

    it("is PostgreSQL 15 on encrypted gp3, 20 GB growing to 100 GB", () => {
      expect(database.Properties).toMatchObject({
        Engine: "postgres",
        EngineVersion: "15",
        StorageType: "gp3",
        AllocatedStorage: "20",
        MaxAllocatedStorage: 100,
        StorageEncrypted: true,
        DBInstanceClass: "db.t3.micro",
      });
      const keyId = referencedLogicalId(database.Properties.KmsKeyId);
      template.hasResource("AWS::KMS::Key", { Properties: Match.objectLike({ EnableKeyRotation: true }) });
      expect(Object.keys(template.findResources("AWS::KMS::Key"))).toContain(keyId);
    });

    it("keeps 7 days of backups in 03:00-04:00 UTC and is maintained Sundays 04:00-05:00 UTC", () => {
      expect(database.Properties).toMatchObject({
        BackupRetentionPeriod: 7,
        PreferredBackupWindow: "03:00-04:00",
        PreferredMaintenanceWindow: "Sun:04:00-Sun:05:00",
      });
    });

    it(`is ${expected.multiAz ? "" : "not "}Multi-AZ and ${expected.deletionProtection ? "" : "not "}deletion-protected`, () => {
      expect(database.Properties.MultiAZ).toBe(expected.multiAz);
      expect(database.Properties.DeletionProtection).toBe(expected.deletionProtection);
      expect(database.DeletionPolicy).toBe(expected.removal);
    });

    it("is private, in the isolated database subnets, behind the database security group", () => {
      expect(database.Properties.PubliclyAccessible).toBe(false);
      template.hasResourceProperties("AWS::RDS::DBSubnetGroup", {
        DBSubnetGroupName: `kavi-${environment}-db-subnet-group`,
        SubnetIds: Match.arrayWith([
          Match.objectLike({
            "Fn::GetStackOutput": Match.objectLike({ OutputName: Match.stringLikeRegexp("database") }),
          }),
        ]),
      });
      expect(JSON.stringify(database.Properties.VPCSecurityGroups)).toContain("DatabaseSecurityGroup");
    });

    it("takes its credentials from Secrets Manager and enforces TLS", () => {
      expect(JSON.stringify(database.Properties.MasterUserPassword)).toContain("{{resolve:secretsmanager:");
      template.hasResourceProperties("AWS::SecretsManager::Secret", {
        Name: `kavi/${environment}/database`,
        GenerateSecretString: Match.objectLike({
          SecretStringTemplate: JSON.stringify({ username: "kavi", dbname: "kavi" }),
          GenerateStringKey: "password",
        }),
      });
      // Adds host and port to the secret, which ECS injects as DB_HOST / DB_PORT.
      template.resourceCountIs("AWS::SecretsManager::SecretTargetAttachment", 1);
      template.hasResourceProperties("AWS::RDS::DBParameterGroup", {
        Family: "postgres15",
        Parameters: { "rds.force_ssl": "1", max_connections: "100" },
      });
    });

    it("exports its logs into a log group with the spec's 14-day retention", () => {
      expect(database.Properties.EnableCloudwatchLogsExports).toEqual(["postgresql", "upgrade"]);
      template.hasResourceProperties("AWS::Logs::LogGroup", {
        LogGroupName: `/aws/rds/instance/kavi-${environment}-postgres/postgresql`,
        RetentionInDays: 14,
      });
    });
  });

  describe("Redis for BullMQ", () => {
    const cache = onlyResource(template, "AWS::ElastiCache::ReplicationGroup");

    it("encrypts in transit and at rest, with an AUTH token from Secrets Manager", () => {
      expect(cache.Properties).toMatchObject({
        Engine: "redis",
        TransitEncryptionEnabled: true,
        AtRestEncryptionEnabled: true,
        Port: 6379,
      });
      expect(JSON.stringify(cache.Properties.AuthToken)).toMatch(
        /resolve:secretsmanager:.*:SecretString:password/,
      );
      template.hasResourceProperties("AWS::SecretsManager::Secret", {
        Name: `kavi/${environment}/redis`,
        GenerateSecretString: Match.objectLike({ GenerateStringKey: "password", ExcludePunctuation: true }),
      });
    });

    it(`has ${expected.cacheNodes} node(s), automatic failover ${expected.failover ? "on" : "off"}`, () => {
      expect(cache.Properties.NumCacheClusters).toBe(expected.cacheNodes);
      expect(cache.Properties.AutomaticFailoverEnabled).toBe(expected.failover);
      expect(cache.Properties.MultiAZEnabled).toBe(expected.failover);
    });

    it("uses a parameter group with maxmemory-policy noeviction", () => {
      const parameterGroup = onlyResource(template, "AWS::ElastiCache::ParameterGroup");
      expect(parameterGroup.Properties).toMatchObject({
        CacheParameterGroupFamily: "redis7",
        Properties: { "maxmemory-policy": "noeviction" },
      });
      expect(referencedLogicalId(cache.Properties.CacheParameterGroupName)).toBe(
        resourcesOfType(template, "AWS::ElastiCache::ParameterGroup")[0]?.[0],
      );
    });
  });

  describe("uploads bucket (spec §3 User Uploads Bucket)", () => {
    it("is versioned, encrypted, private, archived to Glacier Instant Retrieval at 90 days, never expired by age", () => {
      template.hasResourceProperties("AWS::S3::Bucket", {
        BucketName: `kavi-${environment}-uploads-${TEST_ACCOUNT}`,
        VersioningConfiguration: { Status: "Enabled" },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LifecycleConfiguration: {
          Rules: Match.arrayWith([
            Match.objectLike({
              Status: "Enabled",
              Transitions: [{ StorageClass: "GLACIER_IR", TransitionInDays: 90 }],
              ExpirationInDays: Match.absent(),
              NoncurrentVersionExpiration: { NoncurrentDays: 30 },
            }),
            Match.objectLike({ Status: "Enabled", ExpiredObjectDeleteMarker: true }),
          ]),
        },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: "uploads/" }),
      });
    });

    it("lets the app's origins PUT and GET with presigned URLs (CORS), nothing else", () => {
      template.hasResourceProperties("AWS::S3::Bucket", {
        BucketName: `kavi-${environment}-uploads-${TEST_ACCOUNT}`,
        CorsConfiguration: {
          CorsRules: [
            Match.objectLike({
              AllowedMethods: ["GET", "PUT", "HEAD"],
              AllowedHeaders: ["content-type"],
              AllowedOrigins: Match.arrayWith([Match.stringLikeRegexp("^https://")]),
            }),
          ],
        },
      });
    });

    it("refuses plain HTTP", () => {
      template.hasResourceProperties("AWS::S3::BucketPolicy", {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
          ]),
        },
      });
    });
  });

  it("generates the CloudFront origin secret and replicates it to us-east-1, where the edge stack reads it", () => {
    template.hasResourceProperties("AWS::SecretsManager::Secret", {
      Name: `kavi/${environment}/origin-verify`,
      GenerateSecretString: {
        SecretStringTemplate: "{}",
        GenerateStringKey: "current",
        PasswordLength: 48,
        ExcludePunctuation: true,
      },
      ReplicaRegions: [{ Region: "us-east-1" }],
    });
  });

  it("creates one secret per application credential", () => {
    const names = resourcesOfType(template, "AWS::SecretsManager::Secret").map(
      ([, secret]) => secret.Properties.Name,
    );
    expect(names.sort()).toEqual(
      [
        "daraja",
        "data-encryption-keys",
        "database",
        "elevenlabs-api-key",
        "gemini-api-key",
        "jwt-secret",
        "metrics-token",
        "origin-verify",
        "redis",
        "smtp-url",
      ].map((name) => `kavi/${environment}/${name}`),
    );
    template.hasResourceProperties("AWS::SecretsManager::Secret", {
      Name: `kavi/${environment}/jwt-secret`,
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
    });
    template.hasResourceProperties("AWS::SecretsManager::Secret", {
      Name: `kavi/${environment}/metrics-token`,
      GenerateSecretString: { PasswordLength: 48, ExcludePunctuation: true },
    });
    template.hasResourceProperties("AWS::SecretsManager::Secret", {
      Name: `kavi/${environment}/daraja`,
      SecretString: Match.serializedJson(
        Match.objectEquals({
          consumerKey: Match.anyValue(),
          consumerSecret: Match.anyValue(),
          shortCode: Match.anyValue(),
          passkey: Match.anyValue(),
        }),
      ),
    });
  });

  describe("AWS Backup (spec §8)", () => {
    it(`backs up daily and keeps ${expected.backupDays} days${expected.copyRegion ? `, copied to ${expected.copyRegion}` : ""}`, () => {
      const plan = onlyResource(template, "AWS::Backup::BackupPlan");
      const [rule] = plan.Properties.BackupPlan.BackupPlanRule;
      expect(rule).toMatchObject({
        RuleName: "daily",
        ScheduleExpression: "cron(30 5 * * ? *)",
        Lifecycle: { DeleteAfterDays: expected.backupDays },
      });
      if (expected.copyRegion) {
        expect(rule.CopyActions).toEqual([
          {
            DestinationBackupVaultArn: `arn:aws:backup:${expected.copyRegion}:${TEST_ACCOUNT}:backup-vault:kavi-${environment}-backups-dr`,
            Lifecycle: { DeleteAfterDays: expected.backupDays },
          },
        ]);
      } else {
        expect(rule.CopyActions).toBeUndefined();
      }
    });

    it("selects the database instance and the uploads bucket", () => {
      const selection = onlyResource(template, "AWS::Backup::BackupSelection");
      const databaseId = resourcesOfType(template, "AWS::RDS::DBInstance")[0]?.[0];
      const uploadsId = resourcesOfType(template, "AWS::S3::Bucket").find(([, bucket]) =>
        String(bucket.Properties.BucketName).includes("uploads"),
      )?.[0];
      expect(selection.Properties.BackupSelection.Resources).toEqual([
        { "Fn::Join": ["", [`arn:aws:rds:eu-west-1:${TEST_ACCOUNT}:db:`, { Ref: databaseId }]] },
        { "Fn::GetAtt": [uploadsId, "Arn"] },
      ]);
      template.hasResourceProperties("AWS::IAM::Role", {
        ManagedPolicyArns: Match.arrayWith([
          Match.objectLike({
            "Fn::Join": ["", Match.arrayWith([":iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup"])],
          }),
        ]),
      });
    });
  });
});

describe("backup copy vault", () => {
  it("exists in the secondary region for production only", () => {
    expect(kavi.stacks.staging.backupCopy).toBeUndefined();
    const stack = kavi.stacks.production.backupCopy;
    expect(stack?.region).toBe("eu-central-1");
    kavi.template("production", "backupCopy").hasResourceProperties("AWS::Backup::BackupVault", {
      BackupVaultName: "kavi-production-backups-dr",
    });
  });
});
