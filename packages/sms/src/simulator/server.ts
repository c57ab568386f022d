import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { countSmsParts } from "../text";
import { renderSimulatorInbox } from "./inbox-page";

/**
 * A local Africa's Talking that speaks the SMS wire protocol (docs in /work/shared/reference/africastalking.md):
 * `POST /version1/messaging` (form: username, to, message, from) with the `apiKey` header answers 201 with
 * `SMSMessageData`; a wrong key gets 401 plain text; `GET /version1/user` the balance. Each accepted message
 * lands in the inbox (`GET /`, a page) and, when a delivery report URL is set, a report is POSTed to it
 * (form-encoded, as AT does) shortly after.
 *
 * Control: `POST /__fake/faults` `{"faults":[{"kind":"error","status":500}, {"kind":"slow","delayMs":3000},
 * {"kind":"recipient","statusCode":405}, {"kind":"undelivered","failureReason":"AbsentSubscriber"},
 * {"kind":"garbage"}]}` queues faults for the next sends (one each); `GET /__fake/messages` lists the inbox;
 * `POST /__fake/reset` clears both.
 */
export const SIMULATOR_FAULT_KINDS = ["error", "slow", "recipient", "undelivered", "garbage"] as const;

export const ZSimulatorFaultSchema = z.object({
  kind: z.enum(SIMULATOR_FAULT_KINDS),
  /** For "error": the HTTP status. */
  status: z.number().int().min(400).max(599).default(500),
  /** For "slow": how long to wait before answering. */
  delayMs: z.number().int().min(0).max(600_000).default(5_000),
  /** For "recipient": the per-recipient status code (403 invalid number, 405 no balance, 500 internal…). */
  statusCode: z.number().int().min(100).max(599).default(405),
  /** For "undelivered": the failure reason in the Failed delivery report. */
  failureReason: z.string().max(100).default("DeliveryFailure"),
});
export type TSimulatorFault = z.input<typeof ZSimulatorFaultSchema>;

export interface SimulatedSms {
  id: string;
  messageId: string;
  username: string;
  to: string;
  from: string;
  text: string;
  parts: number;
  cost: string;
  statusCode: number;
  /** The latest delivery state sent to the report URL (null: none sent). */
  delivery: string | null;
  failureReason: string | null;
  at: string;
}

export interface SmsSimulator {
  url: string;
  /** The API base to give the client: `${url}/version1`. */
  baseUrl: string;
  port: number;
  injectFaults(faults: TSimulatorFault[]): void;
  messages(): SimulatedSms[];
  waitForMessage(predicate: (message: SimulatedSms) => boolean, timeoutMs?: number): Promise<SimulatedSms>;
  setDeliveryReportUrl(url: string | null): void;
  reset(): void;
  close(): Promise<void>;
}

export interface SmsSimulatorOptions {
  port?: number;
  host?: string;
  /** When set, only this key is accepted; otherwise any non-empty key is. */
  apiKey?: string | null;
  /** Where delivery reports are POSTed (the server's callback). */
  deliveryReportUrl?: string | null;
  /** How long after a send its delivery report goes out. */
  deliveryDelayMs?: number;
  /** What one part costs, in KES (AT's four decimals). */
  pricePerPart?: string;
  log?: (message: string) => void;
}

const ZSendSchema = z.object({
  username: z.string().min(1),
  to: z.string().min(1),
  message: z.string().min(1).max(10_000),
  from: z.string().max(20).optional(),
});

