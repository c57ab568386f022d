import { createHash, randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { verifySignature } from "./sigv4";

/**
 * A small S3-compatible server for development and tests: path-style buckets and objects (create, head and delete a
 * bucket; put, get with ranges, head and delete an object; ListObjectsV2; DeleteObjects), Signature V4 checked on
 * every request (header or presigned URL, with expiry), and CORS for browser uploads. Objects live in memory, or in a
 * folder when one is given (`pnpm dev` keeps them in `.data/s3`). It is not S3: no versions, ACLs or multipart.
 */
export interface LocalS3Options {
  port?: number;
  host?: string;
  /** Where objects are kept; in memory when absent. */
  directory?: string | undefined;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Origins allowed to call from a browser; `*` allows any. */
  corsOrigins?: readonly string[];
  /** Buckets created at start. */
  buckets?: readonly string[];
  /** Largest object accepted. */
  maxObjectBytes?: number;
  now?: () => Date;
  log?: (message: string) => void;
}

export interface LocalS3 {
  url: string;
  port: number;
  credentials: { accessKeyId: string; secretAccessKey: string };
  close(): Promise<void>;
}

export const LOCAL_S3_CREDENTIALS = { accessKeyId: "kavi-local", secretAccessKey: "kavi-local-secret" };

interface StoredObject {
  key: string;
  contentType: string;
  size: number;
  etag: string;
  lastModified: string;
  contentDisposition?: string;
}

interface ObjectStore {
  bucketExists(bucket: string): Promise<boolean>;
  createBucket(bucket: string): Promise<void>;
  deleteBucket(bucket: string): Promise<"ok" | "not_empty" | "missing">;
  put(bucket: string, meta: StoredObject, body: Buffer): Promise<void>;
  get(bucket: string, key: string): Promise<{ meta: StoredObject; body: Buffer } | null>;
  head(bucket: string, key: string): Promise<StoredObject | null>;
  delete(bucket: string, key: string): Promise<void>;
  list(bucket: string): Promise<StoredObject[]>;
}

function memoryStore(): ObjectStore {
  const buckets = new Map<string, Map<string, { meta: StoredObject; body: Buffer }>>();
  return {
    async bucketExists(bucket) {
      return buckets.has(bucket);
    },
    async createBucket(bucket) {
      if (!buckets.has(bucket)) buckets.set(bucket, new Map());
    },
    async deleteBucket(bucket) {
      const objects = buckets.get(bucket);
      if (!objects) return "missing";
      if (objects.size > 0) return "not_empty";
      buckets.delete(bucket);
      return "ok";
    },
    async put(bucket, meta, body) {
      buckets.get(bucket)?.set(meta.key, { meta, body });
    },
    async get(bucket, key) {
      return buckets.get(bucket)?.get(key) ?? null;
    },
    async head(bucket, key) {
      return buckets.get(bucket)?.get(key)?.meta ?? null;
    },
    async delete(bucket, key) {
      buckets.get(bucket)?.delete(key);
    },
    async list(bucket) {
      return [...(buckets.get(bucket)?.values() ?? [])].map((object) => object.meta);
    },
  };
}

function directoryStore(root: string): ObjectStore {
  const bucketDir = (bucket: string) => join(root, bucket);
  const objectName = (key: string) => createHash("sha256").update(key).digest("hex");
  const exists = async (path: string) =>
    readdir(path).then(
      () => true,
      () => false,
    );
  const readMeta = async (bucket: string, name: string): Promise<StoredObject | null> =>
    readFile(join(bucketDir(bucket), `${name}.json`), "utf8").then(
      (text) => JSON.parse(text) as StoredObject,
      () => null,
    );
  return {
    bucketExists: (bucket) => exists(bucketDir(bucket)),
    async createBucket(bucket) {
      await mkdir(bucketDir(bucket), { recursive: true });
    },
    async deleteBucket(bucket) {
      if (!(await exists(bucketDir(bucket)))) return "missing";
      if ((await readdir(bucketDir(bucket))).length > 0) return "not_empty";
      await rm(bucketDir(bucket), { recursive: true, force: true });
      return "ok";
    },
    async put(bucket, meta, body) {
      const name = objectName(meta.key);
      await writeFile(join(bucketDir(bucket), `${name}.bin`), body);
      await writeFile(join(bucketDir(bucket), `${name}.json`), JSON.stringify(meta));
    },
    async get(bucket, key) {
      const name = objectName(key);
      const meta = await readMeta(bucket, name);
      if (!meta) return null;
      const body = await readFile(join(bucketDir(bucket), `${name}.bin`)).catch(() => null);
      return body ? { meta, body } : null;
    },
    head: (bucket, key) => readMeta(bucket, objectName(key)),
    async delete(bucket, key) {
      const name = objectName(key);
      await rm(join(bucketDir(bucket), `${name}.json`), { force: true });
      await rm(join(bucketDir(bucket), `${name}.bin`), { force: true });
    },
    async list(bucket) {
      const names = (await readdir(bucketDir(bucket)).catch(() => [])).filter((name) =>
        name.endsWith(".json"),
      );
      const metas = await Promise.all(names.map((name) => readMeta(bucket, name.slice(0, -5))));
      return metas.filter((meta): meta is StoredObject => meta !== null);
    },
  };
}

const escapeXml = (value: string) =>
  value.replace(/[<>&'"]/g, (character) => `&#${character.charCodeAt(0)};`);

function sendXml(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { "content-type": "application/xml" });
  response.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
}

function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  if (response.req.method === "HEAD") {
    response.writeHead(status);
    response.end();
    return;
  }
  sendXml(
    response,
    status,
    `<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message><RequestId>${randomUUID()}</RequestId></Error>`,
  );
}

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | "invalid" | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, from = "", to = ""] = match;
  let start: number;
  let end: number;
  if (from === "") {
    const suffix = Number(to);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(from);
    end = to === "" ? size - 1 : Math.min(Number(to), size - 1);
  }
  if (start >= size || end < start) return "invalid";
  return { start, end };
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export async function startLocalS3(options: LocalS3Options = {}): Promise<LocalS3> {
  const credentials = options.credentials ?? LOCAL_S3_CREDENTIALS;
  const secrets = new Map([[credentials.accessKeyId, credentials.secretAccessKey]]);
  const store = options.directory ? directoryStore(options.directory) : memoryStore();
  if (options.directory) await mkdir(options.directory, { recursive: true });
  for (const bucket of options.buckets ?? []) await store.createBucket(bucket);
  const now = options.now ?? (() => new Date());
  const maxObjectBytes = options.maxObjectBytes ?? 50 * 1024 * 1024;
  const corsOrigins = options.corsOrigins ?? ["*"];
  const log = options.log ?? (() => undefined);

  function allowOrigin(request: IncomingMessage, response: ServerResponse): void {
    const origin = request.headers.origin;
    if (!origin) return;
    if (!corsOrigins.includes("*") && !corsOrigins.includes(origin)) return;
    response.setHeader("access-control-allow-origin", origin);
    response.setHeader("vary", "Origin");
    response.setHeader("access-control-expose-headers", "ETag, Content-Length, Content-Type");
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? "GET";
    const rawUrl = request.url ?? "/";
    allowOrigin(request, response);
    if (method === "OPTIONS") {
      if (!response.hasHeader("access-control-allow-origin")) {
        sendError(response, 403, "AccessForbidden", "CORSResponse: This CORS request is not allowed.");
        return;
      }
      response.writeHead(200, {
        "access-control-allow-methods": "GET, PUT, HEAD",
        "access-control-allow-headers": request.headers["access-control-request-headers"] ?? "content-type",
        "access-control-max-age": "3000",
      });
      response.end();
      return;
    }

    const check = verifySignature({ method, rawUrl, headers: request.headers }, secrets, now());
    if (!check.ok) {
      log(`${method} ${rawUrl.split("?")[0]} refused: ${check.code}`);
      request.resume();
      sendError(response, 403, check.code, check.message);
      return;
    }

    const url = new URL(rawUrl, "http://local");
    const [, bucket = "", ...keyParts] = url.pathname.split("/");
    const key = keyParts.map((part) => decodeURIComponent(part)).join("/");
    if (!bucket) {
      sendError(response, 400, "InvalidRequest", "Listing buckets is not supported");
      return;
    }
    if (!key) {
      await handleBucket(request, response, method, bucket, url);
      return;
    }
    if (!(await store.bucketExists(bucket))) {
      request.resume();
      sendError(response, 404, "NoSuchBucket", "The specified bucket does not exist");
      return;
    }
    await handleObject(request, response, method, bucket, key);
  }

  async function handleBucket(
    request: IncomingMessage,
    response: ServerResponse,
    method: string,
    bucket: string,
    url: URL,
  ): Promise<void> {
    if (method === "PUT") {
      request.resume();
      if (!BUCKET_NAME.test(bucket)) {
        sendError(response, 400, "InvalidBucketName", "The specified bucket is not valid");
        return;
      }
      await store.createBucket(bucket);
      response.writeHead(200, { location: `/${bucket}` });
      response.end();
      return;
    }
    const exists = await store.bucketExists(bucket);
    if (!exists) {
      request.resume();
      sendError(response, 404, "NoSuchBucket", "The specified bucket does not exist");
      return;
    }
    if (method === "HEAD") {
      response.writeHead(200);
      response.end();
      return;
    }
    if (method === "DELETE") {
      const result = await store.deleteBucket(bucket);
      if (result === "not_empty") {
        sendError(response, 409, "BucketNotEmpty", "The bucket you tried to delete is not empty");
        return;
      }
      response.writeHead(204);
      response.end();
      return;
    }
    if (method === "POST" && url.searchParams.has("delete")) {
      const body = await readBody(request, 2 * 1024 * 1024);
      if (!body) {
        sendError(response, 400, "MalformedXML", "Too large");
        return;
      }
      const keys = [...body.toString("utf8").matchAll(/<Key>([\s\S]*?)<\/Key>/g)].map((match) =>
        (match[1] ?? "")
          .replace(/&lt;/g, "<")
          .replace(/&gt;/g, ">")
          .replace(/&quot;/g, '"')
          .replace(/&apos;/g, "'")
          .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
          .replace(/&amp;/g, "&"),
      );
      for (const key of keys) await store.delete(bucket, key);
      const quiet = /<Quiet>true<\/Quiet>/.test(body.toString("utf8"));
      const deleted = quiet
        ? ""
        : keys.map((key) => `<Deleted><Key>${escapeXml(key)}</Key></Deleted>`).join("");
      sendXml(response, 200, `<DeleteResult>${deleted}</DeleteResult>`);
      return;
    }
    if (method === "GET" && url.searchParams.get("list-type") === "2") {
      const prefix = url.searchParams.get("prefix") ?? "";
      const maxKeys = Math.min(1000, Number(url.searchParams.get("max-keys") ?? 1000) || 1000);
      const after = url.searchParams.get("continuation-token") ?? url.searchParams.get("start-after") ?? "";
      const matching = (await store.list(bucket))
        .filter((object) => object.key.startsWith(prefix) && object.key > after)
        .sort((a, b) => (a.key < b.key ? -1 : 1));
      const page = matching.slice(0, maxKeys);
      const truncated = matching.length > page.length;
      const contents = page
        .map(
          (object) =>
            `<Contents><Key>${escapeXml(object.key)}</Key><LastModified>${object.lastModified}</LastModified>` +
            `<ETag>"${object.etag}"</ETag><Size>${object.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
        )
        .join("");
      const next = truncated
        ? `<NextContinuationToken>${escapeXml(page.at(-1)?.key ?? "")}</NextContinuationToken>`
        : "";
      sendXml(
        response,
        200,
        `<ListBucketResult><Name>${escapeXml(bucket)}</Name><Prefix>${escapeXml(prefix)}</Prefix>` +
          `<KeyCount>${page.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>` +
          `${contents}${next}</ListBucketResult>`,
      );
      return;
    }
    request.resume();
    sendError(response, 501, "NotImplemented", "This bucket operation is not supported by the local server");
  }

  async function handleObject(
    request: IncomingMessage,
    response: ServerResponse,
    method: string,
    bucket: string,
    key: string,
  ): Promise<void> {
    if (method === "PUT") {
      if (request.headers["x-amz-copy-source"]) {
        request.resume();
        sendError(response, 501, "NotImplemented", "Copying is not supported by the local server");
        return;
      }
      const body = await readBody(request, maxObjectBytes);
      if (!body) {
        sendError(response, 400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size");
        return;
      }
      const declaredHash = request.headers["x-amz-content-sha256"];
      const hash = createHash("sha256").update(body).digest("hex");
      if (typeof declaredHash === "string" && /^[0-9a-f]{64}$/.test(declaredHash) && declaredHash !== hash) {
        sendError(
          response,
          400,
          "XAmzContentSHA256Mismatch",
          "The provided 'x-amz-content-sha256' header does not match",
        );
        return;
      }
      const etag = createHash("md5").update(body).digest("hex");
      await store.put(
        bucket,
        {
          key,
          contentType: String(request.headers["content-type"] ?? "binary/octet-stream"),
          size: body.length,
          etag,
          lastModified: now().toISOString(),
        },
        body,
      );
      response.writeHead(200, { etag: `"${etag}"` });
      response.end();
      return;
    }
    request.resume();
    if (method === "DELETE") {
      await store.delete(bucket, key);
      response.writeHead(204);
      response.end();
      return;
    }
    if (method !== "GET" && method !== "HEAD") {
      sendError(
        response,
        405,
        "MethodNotAllowed",
        "The specified method is not allowed against this resource",
      );
      return;
    }
    const meta = await store.head(bucket, key);
    if (!meta) {
      sendError(response, 404, "NoSuchKey", "The specified key does not exist.");
      return;
    }
    const url = new URL(request.url ?? "/", "http://local");
    const headers: Record<string, string> = {
      "content-type": url.searchParams.get("response-content-type") ?? meta.contentType,
      etag: `"${meta.etag}"`,
      "last-modified": new Date(meta.lastModified).toUTCString(),
      "accept-ranges": "bytes",
    };
    const disposition = url.searchParams.get("response-content-disposition");
    if (disposition) headers["content-disposition"] = disposition;
    if (method === "HEAD") {
      response.writeHead(200, { ...headers, "content-length": String(meta.size) });
      response.end();
      return;
    }
    const object = await store.get(bucket, key);
    if (!object) {
      sendError(response, 404, "NoSuchKey", "The specified key does not exist.");
      return;
    }
    const range = parseRange(
      typeof request.headers.range === "string" ? request.headers.range : undefined,
      object.body.length,
    );
    if (range === "invalid") {
      sendError(response, 416, "InvalidRange", "The requested range is not satisfiable");
      return;
    }
    if (range) {
      const slice = object.body.subarray(range.start, range.end + 1);
      response.writeHead(206, {
        ...headers,
        "content-length": String(slice.length),
        "content-range": `bytes ${range.start}-${range.end}/${object.body.length}`,
      });
      response.end(slice);
      return;
    }
    response.writeHead(200, { ...headers, "content-length": String(object.body.length) });
    response.end(object.body);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log(`error: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent)
        sendError(response, 500, "InternalError", "We encountered an internal error");
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== "0.0.0.0" ? options.host : "127.0.0.1";
  return {
    url: `http://${host}:${port}`,
    port,
    credentials,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
