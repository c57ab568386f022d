import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createTesseractEngine } from "@kavi/ai";
import { type ApiServices, silentLogger } from "@kavi/api";
import { createMpesaConfig, type MpesaConfig } from "@kavi/api/services";
import {
  createBusinessFor,
  createTestHarness,
  type SignedInUser,
  signUpUser,
  type TestHarness,
} from "@kavi/api/testing";
import { DarajaClient, SANDBOX_STK_PASSKEY } from "@kavi/daraja";
import {
  type DarajaSimulator,
  type DarajaSimulatorOptions,
  type DeliveryFault,
  magicPhoneFor,
  type StkOutcome,
  startDarajaSimulator,
} from "@kavi/daraja/simulator";
import { customers, invoices, mpesaPaymentRequests } from "@kavi/db";
import { createJobQueue, createRedis, type JobQueue, waitForRedis } from "@kavi/jobs";
import { randomSuffix, testRun } from "@kavi/testing";
import { startWorkerRuntime, type WorkerRuntime } from "@kavi/worker/runtime";
import { eq } from "drizzle-orm";
import express from "express";
import type { Redis } from "ioredis";
import { createTransport } from "nodemailer";
import { mountMpesaWebhooks } from "./mpesa";

export interface MpesaTestbedOptions {
  simulator?: DarajaSimulatorOptions;
  mpesa?: Partial<Parameters<typeof createMpesaConfig>[0]>;
  /** The webhook's and worker's Redis (the outage test brings its own); the API harness keeps the shared one. */
  redisUrl?: string;
  startWorker?: boolean;
}

/**
 * M-Pesa end to end in one process: the Daraja simulator, the real webhook routes on an ephemeral port, the
 * API (tRPC callers) over a fresh database, and the real worker runtime on the mpesa queue.
 */
export interface MpesaTestbed {
  simulator: DarajaSimulator;
  harness: TestHarness;
  mpesa: MpesaConfig;
  webhookUrl: string;
  /** The services the webhook routes use (its own job queue when redisUrl is given). */
  webhookServices: ApiServices;
  jobs: JobQueue;
  prefix: string;
  owner: SignedInUser;
  businessId: string;
  worker: WorkerRuntime | null;
  startWorker(): Promise<WorkerRuntime>;
  stopWorker(): Promise<void>;
  createInvoice(input: {
    totalMinor: bigint;
    email?: string | null;
    invoiceNumber?: string;
    accountNumber?: string | null;
  }): Promise<{
    invoiceId: string;
    customerId: string;
    invoiceNumber: string;
    publicToken: string;
  }>;
  /** A customer pays the Paybill straight from their phone (C2B), naming `billRefNumber` as the account. */
  customerPays(billRefNumber: string, amount: number): Promise<void>;
  /** A payment request's row; throws when there is none. */
  requestRow(id: string): Promise<typeof mpesaPaymentRequests.$inferSelect>;
  /**
   * The owner prompts the simulator phone that answers with `outcome` (and delivers with `fault`) to pay an invoice, and waits until Daraja
   * accepted the prompt (the request has its CheckoutRequestID).
   */
  promptToPay(
    invoiceId: string,
    outcome: StkOutcome,
    fault?: DeliveryFault,
  ): Promise<{ request: { id: string; phone: string }; checkoutRequestId: string }>;
  close(): Promise<void>;
}

export const SANDBOX_SHORTCODE = "174379";

