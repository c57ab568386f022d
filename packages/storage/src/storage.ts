import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";

/**
 * KAVI's one way to reach object storage: an S3 client at a configurable endpoint (the uploads bucket in AWS, the
 * local S3-compatible server in development and tests, or any S3-compatible service), with presigned URLs so the
 * browser uploads and downloads directly.
 */
export interface StorageOptions {
  bucket: string;
  region: string;
  /** Any S3-compatible endpoint (the local server: http://127.0.0.1:8097); empty for AWS itself. */
  endpoint?: string | undefined;
  /** Path-style URLs (`<endpoint>/<bucket>/<key>`); the local server and most S3-compatible services need them. */
  forcePathStyle?: boolean;
  /** Static credentials (local server, other providers); without them the AWS default chain (the task role). */
  credentials?: { accessKeyId: string; secretAccessKey: string } | undefined;
  /**
   * The endpoint browsers use, when it differs from the one the server reaches (e.g. a container network name);
   * presigned URLs are signed for it.
   */
  publicEndpoint?: string | undefined;
}

export interface PresignedUpload {
  url: string;
  method: "PUT";
  /** Headers the browser must send exactly as given: they are part of the signature. */
  headers: Record<string, string>;
  expiresAt: Date;
}

export interface StoredObjectHead {
  size: number;
  contentType: string | null;
}

export interface Storage {
  readonly bucket: string;
  /** A URL the browser PUTs the file to; the signature covers the type and the exact size, so nothing else fits. */
  presignUpload(input: {
    key: string;
    contentType: string;
    size: number;
    expiresInSeconds: number;
    now: Date;
  }): Promise<PresignedUpload>;
  /** A short-lived URL to read the object; `fileName` sets the download name. */
  presignDownload(input: {
    key: string;
    expiresInSeconds: number;
    now: Date;
    fileName?: string | undefined;
    inline?: boolean;
  }): Promise<string>;
  head(key: string): Promise<StoredObjectHead | null>;
  /** The first `length` bytes (fewer if the object is shorter); null when it does not exist. */
  readStart(key: string, length: number): Promise<Uint8Array | null>;
  read(key: string): Promise<Uint8Array | null>;
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  /** Uploads a file from disk as it is read (large exports), never holding it all in memory. */
  putFile(key: string, path: string, contentType: string): Promise<number>;
  delete(key: string): Promise<void>;
  /** Deletes every object under the prefix; returns how many. */
  deletePrefix(prefix: string): Promise<number>;
  ensureBucket(): Promise<void>;
  /** Deletes the bucket and everything in it (tests only remove the bucket they created). */
  destroyBucket(): Promise<void>;
  close(): void;
}

function makeClient(options: StorageOptions, endpoint: string | undefined): S3Client {
  return new S3Client({
    region: options.region,
    ...(endpoint ? { endpoint } : {}),
    forcePathStyle: options.forcePathStyle ?? Boolean(endpoint),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    // Plain payloads (no aws-chunked trailers), so every S3-compatible server understands them.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

function isMissing(error: unknown): boolean {
  if (error instanceof NoSuchKey || error instanceof NotFound) return true;
  return error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404;
}

/** `attachment; filename="…"` that survives any name a person typed. */
function contentDisposition(fileName: string | undefined, inline: boolean): string {
  const kind = inline ? "inline" : "attachment";
  if (!fileName) return kind;
  const plain = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `${kind}; filename="${plain}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function createStorage(options: StorageOptions): Storage {
  const client = makeClient(options, options.endpoint);
  const signer = options.publicEndpoint ? makeClient(options, options.publicEndpoint) : client;
  const Bucket = options.bucket;

  async function listKeys(prefix: string, continuationToken?: string) {
    return client.send(
      new ListObjectsV2Command({
        Bucket,
        Prefix: prefix,
        ...(continuationToken ? { ContinuationToken: continuationToken } : {}),
      }),
    );
  }

  const storage: Storage = {
    bucket: Bucket,
    async presignUpload({ key, contentType, size, expiresInSeconds, now }) {
      const url = await getSignedUrl(
        signer,
        new PutObjectCommand({ Bucket, Key: key, ContentType: contentType, ContentLength: size }),
        {
          expiresIn: expiresInSeconds,
          signingDate: now,
          signableHeaders: new Set(["content-type", "content-length"]),
        },
      );
      return {
        url,
        method: "PUT",
        headers: { "content-type": contentType },
        expiresAt: new Date(now.getTime() + expiresInSeconds * 1000),
      };
    },
    async presignDownload({ key, expiresInSeconds, now, fileName, inline = false }) {
      return getSignedUrl(
        signer,
        new GetObjectCommand({
          Bucket,
          Key: key,
          ResponseContentDisposition: contentDisposition(fileName, inline),
        }),
        { expiresIn: expiresInSeconds, signingDate: now },
      );
    },
    async head(key) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
        return { size: Number(head.ContentLength ?? 0), contentType: head.ContentType ?? null };
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    async readStart(key, length) {
      try {
        const object = await client.send(
          new GetObjectCommand({ Bucket, Key: key, Range: `bytes=0-${Math.max(0, length - 1)}` }),
        );
        const bytes = await object.Body?.transformToByteArray();
        return bytes ? bytes.subarray(0, length) : new Uint8Array();
      } catch (error) {
        if (isMissing(error)) return null;
        // An empty object has no byte 0: S3 answers 416.
        if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 416) {
          return new Uint8Array();
        }
        throw error;
      }
    },
    async read(key) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        return (await object.Body?.transformToByteArray()) ?? new Uint8Array();
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    async put(key, body, contentType) {
      await client.send(new PutObjectCommand({ Bucket, Key: key, Body: body, ContentType: contentType }));
    },
    async putFile(key, path, contentType) {
      const { size } = await stat(path);
      await client.send(
        new PutObjectCommand({
          Bucket,
          Key: key,
          Body: createReadStream(path),
          ContentLength: size,
          ContentType: contentType,
        }),
      );
      return size;
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
    async deletePrefix(prefix) {
      if (!prefix.endsWith("/")) throw new Error("deletePrefix: the prefix must end with /");
      let deleted = 0;
      let token: string | undefined;
      do {
        const page = await listKeys(prefix, token);
        const keys = (page.Contents ?? []).flatMap((object) => (object.Key ? [{ Key: object.Key }] : []));
        if (keys.length > 0) {
          await client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: keys, Quiet: true } }));
          deleted += keys.length;
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return deleted;
    },
    async ensureBucket() {
      try {
        await client.send(new HeadBucketCommand({ Bucket }));
      } catch (error) {
        if (!isMissing(error)) throw error;
        await client.send(new CreateBucketCommand({ Bucket }));
      }
    },
    async destroyBucket() {
      let token: string | undefined;
      do {
        const page = await listKeys("", token);
        const keys = (page.Contents ?? []).flatMap((object) => (object.Key ? [{ Key: object.Key }] : []));
        if (keys.length > 0) {
          await client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: keys, Quiet: true } }));
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      await client.send(new DeleteBucketCommand({ Bucket }));
    },
    close() {
      client.destroy();
      if (signer !== client) signer.destroy();
    },
  };
  return storage;
}
