import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { CookieJar, RequestInfo } from "@kavi/api";
import { parseCookie, stringifySetCookie } from "cookie";
import type { Request, Response } from "express";

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accepts a caller's x-request-id when it is sane, otherwise makes one; every log line and reply carries it. */
export function requestIdFor(request: IncomingMessage): string {
  const header = request.headers["x-request-id"];
  const incoming = Array.isArray(header) ? header[0] : header;
  return incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

function cookieJar(request: Request, response: Response): CookieJar {
  let parsed: Record<string, string | undefined> | undefined;
  return {
    get(name) {
      parsed ??= request.headers.cookie ? parseCookie(request.headers.cookie) : {};
      return parsed[name];
    },
    set(name, value, options) {
      response.append(
        "Set-Cookie",
        stringifySetCookie({
          name,
          value,
          httpOnly: options.httpOnly,
          secure: options.secure,
          sameSite: options.sameSite,
          path: options.path,
          ...(options.maxAgeSeconds === undefined ? {} : { maxAge: options.maxAgeSeconds }),
        }),
      );
    },
    clear(name, options) {
      response.append(
        "Set-Cookie",
        stringifySetCookie({
          name,
          value: "",
          httpOnly: options.httpOnly,
          secure: options.secure,
          sameSite: options.sameSite,
          path: options.path,
          maxAge: 0,
          expires: new Date(0),
        }),
      );
    },
  };
}

export function requestInfoFrom(request: Request, response: Response): RequestInfo {
  return {
    requestId: String(request.id ?? requestIdFor(request)),
    ip: request.ip ?? null,
    userAgent: request.get("user-agent") ?? null,
    authorization: request.get("authorization") ?? null,
    cookies: cookieJar(request, response),
    setHeader: (name, value) => {
      if (!response.headersSent) response.setHeader(name, value);
    },
  };
}
