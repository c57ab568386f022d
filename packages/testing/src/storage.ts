import { createStorage, type Storage } from "@kavi/storage";
import { startLocalS3 } from "@kavi/storage/local";
import { randomSuffix } from "./databases";
import { testS3 } from "./env";

export interface TestStorage {
  storage: Storage;
  /** The S3 endpoint (the in-process local server unless TEST_S3_ENDPOINT is set). */
  endpoint: string;
  /** The same bucket as app settings (S3_ENDPOINT, S3_BUCKET, …), for a server or worker started by the test. */
  env: Record<string, string>;
  /** Deletes this run's bucket (and only it) and stops the local server. */
  close(): Promise<void>;
}

/**
 * A bucket of its own for a test file: on TEST_S3_ENDPOINT when set (any S3-compatible service), otherwise on the
 * local S3-compatible server started in this process. The bucket is created here and deleted by `close`.
 */
export async function createTestStorage(): Promise<TestStorage> {
  const local = testS3.endpoint ? null : await startLocalS3();
  const endpoint = testS3.endpoint ?? local?.url ?? "";
  const bucket = `kavi-test-${randomSuffix(6)}`;
  const credentials = local?.credentials ?? testS3.credentials;
  const storage = createStorage({ bucket, region: testS3.region, endpoint, credentials });
  await storage.ensureBucket();
  return {
    storage,
    endpoint,
    env: {
      S3_ENDPOINT: endpoint,
      S3_BUCKET: bucket,
      S3_REGION: testS3.region,
      ...(credentials
        ? { S3_ACCESS_KEY_ID: credentials.accessKeyId, S3_SECRET_ACCESS_KEY: credentials.secretAccessKey }
        : {}),
    },
    async close() {
      await storage.destroyBucket().catch(() => undefined);
      storage.close();
      await local?.close();
    },
  };
}
