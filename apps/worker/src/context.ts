import type { ServiceContext } from "@kavi/api/services";

/**
 * The worker's one service context, built once per process (main.ts) or per test (testing.ts), with the
 * system as the actor. Every processor passes it to the services as is; the worker has the mailer and Gemini.
 */
export type WorkerContext = ServiceContext &
  Required<Pick<ServiceContext, "mailer" | "ai" | "speech" | "ocr">>;
