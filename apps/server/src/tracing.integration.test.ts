import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { createTestDatabase, createTestRedisPrefix, testRun } from "@kavi/testing";
import { describe, expect, it } from "vitest";

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: { stringValue?: string; intValue?: string } }[];
}

interface OtlpExport {
  resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[];
}

function attribute(span: OtlpSpan, key: string): string | undefined {
  const value = span.attributes?.find((candidate) => candidate.key === key)?.value;
  return value?.stringValue ?? value?.intValue;
}

/** A minimal OTLP/HTTP collector: what an ADOT collector or Jaeger would receive. */
async function startCollector() {
  const spans: OtlpSpan[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.url === "/v1/traces") {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as OtlpExport;
        for (const resource of body.resourceSpans)
          for (const scope of resource.scopeSpans) spans.push(...scope.spans);
      }
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    close: () => server.close(),
  };
}

describe("tracing", () => {
  it("follows one request from the server through PostgreSQL and the queue into the worker, with trace ids in the logs", async () => {
    const collector = await startCollector();
    const serverRoot = fileURLToPath(new URL("..", import.meta.url));
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--import", "@kavi/telemetry/register", "test/trace-flow.ts"],
      {
        cwd: serverRoot,
        env: {
          ...process.env,
          DATABASE_URL: await createTestDatabase(),
          REDIS_URL: testRun().redisUrl,
          REDIS_PREFIX: createTestRedisPrefix(),
          OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
          OTEL_SERVICE_NAME: "kavi-trace-test",
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    collector.close();
    expect(code, output).toBe(0);

    const spans = collector.spans;
    const request = spans.find(
      (span) =>
        span.kind === 2 &&
        (attribute(span, "url.path") ?? attribute(span, "http.target") ?? "").includes("auth.forgotPassword"),
    );
    expect(
      request,
      `no server span for the request among: ${spans.map((span) => span.name).join(", ")}`,
    ).toBeDefined();
    const traceId = String(request?.traceId);
    const inTrace = spans.filter((span) => span.traceId === traceId);
    const producer = inTrace.find((span) => span.name === "enqueue email.send");
    const consumer = inTrace.find((span) => span.name === "process email.send");
    expect(producer, "the enqueue joins the request's trace").toBeDefined();
    expect(consumer, "the worker continues the same trace").toBeDefined();
    expect(consumer?.parentSpanId).toBe(producer?.spanId);
    const queries = inTrace.filter(
      (span) =>
        attribute(span, "db.system") === "postgresql" || attribute(span, "db.system.name") === "postgresql",
    );
    expect(queries.length, "PostgreSQL queries of the request and of the job").toBeGreaterThan(2);
    const consumerIds = new Set([consumer?.spanId]);
    // Walk down from the consumer: some query must belong to the job.
    let grew = true;
    while (grew) {
      grew = false;
      for (const span of inTrace) {
        if (span.parentSpanId && consumerIds.has(span.parentSpanId) && !consumerIds.has(span.spanId)) {
          consumerIds.add(span.spanId);
          grew = true;
        }
      }
    }
    expect(queries.some((span) => consumerIds.has(span.spanId))).toBe(true);

    const requestLog = output
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { requestId?: string; traceId?: string; msg?: string })
      .find(
        (line) => line.requestId === "trace-test-auth.forgotPassword" && line.msg === "request completed",
      );
    expect(requestLog?.traceId).toBe(traceId);
    // The child compiles the server and the worker with tsx before it serves: on a busy two-core machine that
    // alone can take longer than the project's 20 s budget. Nothing here measures time.
  }, 120_000);
});