const VALID_NUMBER = /^\+254[17]\d{8}$/;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function sendJson(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

function sendText(response: ServerResponse, status: number, body: string, type = "text/plain") {
  response.writeHead(status, { "content-type": `${type}; charset=utf-8` });
  response.end(body);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).byteLength;
    if (size > 256_000) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Multiplies AT's four-decimal price by the parts, in the same string form ("KES 1.6000"). */
function costOf(pricePerPart: string, parts: number): string {
  const [whole = "0", fraction = ""] = pricePerPart.split(".");
  const tenThousandths = (BigInt(whole) * 10_000n + BigInt(`${fraction}0000`.slice(0, 4))) * BigInt(parts);
  return `KES ${tenThousandths / 10_000n}.${String(tenThousandths % 10_000n).padStart(4, "0")}`;
}

export async function startSmsSimulator(options: SmsSimulatorOptions = {}): Promise<SmsSimulator> {
  const faults: z.output<typeof ZSimulatorFaultSchema>[] = [];
  let inbox: SimulatedSms[] = [];
  let reportUrl = options.deliveryReportUrl ?? null;
  const waiters = new Set<() => void>();
  const log = options.log ?? (() => {});
  const pricePerPart = options.pricePerPart ?? "0.8000";

  function changed() {
    for (const wake of waiters) wake();
  }

  async function report(message: SimulatedSms, status: string, failureReason: string | null) {
    message.delivery = status;
    message.failureReason = failureReason;
    changed();
    if (!reportUrl) return;
    const form = new URLSearchParams({
      id: message.messageId,
      status,
      phoneNumber: message.to,
      networkCode: "99999",
      ...(failureReason ? { failureReason } : {}),
    });
    try {
      const answer = await fetch(reportUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: form.toString(),
        signal: AbortSignal.timeout(10_000),
      });
      log(`delivery report ${status} for ${message.messageId}: ${answer.status}`);
    } catch (error) {
      log(`delivery report for ${message.messageId} failed: ${String(error)}`);
    }
  }

  async function handleSend(request: IncomingMessage, response: ServerResponse) {
    const apiKey = request.headers.apikey;
    if (typeof apiKey !== "string" || !apiKey || (options.apiKey && apiKey !== options.apiKey)) {
      return sendText(response, 401, "The supplied authentication is invalid");
    }
    const fields = Object.fromEntries(new URLSearchParams(await readBody(request)));
    const body = ZSendSchema.safeParse(fields);
    if (!body.success) {
      return sendText(
        response,
        400,
        `Request is missing required form field '${String(body.error.issues[0]?.path[0])}'`,
      );
    }
    const fault = faults.shift();
    if (fault?.kind === "slow") await sleep(fault.delayMs);
    if (fault?.kind === "error") return sendText(response, fault.status, `Injected ${fault.status}`);
    if (fault?.kind === "garbage") return sendText(response, 201, "<html>not json</html>", "text/html");
    const parts = countSmsParts(body.data.message).parts;
    const recipients = body.data.to.split(",").map((raw) => {
      const number = raw.trim();
      const statusCode = !VALID_NUMBER.test(number)
        ? 403
        : fault?.kind === "recipient"
          ? fault.statusCode
          : 101;
      const accepted = statusCode >= 100 && statusCode <= 102;
      const messageId = accepted ? `ATXid_${randomBytes(12).toString("hex")}` : "None";
      const cost = accepted ? costOf(pricePerPart, parts) : "0";
      if (accepted) {
        const message: SimulatedSms = {
          id: String(inbox.length + 1),
          messageId,
          username: body.data.username,
          to: number,
          from: body.data.from ?? "AFRICASTKNG",
          text: body.data.message,
          parts,
          cost,
          statusCode,
          delivery: null,
          failureReason: null,
          at: new Date().toISOString(),
        };
        inbox.push(message);
        log(`${message.from} → ${number}: ${parts} part(s), ${cost}`);
        const undelivered = fault?.kind === "undelivered";
        setTimeout(
          () =>
            void report(
              message,
              undelivered ? "Failed" : "Success",
              undelivered ? fault.failureReason : null,
            ),
          options.deliveryDelayMs ?? 300,
        ).unref();
      }
      const status = accepted ? "Success" : statusCode === 403 ? "InvalidPhoneNumber" : `Status${statusCode}`;
      return { statusCode, number, status, cost, messageId };
    });
    changed();
    const sent = recipients.filter((recipient) => recipient.messageId !== "None");
    if (sent.length === 0 && recipients.every((recipient) => recipient.statusCode === 403)) {
      return sendJson(response, 201, { SMSMessageData: { Message: "InvalidPhoneNumber", Recipients: [] } });
    }
    return sendJson(response, 201, {
      SMSMessageData: {
        Message: `Sent to ${sent.length}/${recipients.length} Total Cost: ${costOf(pricePerPart, parts * sent.length)}`,
        Recipients: recipients,
      },
    });
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", "http://simulator");
    if (url.pathname === "/" && request.method === "GET") {
      return sendText(response, 200, renderSimulatorInbox(inbox, `${address()}/version1`), "text/html");
    }
    if (url.pathname === "/__fake/messages" && request.method === "GET") {
      return sendJson(response, 200, { messages: inbox });
    }
    if (url.pathname === "/__fake/reset" && request.method === "POST") {
      inbox = [];
      faults.length = 0;
      changed();
      return sendJson(response, 200, { ok: true });
    }
    if (url.pathname === "/__fake/faults" && request.method === "POST") {
      const parsed = z
        .object({ faults: z.array(ZSimulatorFaultSchema).max(100) })
        .safeParse(JSON.parse((await readBody(request)) || "{}"));
      if (!parsed.success) return sendJson(response, 400, { error: parsed.error.message });
      faults.push(...parsed.data.faults);
      return sendJson(response, 200, { queued: faults.length });
    }
    if (url.pathname === "/version1/messaging" && request.method === "POST") {
      return handleSend(request, response);
    }
    if (url.pathname === "/version1/user" && request.method === "GET") {
      return sendJson(response, 200, { UserData: { balance: "KES 1000.0000" } });
    }
    return sendText(response, 404, "Not found");
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log(`failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) sendText(response, 500, "The simulator failed");
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const address = () => `http://${options.host ?? "127.0.0.1"}:${port}`;
  return {
    url: address(),
    baseUrl: `${address()}/version1`,
    port,
    injectFaults(next) {
      faults.push(...next.map((fault) => ZSimulatorFaultSchema.parse(fault)));
    },
    messages: () => [...inbox],
    async waitForMessage(predicate, timeoutMs = 10_000) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const found = inbox.find(predicate);
        if (found) return found;
        const left = deadline - performance.now();
        if (left <= 0) throw new Error("No matching SMS reached the simulator in time");
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiters.delete(wake);
            resolve();
          };
          waiters.add(wake);
          setTimeout(wake, Math.min(left, 200));
        });
      }
    },
    setDeliveryReportUrl(next) {
      reportUrl = next;
    },
    reset() {
      inbox = [];
      faults.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
