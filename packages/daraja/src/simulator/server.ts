import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { z } from "zod";
import { type ResolvedSimulatorOptions, SimulatorControlError, SimulatorEngine } from "./engine";
import { DELIVERY_FAULTS } from "./outcomes";
import { renderPhonePage } from "./phone-page";
import type { DarajaSimulator, DarajaSimulatorOptions, SimulatorFaults } from "./types";
import { type ApiReply, DarajaReply, type RequestBody, ZRequestBodySchema } from "./wire";

const MAX_BODY_BYTES = 1024 * 1024;

type ApiHandler = (engine: SimulatorEngine, body: RequestBody) => ApiReply;

/** Daraja's endpoints (all POST with a bearer token). */
const API_ROUTES: Readonly<Record<string, ApiHandler>> = {
  "/mpesa/stkpush/v1/processrequest": (engine, body) => engine.stkPush(body),
  "/mpesa/stkpushquery/v1/query": (engine, body) => engine.stkQuery(body),
  "/mpesa/c2b/v1/registerurl": (engine, body) => engine.c2bRegister(body),
  "/mpesa/c2b/v2/registerurl": (engine, body) => engine.c2bRegister(body),
  "/mpesa/c2b/v1/simulate": (engine, body) => engine.c2bSimulate(body),
  "/mpesa/c2b/v2/simulate": (engine, body) => engine.c2bSimulate(body),
  "/mpesa/b2c/v1/paymentrequest": (engine, body) => engine.b2c(body, "v1"),
  "/mpesa/b2c/v3/paymentrequest": (engine, body) => engine.b2c(body, "v3"),
  "/mpesa/transactionstatus/v1/query": (engine, body) => engine.transactionStatus(body),
  "/mpesa/accountbalance/v1/query": (engine, body) => engine.accountBalance(body),
  "/mpesa/reversal/v1/request": (engine, body) => engine.reversal(body),
};

const ZFaultsPatchSchema = z
  .object({
    delivery: z.enum(DELIVERY_FAULTS).nullable(),
    responseDelayMs: z.number().int().min(0).max(600_000),
    rejectC2bReRegistration: z.boolean(),
    confirmation: z.enum(["disagree", "fail"]).nullable(),
  })
  .partial()
  .strict();

const ZApproveSchema = z.object({
  pin: z
    .string()
    .regex(/^\d{4}$/)
    .optional(),
});
const ZPasskeySchema = z.object({ shortCode: z.string().regex(/^\d{4,8}$/), passkey: z.string().min(1) });

function resolveOptions(options: DarajaSimulatorOptions): ResolvedSimulatorOptions {
  return {
    callbackDelayMs: options.callbackDelayMs ?? 1000,
    defaultOutcome: options.defaultOutcome ?? "success",
    log: options.log ?? (() => {}),
    now: options.now ?? (() => new Date()),
    delayedDeliveryMs: options.delayedDeliveryMs ?? 30_000,
    outOfOrderBatchSize: Math.max(2, options.outOfOrderBatchSize ?? 2),
    outOfOrderWindowMs: options.outOfOrderWindowMs ?? 10_000,
    duplicateCopies: options.duplicateCopies ?? 3,
    deliveryRetryDelaysMs: options.deliveryRetryDelaysMs ?? [1000, 3000],
    deliveryTimeoutMs: options.deliveryTimeoutMs ?? 8000,
    manualPromptTimeoutMs: options.manualPromptTimeoutMs ?? 120_000,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3599,
    passkeys: options.passkeys ?? {},
    lenientPasskeys: options.lenientPasskeys ?? false,
    c2bMsisdnFormat: options.c2bMsisdnFormat ?? "masked",
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new DarajaReply(400, "400.002.05", "Invalid Request Payload"));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function sendJson(response: ServerResponse, httpStatus: number, body: unknown): void {
  if (response.destroyed || response.writableEnded) return;
  const text = JSON.stringify(body);
  response.writeHead(httpStatus, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
  });
  response.end(text);
}

