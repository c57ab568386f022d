import type { ApiServices } from "@kavi/api";
import { CALLBACK_ROUTES, type CallbackRoute, receiveMpesaCallback } from "@kavi/api/services";
import express, { type Express, type Request, type Response } from "express";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Daraja's callbacks: plain Express routes with the raw body kept. Each stores the body, enqueues its
 * processing and acknowledges (see receiveMpesaCallback). Registered with Daraja under /daraja/ because
 * Daraja refuses callback URLs containing "mpesa"; /mpesa/ is accepted as an alias.
 */
export function mpesaWebhookRouter(services: ApiServices): express.Router {
  const router = express.Router({ mergeParams: true });
  // Daraja sends JSON, but the exact bytes are what we store: read everything as text, whatever the type.
  router.use(express.text({ type: () => true, limit: "64kb" }));
  const deps = {
    db: services.db,
    jobs: services.jobs,
    logger: services.logger,
    now: services.now,
    mpesa: services.config.mpesa,
  };
  for (const route of Object.keys(CALLBACK_ROUTES) as CallbackRoute[]) {
    const handler = async (request: Request, response: Response) => {
      const params = request.params as { token?: string; subjectId?: string };
      const subjectId = params.subjectId ?? null;
      if (subjectId !== null && !UUID.test(subjectId)) {
        response.status(404).json({ error: "not_found" });
        return;
      }
      const rawBody = typeof request.body === "string" ? request.body : "";
      const reply = await receiveMpesaCallback(deps, {
        token: params.token ?? "",
        route,
        subjectId,
        rawBody,
        sourceIp: request.ip ?? null,
      });
      response.status(reply.status).json(reply.body);
    };
    router.post(`/:token/${route}`, handler);
    router.post(`/:token/${route}/:subjectId`, handler);
  }
  return router;
}

/** Mounts the webhooks at /api/webhooks/daraja/… (registered with Daraja) and /api/webhooks/mpesa/… (alias). */
export function mountMpesaWebhooks(app: Express, services: ApiServices): void {
  const router = mpesaWebhookRouter(services);
  app.use("/api/webhooks/daraja", router);
  app.use("/api/webhooks/mpesa", router);
}
