import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * AWS Signature Version 4 as S3 checks it, for the local server: header authentication (`Authorization:
 * AWS4-HMAC-SHA256 …`) and presigned URLs (`X-Amz-Signature` in the query). Verifying it is what makes a presigned
 * upload's limits real: the type and size are signed headers, so a different file does not match.
 */
export interface SignatureRequest {
  method: string;
  /** The raw path and query as received (`/bucket/key?x=y`), not decoded. */
  rawUrl: string;
  /** Lower-case header names (Node's `IncomingMessage.headers`). */
  headers: Record<string, string | string[] | undefined>;
}

export type SignatureCheck =
  | { ok: true; accessKeyId: string }
  | { ok: false; code: "AccessDenied" | "SignatureDoesNotMatch" | "InvalidAccessKeyId"; message: string };

const ALGORITHM = "AWS4-HMAC-SHA256";
/** Header-signed requests may be this far from the server's clock (as S3). */
const MAX_SKEW_MS = 15 * 60 * 1000;

/** RFC 3986 encoding, as SigV4 wants it. */
function encodeStrict(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function sha256Hex(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

function hmac(key: Buffer | string, value: string): Buffer {
  return createHmac("sha256", key).update(value, "utf8").digest();
}

function parseAmzDate(value: string): Date | null {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return null;
  const [, year, month, day, hour, minute, second] = match;
  return new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}Z`);
}

function headerValue(headers: SignatureRequest["headers"], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

function canonicalQuery(params: [string, string][]): string {
  return params
    .map(([key, value]) => [encodeStrict(key), encodeStrict(value)] as const)
    .sort(([keyA, valueA], [keyB, valueB]) =>
      keyA < keyB ? -1 : keyA > keyB ? 1 : valueA < valueB ? -1 : valueA > valueB ? 1 : 0,
    )
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
}

function decodeQuery(query: string): [string, string][] {
  if (!query) return [];
  return query.split("&").map((pair) => {
    const index = pair.indexOf("=");
    const key = index < 0 ? pair : pair.slice(0, index);
    const value = index < 0 ? "" : pair.slice(index + 1);
    const decode = (part: string) => decodeURIComponent(part.replace(/\+/g, "%20"));
    return [decode(key), decode(value)];
  });
}

export function verifySignature(
  request: SignatureRequest,
  secrets: ReadonlyMap<string, string>,
  now: Date,
): SignatureCheck {
  const queryStart = request.rawUrl.indexOf("?");
  const path = queryStart < 0 ? request.rawUrl : request.rawUrl.slice(0, queryStart);
  const params = decodeQuery(queryStart < 0 ? "" : request.rawUrl.slice(queryStart + 1));
  const query = new Map(params);
  const authorization = headerValue(request.headers, "authorization");

  let credential: string;
  let signedHeaders: string[];
  let signature: string;
  let amzDate: string;
  let payloadHash: string;
  let signedParams: [string, string][];

  if (query.has("X-Amz-Signature")) {
    if (query.get("X-Amz-Algorithm") !== ALGORITHM) {
      return { ok: false, code: "AccessDenied", message: "Only AWS4-HMAC-SHA256 is supported" };
    }
    credential = query.get("X-Amz-Credential") ?? "";
    signedHeaders = (query.get("X-Amz-SignedHeaders") ?? "").split(";");
    signature = query.get("X-Amz-Signature") ?? "";
    amzDate = query.get("X-Amz-Date") ?? "";
    payloadHash = query.get("X-Amz-Content-Sha256") ?? "UNSIGNED-PAYLOAD";
    const expires = Number(query.get("X-Amz-Expires"));
    const signedAt = parseAmzDate(amzDate);
    if (!signedAt || !Number.isInteger(expires) || expires < 1 || expires > 604_800) {
      return { ok: false, code: "AccessDenied", message: "Malformed presigned URL" };
    }
    if (now.getTime() > signedAt.getTime() + expires * 1000) {
      return { ok: false, code: "AccessDenied", message: "Request has expired" };
    }
    if (now.getTime() < signedAt.getTime() - MAX_SKEW_MS) {
      return { ok: false, code: "AccessDenied", message: "Request is not yet valid" };
    }
    signedParams = params.filter(([key]) => key !== "X-Amz-Signature");
  } else if (authorization?.startsWith(`${ALGORITHM} `)) {
    const fields = new Map(
      authorization
        .slice(ALGORITHM.length + 1)
        .split(",")
        .map((part) => {
          const [key, ...rest] = part.trim().split("=");
          return [key ?? "", rest.join("=")] as const;
        }),
    );
    credential = fields.get("Credential") ?? "";
    signedHeaders = (fields.get("SignedHeaders") ?? "").split(";");
    signature = fields.get("Signature") ?? "";
    amzDate = headerValue(request.headers, "x-amz-date") ?? "";
    payloadHash = headerValue(request.headers, "x-amz-content-sha256") ?? "UNSIGNED-PAYLOAD";
    const signedAt = parseAmzDate(amzDate);
    if (!signedAt || Math.abs(now.getTime() - signedAt.getTime()) > MAX_SKEW_MS) {
      return {
        ok: false,
        code: "AccessDenied",
        message: "The difference between the request time and the server's time is too large",
      };
    }
    signedParams = params;
  } else {
    return { ok: false, code: "AccessDenied", message: "Access Denied" };
  }

  const [accessKeyId, date, region, service, terminator] = credential.split("/");
  const secret = accessKeyId ? secrets.get(accessKeyId) : undefined;
  if (!accessKeyId || !secret) {
    return { ok: false, code: "InvalidAccessKeyId", message: "The access key does not exist" };
  }
  if (!date || !region || service !== "s3" || terminator !== "aws4_request" || !amzDate.startsWith(date)) {
    return { ok: false, code: "AccessDenied", message: "Malformed credential scope" };
  }
  if (!signedHeaders.includes("host")) {
    return { ok: false, code: "AccessDenied", message: "The host header must be signed" };
  }

  const canonicalHeaders = signedHeaders
    .map((name) => `${name}:${(headerValue(request.headers, name) ?? "").trim().replace(/\s+/g, " ")}\n`)
    .join("");
  const canonicalRequest = [
    request.method.toUpperCase(),
    path || "/",
    canonicalQuery(signedParams),
    canonicalHeaders,
    signedHeaders.join(";"),
    payloadHash,
  ].join("\n");
  const scope = `${date}/${region}/s3/aws4_request`;
  const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), "s3"), "aws4_request");
  const expected = hmac(signingKey, stringToSign).toString("hex");
  const given = Buffer.from(signature, "utf8");
  if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected, "utf8"))) {
    return {
      ok: false,
      code: "SignatureDoesNotMatch",
      message: "The request signature we calculated does not match the signature you provided",
    };
  }
  return { ok: true, accessKeyId };
}