function parseJsonObject(text: string): RequestBody | undefined {
  try {
    const parsed = ZRequestBodySchema.safeParse(text === "" ? {} : JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Starts a local Daraja: the real wire protocol on the given port (0 = ephemeral), plus /phone and /__simulator. */
export async function startDarajaSimulator(options: DarajaSimulatorOptions = {}): Promise<DarajaSimulator> {
  const engine = new SimulatorEngine(resolveOptions(options));
  const log = engine.options.log;

  async function handleDaraja(
    request: IncomingMessage,
    response: ServerResponse,
    path: string,
    url: URL,
  ): Promise<void> {
    const requestId = engine.nextRequestId();
    let reply: ApiReply;
    try {
      if (path === "/oauth/v1/generate") {
        if (request.method !== "GET") throw new DarajaReply(405, "405.001.01", "Method Not Allowed");
        reply = engine.issueToken(request.headers.authorization, url.searchParams.get("grant_type"));
      } else {
        const handler = API_ROUTES[path];
        if (!handler) throw new DarajaReply(404, "404.001.01", "Resource not found");
        if (request.method !== "POST") throw new DarajaReply(405, "405.001.01", "Method Not Allowed");
        engine.authorize(request.headers.authorization, path);
        if (!/^application\/json\b/i.test(request.headers["content-type"] ?? "")) {
          throw new DarajaReply(400, "400.002.02", "Bad Request - Invalid Content-Type");
        }
        const body = parseJsonObject(await readBody(request));
        if (!body) throw new DarajaReply(400, "400.002.05", "Invalid Request Payload");
        reply = handler(engine, body);
      }
    } catch (error) {
      if (!(error instanceof DarajaReply)) throw error;
      reply = {
        httpStatus: error.httpStatus,
        body: { requestId, errorCode: error.errorCode, errorMessage: error.errorMessage },
      };
    }
    engine.recordRequest({
      at: engine.options.now().toISOString(),
      method: request.method ?? "",
      path,
      httpStatus: reply.httpStatus,
      ...(reply.httpStatus >= 400 &&
      typeof reply.body === "object" &&
      reply.body !== null &&
      "errorCode" in reply.body
        ? { errorCode: String(reply.body.errorCode) }
        : {}),
    });
    const delayMs = path === "/oauth/v1/generate" ? 0 : engine.faults().responseDelayMs;
    if (delayMs > 0) await sleep(delayMs);
    sendJson(response, reply.httpStatus, reply.body);
  }

  async function handleControl(
    request: IncomingMessage,
    response: ServerResponse,
    path: string,
  ): Promise<void> {
    const method = request.method ?? "GET";
    const stkAction = /^\/__simulator\/stk\/([^/]+)\/(approve|cancel)$/.exec(path);
    if (stkAction && method === "POST") {
      const checkoutRequestId = decodeURIComponent(stkAction[1] ?? "");
      const body = ZApproveSchema.safeParse(parseJsonObject(await readBody(request)) ?? {});
      if (!body.success) return sendJson(response, 400, { error: "pin must be 4 digits" });
      if (stkAction[2] === "approve") engine.approve(checkoutRequestId, body.data.pin);
      else engine.cancel(checkoutRequestId);
      return sendJson(response, 200, { ok: true });
    }
    const route = `${method} ${path}`;
    switch (route) {
      case "GET /__simulator/pending":
        return sendJson(response, 200, engine.pending());
      case "GET /__simulator/deliveries":
        return sendJson(response, 200, engine.dispatcher.deliveries());
      case "GET /__simulator/requests":
        return sendJson(response, 200, engine.requests());
      case "GET /__simulator/faults":
        return sendJson(response, 200, engine.faults());
      case "POST /__simulator/faults": {
        const patch = ZFaultsPatchSchema.safeParse(parseJsonObject(await readBody(request)));
        if (!patch.success)
          return sendJson(response, 400, { error: "invalid faults", issues: patch.error.issues });
        return sendJson(response, 200, engine.setFault(withoutUndefined(patch.data)));
      }
      case "POST /__simulator/reset":
        engine.reset();
        return sendJson(response, 200, { ok: true });
      case "POST /__simulator/tokens/invalidate":
        engine.invalidateTokens();
        return sendJson(response, 200, { ok: true });
      case "POST /__simulator/passkeys": {
        const passkey = ZPasskeySchema.safeParse(parseJsonObject(await readBody(request)));
        if (!passkey.success) return sendJson(response, 400, { error: "give shortCode and passkey" });
        engine.registerPasskey(passkey.data.shortCode, passkey.data.passkey);
        return sendJson(response, 200, { ok: true });
      }
      default:
        return sendJson(response, 404, { error: `No control route ${route}` });
    }
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://simulator.invalid");
    const path = url.pathname.replace(/\/+$/, "") || "/";
    const handle = async () => {
      if (path === "/phone" && request.method === "GET") {
        response.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
        response.end(renderPhonePage());
        return;
      }
      if (path.startsWith("/__simulator/")) return handleControl(request, response, path);
      return handleDaraja(request, response, path, url);
    };
    handle().catch((error: unknown) => {
      if (error instanceof SimulatorControlError) {
        sendJson(response, error.httpStatus, { error: error.message });
        return;
      }
      if (error instanceof DarajaReply) {
        sendJson(response, error.httpStatus, {
          errorCode: error.errorCode,
          errorMessage: error.errorMessage,
        });
        return;
      }
      log(
        `simulator error on ${request.method} ${path}: ${error instanceof Error ? error.stack : String(error)}`,
      );
      sendJson(response, 500, { errorCode: "500.003.1001", errorMessage: "Internal Server Error" });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("The simulator must listen on TCP");
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const baseUrl = `http://${host === "0.0.0.0" || host === "[::]" ? "127.0.0.1" : host}:${address.port}`;
  log(`Daraja simulator listening on ${baseUrl} (phone: ${baseUrl}/phone)`);

  return {
    url: baseUrl,
    port: address.port,
    close: async () => {
      engine.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
    pending: () => engine.pending(),
    approve: (checkoutRequestId, approveOptions) => engine.approve(checkoutRequestId, approveOptions?.pin),
    cancel: (checkoutRequestId) => engine.cancel(checkoutRequestId),
    deliveries: () => engine.dispatcher.deliveries(),
    requests: () => engine.requests(),
    reset: () => engine.reset(),
    setFault: (faults) => engine.setFault(faults),
    faults: () => engine.faults(),
    invalidateTokens: () => engine.invalidateTokens(),
    registerPasskey: (shortCode, passkey) => engine.registerPasskey(shortCode, passkey),
  };
}

function withoutUndefined(patch: {
  delivery?: SimulatorFaults["delivery"] | undefined;
  responseDelayMs?: number | undefined;
  rejectC2bReRegistration?: boolean | undefined;
  confirmation?: SimulatorFaults["confirmation"] | undefined;
}): Partial<SimulatorFaults> {
  const faults: Partial<SimulatorFaults> = {};
  if (patch.delivery !== undefined) faults.delivery = patch.delivery;
  if (patch.responseDelayMs !== undefined) faults.responseDelayMs = patch.responseDelayMs;
  if (patch.rejectC2bReRegistration !== undefined)
    faults.rejectC2bReRegistration = patch.rejectC2bReRegistration;
  if (patch.confirmation !== undefined) faults.confirmation = patch.confirmation;
  return faults;
}