export async function createMpesaTestbed(options: MpesaTestbedOptions = {}): Promise<MpesaTestbed> {
  const simulator = await startDarajaSimulator({
    port: 0,
    callbackDelayMs: 20,
    deliveryRetryDelaysMs: [100, 300],
    delayedDeliveryMs: 1_500,
    outOfOrderWindowMs: 500,
    ...options.simulator,
  });
  let handler: (request: IncomingMessage, response: ServerResponse) => void = (_request, response) => {
    response.statusCode = 503;
    response.end();
  };
  const server: Server = createServer((request, response) => handler(request, response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const mpesa = createMpesaConfig({
    publicApiUrl: webhookUrl,
    darajaBaseUrl: simulator.url,
    production: false,
    darajaTimeoutMs: 5_000,
    stkQueryDelaysMs: [300, 600, 1_200, 2_400],
    payoutStatusDelaysMs: [200, 400, 800],
    confirmationDelaysMs: [0, 200, 400, 800, 1_600, 3_200],
    sweepAfterMs: 0,
    limits: { stkPerPhonePerMinute: 1_000, stkPerBusinessPerMinute: 1_000, publicPayPerIpPerMinute: 1_000 },
    ...options.mpesa,
  });
  const harness = await createTestHarness({ mpesa });

  let ownRedis: { producer: Redis; worker: Redis } | null = null;
  let jobs = harness.jobs;
  const prefix = harness.services.config.redisPrefix;
  if (options.redisUrl) {
    const producer = createRedis(options.redisUrl, "producer");
    const workerConnection = createRedis(options.redisUrl, "worker");
    for (const connection of [producer, workerConnection]) connection.on("error", () => undefined);
    await waitForRedis(producer);
    ownRedis = { producer, worker: workerConnection };
    jobs = createJobQueue({ connection: producer, prefix, onError: () => undefined });
  }
  const webhookServices: ApiServices = { ...harness.services, jobs };
  const app = express();
  mountMpesaWebhooks(app, webhookServices);
  handler = app;

  const owner = await signUpUser(harness, { fullName: "Amina Wanjiru" });
  const business = await createBusinessFor(owner);
  await owner.caller.mpesa.settings.save({
    businessId: business.id,
    accountType: "paybill",
    shortcode: SANDBOX_SHORTCODE,
    environment: "sandbox",
    consumerKey: `test-key-${randomSuffix()}`,
    consumerSecret: "test-consumer-secret",
    passkey: SANDBOX_STK_PASSKEY,
    initiatorName: "testapi",
    // What the Daraja portal's credential generator produces: base64 of an RSA block.
    initiatorCredential: Buffer.alloc(256, 7).toString("base64"),
    b2cShortcode: "600992",
    c2bValidation: "accept_all",
  });

  const workerConnection = ownRedis?.worker ?? createRedis(testRun().redisUrl, "worker");
  const mailer = createTransport({ jsonTransport: true });
  const testbed: MpesaTestbed = {
    simulator,
    harness,
    mpesa,
    webhookUrl,
    webhookServices,
    jobs,
    prefix,
    owner,
    businessId: business.id,
    worker: null,
    async startWorker() {
      if (testbed.worker) return testbed.worker;
      testbed.worker = await startWorkerRuntime({
        context: {
          ...harness.serviceContext({ jobs, mailer, logger: silentLogger }),
          config: { ...harness.services.config, redisPrefix: prefix, mpesa },
          ai: { client: null, dailyRequestCap: 0 },
          mailer,
          speech: null,
          sms: null,
          storage: harness.services.storage,
          // Started only if a receipt is read (never, on the mpesa queue).
          ocr: createTesseractEngine(),
        },
        connection: workerConnection,
        prefix,
        queues: ["mpesa"],
      });
      return testbed.worker;
    },
    async stopWorker() {
      await testbed.worker?.close();
      testbed.worker = null;
    },
    async createInvoice(input) {
      const suffix = randomSuffix(3).toUpperCase();
      const [customer] = await harness.db
        .insert(customers)
        .values({
          businessId: business.id,
          name: `Mama Mboga ${suffix}`,
          email: input.email === undefined ? `buyer.${suffix.toLowerCase()}@example.co.ke` : input.email,
          accountNumber: input.accountNumber ?? null,
        })
        .returning({ id: customers.id });
      const invoiceNumber = input.invoiceNumber ?? `INV-${suffix}`;
      const [invoice] = await harness.db
        .insert(invoices)
        .values({
          businessId: business.id,
          customerId: String(customer?.id),
          invoiceNumber,
          status: "sent",
          issueDate: "2026-11-01",
          dueDate: "2030-12-31",
          currency: "KES",
          subtotalMinor: input.totalMinor,
          totalMinor: input.totalMinor,
          publicToken: `pub_${randomSuffix(16)}`,
          sentAt: new Date(),
        })
        .returning({ id: invoices.id, publicToken: invoices.publicToken });
      return {
        invoiceId: String(invoice?.id),
        customerId: String(customer?.id),
        invoiceNumber,
        publicToken: String(invoice?.publicToken),
      };
    },
    async customerPays(billRefNumber, amount) {
      await new DarajaClient({
        consumerKey: "k",
        consumerSecret: "s",
        environment: "sandbox",
        baseUrl: simulator.url,
      }).c2bSimulate({
        shortCode: SANDBOX_SHORTCODE,
        commandId: "CustomerPayBillOnline",
        phoneNumber: "0712345126",
        amount,
        billRefNumber,
      });
    },
    async requestRow(id) {
      const [row] = await harness.db
        .select()
        .from(mpesaPaymentRequests)
        .where(eq(mpesaPaymentRequests.id, id));
      if (!row) throw new Error("no request");
      return row;
    },
    async promptToPay(invoiceId, outcome, fault = "none") {
      const request = await owner.caller.mpesa.requests.create({
        businessId: business.id,
        invoiceId,
        phone: magicPhoneFor(outcome, fault),
      });
      const checkoutRequestId = await eventually(
        async () => (await testbed.requestRow(request.id)).checkoutRequestId ?? undefined,
        10_000,
        "the push",
      );
      return { request, checkoutRequestId };
    },
    async close() {
      await testbed.stopWorker();
      mailer.close();
      if (ownRedis) {
        await jobs.close().catch(() => undefined);
        ownRedis.producer.disconnect();
      }
      workerConnection.disconnect();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await simulator.close();
      await harness.close();
    },
  };
  if (options.startWorker ?? true) await testbed.startWorker();
  return testbed;
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ""}`);
}
