import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { businessPrefix, newObjectKey } from "./keys";
import { type LocalS3, startLocalS3 } from "./local";
import { sniffContentType } from "./sniff";
import { createStorage, type Storage } from "./storage";

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const BUSINESS = "0b6d3f0e-8a57-4b8e-9d7c-3f2a1c0e9b11";

let local: LocalS3;
let storage: Storage;
// The local server checks expiry against the real clock; signing uses the same one.
const now = () => new Date();

beforeAll(async () => {
  local = await startLocalS3({ corsOrigins: ["http://app.test"] });
  storage = createStorage({
    bucket: "kavi-storage-unit",
    region: "us-east-1",
    endpoint: local.url,
    credentials: local.credentials,
  });
  await storage.ensureBucket();
});

afterAll(async () => {
  await storage.destroyBucket();
  storage.close();
  await local.close();
});

describe("storage over the local S3 server", () => {
  it("uploads through a presigned PUT and reads the object back", async () => {
    const key = newObjectKey(BUSINESS, "attachment");
    const upload = await storage.presignUpload({
      key,
      contentType: "image/png",
      size: PNG.length,
      expiresInSeconds: 60,
      now: now(),
    });
    const put = await fetch(upload.url, { method: "PUT", headers: upload.headers, body: PNG });
    expect(put.status).toBe(200);
    expect(await storage.head(key)).toEqual({ size: PNG.length, contentType: "image/png" });
    expect(sniffContentType((await storage.readStart(key, 16)) ?? new Uint8Array())).toBe("image/png");
    const download = await storage.presignDownload({
      key,
      expiresInSeconds: 60,
      now: now(),
      fileName: "r.png",
    });
    const get = await fetch(download);
    expect(get.headers.get("content-disposition")).toContain('filename="r.png"');
    expect(new Uint8Array(await get.arrayBuffer())).toEqual(PNG);
  });

  it("refuses a presigned PUT with another size or type, a forged signature, or after it expired", async () => {
    const key = newObjectKey(BUSINESS, "attachment");
    const upload = await storage.presignUpload({
      key,
      contentType: "image/png",
      size: PNG.length,
      expiresInSeconds: 60,
      now: now(),
    });
    const bigger = await fetch(upload.url, {
      method: "PUT",
      headers: upload.headers,
      body: new Uint8Array(PNG.length + 1),
    });
    expect(bigger.status).toBe(403);
    const otherType = await fetch(upload.url, {
      method: "PUT",
      headers: { "content-type": "text/html" },
      body: PNG,
    });
    expect(otherType.status).toBe(403);
    const forged = upload.url.replace(/X-Amz-Signature=[0-9a-f]+/, `X-Amz-Signature=${"0".repeat(64)}`);
    expect((await fetch(forged, { method: "PUT", headers: upload.headers, body: PNG })).status).toBe(403);
    const old = await storage.presignUpload({
      key,
      contentType: "image/png",
      size: PNG.length,
      expiresInSeconds: 60,
      now: new Date(Date.now() - 120_000),
    });
    expect((await fetch(old.url, { method: "PUT", headers: old.headers, body: PNG })).status).toBe(403);
    expect(await storage.head(key)).toBeNull();
  });

  it("answers a browser's CORS preflight only for allowed origins", async () => {
    const allowed = await fetch(`${local.url}/kavi-storage-unit/x`, {
      method: "OPTIONS",
      headers: { origin: "http://app.test", "access-control-request-method": "PUT" },
    });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("http://app.test");
    const refused = await fetch(`${local.url}/kavi-storage-unit/x`, {
      method: "OPTIONS",
      headers: { origin: "http://evil.test", "access-control-request-method": "PUT" },
    });
    expect(refused.status).toBe(403);
  });

  it("deletes everything under a business's prefix and nothing else", async () => {
    const other = "7f1d3f0e-8a57-4b8e-9d7c-3f2a1c0e9b22";
    for (let index = 0; index < 3; index += 1)
      await storage.put(newObjectKey(BUSINESS, "logo"), PNG, "image/png");
    const kept = newObjectKey(other, "logo");
    await storage.put(kept, PNG, "image/png");
    expect(await storage.deletePrefix(businessPrefix(BUSINESS))).toBeGreaterThanOrEqual(3);
    expect(await storage.deletePrefix(businessPrefix(BUSINESS))).toBe(0);
    expect(await storage.head(kept)).not.toBeNull();
  });

  it("reads the type from the bytes", () => {
    expect(sniffContentType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffContentType(new TextEncoder().encode("%PDF-1.7"))).toBe("application/pdf");
    expect(sniffContentType(new TextEncoder().encode("RIFF\0\0\0\0WEBPVP8 "))).toBe("image/webp");
    expect(sniffContentType(new TextEncoder().encode("<html><script>"))).toBeNull();
  });
});
