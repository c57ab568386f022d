import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiServices } from "@kavi/api";
import { receiveSmsDeliveryReport, ZSmsDeliveryReportSchema } from "@kavi/api/services";
import type { Express, NextFunction } from "express";
import { requestIdFor } from "../http-context";
import { readBodyUpTo, replyJson } from "./raw-http";

const MAX_BODY_BYTES = 16 * 1024;
/** /api/webhooks/africastalking/:token/delivery — the URL registered as the SMS delivery report callback. */
const DELIVERY_PATH = /^\/api\/webhooks\/africastalking\/([^/]+)\/delivery\/?$/;

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Africa's Talking's SMS delivery reports, as plain HTTP ahead of the Express stack: AT signs nothing, so the
 * path carries a secret token (AFRICASTALKING_CALLBACK_TOKEN). Form-encoded fields are checked with zod, every
 * report is stored and the message's state moves; 200 fast. Wrong token or no token set → 404; bad form → 400.
 */
export function smsDeliveryReportHandler(services: ApiServices, callbackToken: string | null) {
  return (request: IncomingMessage, response: ServerResponse, next: NextFunction): void => {
    const match = DELIVERY_PATH.exec((request.url ?? "").split("?")[0] ?? "");
    if (!match) {
      next();
      return;
    }
    const requestId = requestIdFor(request);
    response.setHeader("x-request-id", requestId);
    const logger = services.logger.child({ requestId });
    if (request.method !== "POST" || !callbackToken || !sameToken(match[1] ?? "", callbackToken)) {
      replyJson(response, 404, { error: "not_found" });
      return;
    }
    readBodyUpTo(request, MAX_BODY_BYTES)
      .then(async (rawBody) => {
        if (rawBody === null) return replyJson(response, 413, { error: "too_large" });
        const fields = Object.fromEntries(new URLSearchParams(rawBody));
        const report = ZSmsDeliveryReportSchema.safeParse(fields);
        if (!report.success) {
          logger.warn({ issues: report.error.issues.length }, "SMS delivery report refused");
          return replyJson(response, 400, { error: "invalid_report" });
        }
        const { matched } = await receiveSmsDeliveryReport(services, report.data, fields);
        if (!matched)
          logger.warn({ messageId: report.data.id }, "SMS delivery report for an unknown message");
        replyJson(response, 200, { ok: true });
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, "SMS delivery report could not be stored");
        if (!response.headersSent) replyJson(response, 500, { error: "unavailable" });
      });
  };
}

export function mountSmsWebhooks(app: Express, services: ApiServices, callbackToken: string | null): void {
  app.use(smsDeliveryReportHandler(services, callbackToken));
}
