import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import type { KaviEnvironmentConfig } from "../config";
import { acknowledgeRule } from "../nag";
import { uploadsBucketName } from "../naming";

/**
 * spec §3 "User Uploads Bucket": versioned, encrypted, private, archived after 90 days. Two deliberate departures,
 * because the bucket holds a business's books (receipts, attachments, logos; KRA expects records kept for years): the
 * archive class is Glacier Instant Retrieval, so a presigned GET still opens an old receipt at once, and current
 * objects never expire by age; they go when the business deletes them (the app deletes the object, and the delete
 * marker and old version are cleaned up below).
 */
export class UploadsStorage extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, config: KaviEnvironmentConfig) {
    super(scope, id);
    const removalPolicy = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.accessLogs = new s3.Bucket(this, "AccessLogs", {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      lifecycleRules: [{ id: "expire-access-logs", expiration: Duration.days(365) }],
      removalPolicy,
    });
    acknowledgeRule(
      this.accessLogs,
      "AwsSolutions-S1",
      "This is the access-log bucket; logging it into itself would loop.",
    );

    const origins = [config.domains.app, ...config.domains.appAliases].map((domain) => `https://${domain}`);
    this.bucket = new s3.Bucket(this, "Bucket", {
      bucketName: uploadsBucketName(config),
      versioned: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: "uploads/",
      // Browsers PUT receipts and documents with presigned URLs signed for the exact type and size
      // (packages/storage), and show them with presigned GETs.
      cors: [
        {
          allowedOrigins: origins,
          allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.PUT, s3.HttpMethods.HEAD],
          allowedHeaders: ["content-type"],
          exposedHeaders: ["ETag"],
          maxAge: 3000,
        },
      ],
      lifecycleRules: [
        {
          id: "archive-instant-retrieval",
          transitions: [
            { storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(90) },
          ],
          // Versioning is for recovery (spec §8 RPO uploads < 1 hour), not for keeping history forever.
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
        // Deleted objects leave a delete marker; once their old version has expired, the marker goes too.
        { id: "remove-expired-delete-markers", expiredObjectDeleteMarker: true },
      ],
      removalPolicy,
    });
  }
}
