import type { AppRouter, Context } from "@kavi/api";
import {
  callProcedure,
  getErrorShape,
  getHTTPStatusCode,
  getProcedureAtPath,
  getTRPCErrorFromUnknown,
  type TRPCError,
  type TRPCResponse,
  transformTRPCResponse,
} from "@trpc/server/unstable-core-do-not-import";
import type { NextFunction, Request, Response } from "express";

/**
 * tRPC queries over GET (single or batched, as httpLink and httpBatchLink send them), answered without tRPC's
 * Fetch-API adapter. That adapter turns every Node request into a WHATWG `Request` (URL, Headers,
 * AbortController) and every answer into a `Response` whose body is read back as a stream; for a signed-in
 * query that was most of the request path's own CPU (bench/README.md, "The request path"). Here the same
 * procedures run through tRPC's own `callProcedure` with the same context, input transformer, error formatter
 * and status rules, and the JSON is written in one `end()`.
 *
 * Anything else goes on to tRPC's adapter untouched: mutations, subscriptions, streamed batches
 * (`trpc-accept: application/jsonl`), unknown procedures, input that is not JSON, batches over the limit. Those
 * are decided before any procedure or context runs, so handing them on is safe. `TRPC_FAST_QUERIES=false` sends
 * everything to tRPC's adapter (and the integration test compares the two answers byte for byte).
 */
export function trpcQueryHandler(options: {
  router: AppRouter;
  createContext: (request: Request, response: Response) => Promise<Context>;
  maxBatchSize: number;
}) {
  const { router, createContext, maxBatchSize } = options;
  const config = router._def._config;
  return async (request: Request, response: Response, next: NextFunction) => {
    if (request.method !== "GET" || request.headers["trpc-accept"] !== undefined) return next();
    const url = request.url;
    const queryAt = url.indexOf("?");
    const search = new URLSearchParams(queryAt >= 0 ? url.slice(queryAt + 1) : "");
    if (search.has("connectionParams")) return next();
    const batch = search.get("batch") === "1";
    let pathText: string;
    try {
      pathText = decodeURIComponent((queryAt >= 0 ? url.slice(0, queryAt) : url).slice(1));
    } catch {
      return next();
    }
    const paths = batch ? pathText.split(",") : [pathText];
    if (paths.length > maxBatchSize) return next();

    const procedures = await Promise.all(paths.map((path) => getProcedureAtPath(router, path)));
    if (procedures.some((procedure) => procedure?._def.type !== "query")) return next();

    let inputs: unknown[];
    try {
      const raw = search.get("input");
      const parsed: unknown = raw ? JSON.parse(raw) : undefined;
      if (batch) {
        if (
          parsed !== undefined &&
          (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
        ) {
          return next();
        }
        const byIndex = (parsed ?? {}) as Record<string, unknown>;
        inputs = paths.map((_path, index) => {
          const input = Object.hasOwn(byIndex, index) ? byIndex[index] : undefined;
          return input === undefined ? undefined : config.transformer.input.deserialize(input);
        });
      } else {
        inputs = [parsed === undefined ? undefined : config.transformer.input.deserialize(parsed)];
      }
    } catch {
      return next();
    }

    let ctx: Context | undefined;
    let contextError: TRPCError | undefined;
    try {
      ctx = await createContext(request, response);
    } catch (cause) {
      contextError = getTRPCErrorFromUnknown(cause);
    }
    const errors: (TRPCError | undefined)[] = [];
    const items: TRPCResponse[] = await Promise.all(
      paths.map(async (path, index) => {
        const input = inputs[index];
        try {
          if (contextError) throw contextError;
          const data = await callProcedure({
            router,
            path,
            getRawInput: async () => input,
            ctx,
            type: "query",
            signal: undefined,
            batchIndex: index,
          });
          return { result: { data } } satisfies TRPCResponse;
        } catch (cause) {
          const error = getTRPCErrorFromUnknown(cause);
          errors[index] = error;
          return {
            error: getErrorShape({ config, error, type: "query", path, input, ctx }),
          } satisfies TRPCResponse;
        }
      }),
    );
    // Aligned with the items (a success leaves a hole), as tRPC's own adapter passes them.
    const status = getHTTPStatusCode(items, errors as TRPCError[]);
    const body = JSON.stringify(transformTRPCResponse(config, batch ? items : (items[0] as TRPCResponse)));
    if (response.headersSent) return;
    response.statusCode = status;
    response.setHeader("vary", "trpc-accept, accept");
    response.setHeader("content-type", "application/json");
    response.end(body);
  };
}
