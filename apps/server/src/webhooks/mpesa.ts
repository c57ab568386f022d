import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiServices } from "@kavi/api";
import {
  CALLBACK_ROUTES,
  type CallbackRoute,
  LENDER_CALLBACK_ROUTES,
  type LenderCallbackRoute,
  receiveLenderCallback,
  receiveMpesaCallback,
} from "@kavi/api/services";
import type { Express, NextFunction } from "express";
import { clientAddressOf } from "../client-address";
import { requestIdFor } from "../http-context";
import { readBodyUpTo, replyJson } from "./raw-http";

const MAX_BODY_BYTES = 64 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROUTE_PATTERN = Object.keys(CALLBACK_ROUTES)
  .map((route) => route.replace("/", "\\/"))
  .join("|");
/** /api/webhooks/daraja/:token/<route>[/:subjectId] — and the /mpesa/ alias. */
const WEBHOOK_PATH = new RegExp(`^/api/webhooks/(?:daraja|mpesa)/([^/]+)/(${ROUTE_PATTERN})(?:/([^/]+))?/?$`);
/** /api/webhooks/lender/:token/<route>[/:subjectId] — the platform's own shortcodes, for loan money. */
const LENDER_PATH = new RegExp(
  `^/api/webhooks/lender/([^/]+)/(${LENDER_CALLBACK_ROUTES.map((route) => route.replace("/", "\\/")).join("|")})(?:/([^/]+))?/?$`,
);

/**
 * Daraja's callbacks, as plain HTTP handled ahead of the Express stack: read the exact bytes, store them with
 * their dedupe key, enqueue processing, acknowledge (see receiveMpesaCallback). Registered with Daraja under
 * /api/webhooks/daraja/ because Daraja refuses callback URLs containing "mpesa"; /api/webhooks/mpesa/ is an
 * alias. Unknown token or path → 404; unreadable body → 400; only a failure to store answers 5xx.
 */
export function mpesaWebhookHandler(services: ApiServices) {
  return (request: IncomingMessage, response: ServerResponse, next: NextFunction): void => {
    const url = request.url ?? "";
    if (!url.startsWith("/api/webhooks/")) {
      next();
      return;
    }
    // Outside Express's request logging, but still traceable: the same request id rules, echoed back, on every line.
    const requestId = requestIdFor(request);
    response.setHeader("x-request-id", requestId);
    const logger = services.logger.child({ requestId });
    const path = url.split("?")[0] ?? "";
    const lenderMatch = LENDER_PATH.exec(path);
    const match = lenderMatch ?? WEBHOOK_PATH.exec(path);
    if (!match || request.method !== "POST") {
      replyJson(response, 404, { error: "not_found" });
      return;
    }
    const [, token = "", route, subjectId] = match;
    if (subjectId !== undefined && !UUID.test(subjectId)) {
      replyJson(response, 404, { error: "not_found" });
      return;
    }
    readBodyUpTo(request, MAX_BODY_BYTES)
      .then(async (rawBody) => {
        if (rawBody === null) {
          replyJson(response, 413, { error: "too_large" });
          return;
        }
        const incoming = {
          token,
          subjectId: subjectId ?? null,
          rawBody,
          // The caller's address as resolved from trusted proxies only (client-address.ts), for the record.
          sourceIp: clientAddressOf(request) ?? request.socket.remoteAddress ?? null,
        };
        const answer = lenderMatch
          ? await receiveLenderCallback(
              { ...services, logger },
              { ...incoming, route: route as LenderCallbackRoute },
            )
          : await receiveMpesaCallback(
              { ...services, logger },
              { ...incoming, route: route as CallbackRoute },
            );
        replyJson(response, answer.status, answer.body);
      })
      .catch((error: unknown) => {
        // Only storage can fail here (PostgreSQL down): a 5xx makes Daraja try again later.
        // The path carries the business's callback token: only the route is logged, never the path.
        logger.error({ err: error, route }, "M-Pesa callback could not be stored");
        if (!response.headersSent) replyJson(response, 500, { error: "unavailable" });
      });
  };
}

/** Mounts the webhooks at /api/webhooks/daraja/… (registered with Daraja) and /api/webhooks/mpesa/… (alias). */
export function mountMpesaWebhooks(app: Express, services: ApiServices): void {
  app.use(mpesaWebhookHandler(services));
}
