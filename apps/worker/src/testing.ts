import { createTesseractEngine } from "@kavi/ai";
import { silentLogger } from "@kavi/api";
import type { AiSettings, SmsClient, SpeechClient, WebhookConfig } from "@kavi/api/services";
import type { TestHarness } from "@kavi/api/testing";
import { type CbkClient, createCbkClient } from "@kavi/fx";
import { createRedis, type QueueName } from "@kavi/jobs";
import { type MailCatcher, startMailCatcher } from "@kavi/mailcatcher";
import { testRun } from "@kavi/testing";
import { createTransport } from "nodemailer";
import type { WorkerContext } from "./context";
import { startWorkerRuntime, type WorkerRuntime } from "./runtime";

export interface TestWorker {
  runtime: WorkerRuntime;
  /** Catches what the worker emails. */
  mail: MailCatcher;
  close(): Promise<void>;
}

/** The real worker runtime for a test harness's database and Redis prefix, mailing into a mail catcher. */
export async function startTestWorker(
  harness: TestHarness,
  queues: readonly QueueName[],
  options: {
    ai?: AiSettings;
    speech?: SpeechClient | null;
    sms?: SmsClient | null;
    webhooks?: WebhookConfig;
    fx?: CbkClient;
  } = {},
): Promise<TestWorker> {
  const mail = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
  // Sensitive bodies (verification codes) leave the outbox once this worker sends them: read them here.
  harness.mailbox = {
    waitForText: async (to, subject) =>
      (
        await mail.waitForMessage((message) => message.to.includes(to) && subject.test(message.subject), {
          timeoutMs: 15_000,
        })
      ).text,
  };
  const connection = createRedis(testRun().redisUrl, "worker");
  const ocr = createTesseractEngine();
  const runtime = await startWorkerRuntime({
    context: harness.serviceContext({
      mailer: createTransport({ host: "127.0.0.1", port: mail.smtpPort, secure: false, ignoreTLS: true }),
      ai: options.ai ?? { client: null, dailyRequestCap: 0 },
      storage: harness.services.storage,
      ocr,
      speech: options.speech ?? null,
      sms: options.sms ?? harness.services.sms ?? null,
      fx: options.fx ?? createCbkClient({ baseUrl: "http://127.0.0.1:9" }),
      logger: silentLogger,
    }) as WorkerContext,
    connection,
    prefix: harness.services.config.redisPrefix,
    queues,
  });
  return {
    runtime,
    mail,
    async close() {
      harness.mailbox = null;
      await runtime.close();
      await ocr.close();
      connection.disconnect();
      await mail.close();
    },
  };
}
