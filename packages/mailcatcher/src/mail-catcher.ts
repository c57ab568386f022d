import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import { createHttpHandler } from "./http-handler";
import { MessageStore, type WaitOptions } from "./message-store";
import { parseMessage } from "./parse-message";
import type { CaughtMessage, MessagePredicate } from "./types";

export type MailCatcherOptions = {
  /** 0 (the default) picks a free port. */
  smtpPort?: number;
  /** 0 (the default) picks a free port. */
  httpPort?: number;
  host?: string;
  /** The oldest messages are dropped beyond this many. */
  maxMessages?: number;
  /** Called for every message caught, e.g. to log it. */
  onMessage?: (message: CaughtMessage) => void;
};

export type MailCatcher = {
  smtpPort: number;
  httpPort: number;
  /** The inbox page, e.g. `http://127.0.0.1:1080`. */
  url: string;
  /** Newest first. */
  messages(): CaughtMessage[];
  clear(): void;
  /** The newest message already caught that matches, or the next one to arrive; rejects after `timeoutMs` (10 s). */
  waitForMessage(predicate: MessagePredicate, options?: WaitOptions): Promise<CaughtMessage>;
  close(): Promise<void>;
};

export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;
const DEFAULT_MAX_MESSAGES = 1000;

export class PortInUseError extends Error {
  constructor(
    readonly service: "SMTP" | "HTTP",
    readonly port: number,
    readonly host: string,
  ) {
    super(`The mail catcher's ${service} port ${port} on ${host} is already in use.`);
    this.name = "PortInUseError";
  }
}

export async function startMailCatcher(options: MailCatcherOptions = {}): Promise<MailCatcher> {
  const host = options.host ?? "127.0.0.1";
  const store = new MessageStore(options.maxMessages ?? DEFAULT_MAX_MESSAGES);
  if (options.onMessage) store.onMessage(options.onMessage);

  const smtp = createSmtpServer(store);
  const smtpPort = await listen(smtp.server, "SMTP", options.smtpPort ?? 0, host);

  const http = createServer(
    createHttpHandler({ store, host, smtpAddress: () => `smtp://${formatHost(host)}:${smtpPort}` }),
  );
  let httpPort: number;
  try {
    httpPort = await listen(http, "HTTP", options.httpPort ?? 0, host);
  } catch (error) {
    await closeSmtp(smtp);
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    smtpPort,
    httpPort,
    url: `http://${formatHost(host)}:${httpPort}`,
    messages: () => store.list(),
    clear: () => store.clear(),
    waitForMessage: (predicate, waitOptions) => store.waitFor(predicate, waitOptions),
    close() {
      closing ??= (async () => {
        store.rejectWaiters("The mail catcher was closed before a matching email arrived.");
        http.closeAllConnections();
        await Promise.all([closeSmtp(smtp), new Promise<void>((resolve) => http.close(() => resolve()))]);
      })();
      return closing;
    },
  };
}

function createSmtpServer(store: MessageStore): SMTPServer {
  const smtp = new SMTPServer({
    banner: "KAVI mail catcher (development only)",
    // No TLS and no required login: any client set up for a local relay can deliver.
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? "anonymous" });
    },
    size: MAX_MESSAGE_BYTES,
    rejectOversized: true,
    closeTimeout: 2000,
    logger: false,
    onData(stream, session, callback) {
      readMessage(stream, session).then(
        (message) => {
          store.add(message);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  // Clients that drop the connection mid-conversation emit errors; they must not take the catcher down.
  smtp.on("error", () => {});
  return smtp;
}

async function readMessage(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<CaughtMessage> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Keep reading past the limit (the client expects us to), but stop holding on to the bytes.
    if (size <= MAX_MESSAGE_BYTES) chunks.push(chunk);
  }
  if (stream.sizeExceeded || size > MAX_MESSAGE_BYTES) {
    throw Object.assign(new Error("Message is larger than the mail catcher's 25 MB limit"), {
      responseCode: 552,
    });
  }
  const { mailFrom, rcptTo } = session.envelope;
  return parseMessage(Buffer.concat(chunks), {
    mailFrom: mailFrom === false ? null : mailFrom.address,
    rcptTo: rcptTo.map((recipient) => recipient.address),
  });
}

function listen(server: Server | SMTPServer["server"], service: "SMTP" | "HTTP", port: number, host: string) {
  return new Promise<number>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === "EADDRINUSE" ? new PortInUseError(service, port, host) : error);
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeSmtp(smtp: SMTPServer): Promise<void> {
  return new Promise((resolve) => smtp.close(() => resolve()));
}

function formatHost(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "localhost";
  return host.includes(":") ? `[${host}]` : host;
}
