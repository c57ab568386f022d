import { type ApiServices, type AskStreamEvent, createCaller, createContext } from "@kavi/api";
import { serializeForWire, ZIdSchema } from "@kavi/domain";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import type { Request, Response } from "express";
import { z } from "zod";
import { requestInfoFrom } from "../http-context";

/**
 * The spec's body, snake_case as it is written there, and the tRPC names too. user_id is accepted and
 * ignored: the person is the bearer token's, never what a body claims.
 */
const ZChatBodySchema = z
  .object({
    message: z.string(),
    business_id: ZIdSchema.optional(),
    businessId: ZIdSchema.optional(),
    conversation_id: ZIdSchema.nullish(),
    conversationId: ZIdSchema.nullish(),
    language: z.enum(["en", "sw"]).nullish(),
    user_id: z.unknown().optional(),
  })
  .refine((body) => body.business_id ?? body.businessId, {
    error: "Name the business: business_id",
    path: ["business_id"],
  });

/**
 * POST /api/kavi/chat — the assistant for API clients, as spec 001 draws it: `{message, business_id}` in,
 * `{message, suggestions, data}` out, plus every field of assistant.ask (the same procedure underneath: bearer
 * access token, tenancy, modules, the 60-a-minute limit with its 429 and Retry-After). Amounts travel as the
 * tRPC wire does: `{"$big": "1250000"}` minor units.
 */
export function kaviChatRoute(services: ApiServices) {
  return async (request: Request, response: Response) => {
    const input = readChatBody(request, response);
    if (!input) return;
    const caller = createCaller(await createContext(services, requestInfoFrom(request, response)));
    try {
      const result = await caller.assistant.ask(input);
      response
        .status(200)
        .set("Cache-Control", "private, no-store")
        .json(
          serializeForWire({
            ...result,
            message: result.reply,
            data: { cards: result.cards, toolCalls: result.toolCalls },
          }),
        );
    } catch (error) {
      sendChatError(error, response);
    }
  };
}

/**
 * POST /api/kavi/chat/stream — the same question and checks, answered as server-sent events (what the SPA's
 * sheet uses): `text` events with the reply as it is written, `restart` when that text is being replaced
 * (the grounding guard or a fallback), then `answer` with exactly what assistant.ask returns. Refusals
 * (401, 403, 404, 429) come before the stream starts, as JSON like POST /api/kavi/chat's.
 */
export function kaviChatStreamRoute(services: ApiServices) {
  return async (request: Request, response: Response) => {
    const input = readChatBody(request, response);
    if (!input) return;
    const caller = createCaller(await createContext(services, requestInfoFrom(request, response)));
    let events: AsyncIterable<AskStreamEvent>;
    try {
      events = await caller.assistant.askStream(input);
    } catch (error) {
      sendChatError(error, response);
      return;
    }
    response.status(200).set({
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "private, no-store",
      "X-Accel-Buffering": "no",
    });
    response.flushHeaders();
    let closed = false;
    response.on("close", () => {
      closed = true;
    });
    try {
      for await (const event of events) {
        if (closed) break;
        response.write(`event: ${event.type}\ndata: ${JSON.stringify(serializeForWire(event))}\n\n`);
      }
    } catch (error) {
      if (!closed) {
        response.write(
          `event: error\ndata: ${JSON.stringify({ error: "internal_server_error", message: "Something went wrong on our side. Please try again in a moment." })}\n\n`,
        );
      }
      if (!(error instanceof TRPCError)) services.logger.error({ err: error }, "assistant stream failed");
    }
    response.end();
  };
}

function readChatBody(request: Request, response: Response) {
  const body = ZChatBodySchema.safeParse(request.body ?? {});
  if (!body.success) {
    response.status(400).json({
      error: "bad_request",
      message: body.error.issues[0]?.message ?? "Send a JSON body with message and business_id",
    });
    return null;
  }
  return {
    businessId: String(body.data.business_id ?? body.data.businessId),
    message: body.data.message,
    conversationId: body.data.conversation_id ?? body.data.conversationId ?? null,
    language: body.data.language ?? null,
  };
}

function sendChatError(error: unknown, response: Response): void {
  if (!(error instanceof TRPCError)) throw error;
  const status = getHTTPStatusCodeFromError(error);
  response.status(status).json({
    error: error.code.toLowerCase(),
    message:
      status >= 500 ? "Something went wrong on our side. Please try again in a moment." : error.message,
  });
}

/** A body that is not JSON, or too big, is the client's mistake: a 4xx in the same shape, never a 500. */
export function kaviChatBodyErrors(
  error: unknown,
  _request: Request,
  response: Response,
  next: (error?: unknown) => void,
) {
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === "number" && status >= 400 && status < 500) {
    response.status(status).json({
      error: status === 413 ? "payload_too_large" : "bad_request",
      message: status === 413 ? "The question is too long" : "Send a JSON body with message and business_id",
    });
    return;
  }
  next(error);
}
