import type { AssistantServices, ProcedureObservation } from "@kavi/api";
import type { RateFreshness } from "@kavi/domain";
import { type JobQueue, readQueueDepths } from "@kavi/jobs";
import { secretsEqual } from "@kavi/security";
import type { Request } from "express";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import proxyaddr from "proxy-addr";

export interface ServerMetrics {
  registry: Registry;
  observeProcedure(observation: ProcedureObservation): void;
  observeHttp(method: string, route: string, status: number, seconds: number): void;
  /** The assistant's hooks: questions and latency by brain, tool calls by outcome (forbidden, failed, …). */
  assistant: Required<
    Pick<
      AssistantServices,
      "observeTool" | "observeAnswer" | "observeFallback" | "observeModelUsage" | "observeSpeech"
    >
  >;
}

export interface MetricSources {
  /** How fresh the stored exchange rates are, read at scrape time (the stale-rates alarm). */
  exchangeRateFreshness?: () => Promise<RateFreshness>;
}

export function createMetrics(jobs: JobQueue, sources: MetricSources = {}): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "kavi_" });

  const procedureDuration = new Histogram({
    name: "kavi_trpc_procedure_duration_seconds",
    help: "tRPC procedure latency by procedure, type and outcome",
    labelNames: ["procedure", "type", "code"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
    registers: [registry],
  });
  const procedureErrors = new Counter({
    name: "kavi_trpc_errors_total",
    help: "tRPC procedure errors by procedure and code",
    labelNames: ["procedure", "code"],
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: "kavi_http_request_duration_seconds",
    help: "HTTP request latency by route and status",
    labelNames: ["method", "route", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
    registers: [registry],
  });
  new Gauge({
    name: "kavi_queue_jobs",
    help: "Jobs per queue and state, read from Redis at scrape time",
    labelNames: ["queue", "state"],
    registers: [registry],
    async collect() {
      this.reset();
      const depths = await readQueueDepths(jobs).catch(() => []);
      for (const depth of depths) {
        this.set({ queue: depth.queue, state: "waiting" }, depth.waiting);
        this.set({ queue: depth.queue, state: "delayed" }, depth.delayed);
        this.set({ queue: depth.queue, state: "active" }, depth.active);
        this.set({ queue: depth.queue, state: "failed" }, depth.failed);
      }
    },
  });

  const { exchangeRateFreshness } = sources;
  if (exchangeRateFreshness) {
    new Gauge({
      name: "kavi_fx_rates_missing_weekdays",
      help: "Weekday exchange-rate publications missing up to today (Nairobi); -1 when none were ever stored",
      registers: [registry],
      async collect() {
        const freshness = await exchangeRateFreshness().catch(() => null);
        if (freshness) this.set(freshness.missingWeekdays);
      },
    });
    new Gauge({
      name: "kavi_fx_rates_stale",
      help: "1 when no fresh exchange rates arrived for about 48 hours (the alarm), else 0",
      registers: [registry],
      async collect() {
        const freshness = await exchangeRateFreshness().catch(() => null);
        if (freshness) this.set(freshness.alarm ? 1 : 0);
      },
    });
  }

  const assistantQuestions = new Counter({
    name: "kavi_assistant_questions_total",
    help: "Assistant questions answered, by brain, intent and language",
    labelNames: ["brain", "intent", "language"],
    registers: [registry],
  });
  const assistantDuration = new Histogram({
    name: "kavi_assistant_answer_duration_seconds",
    help: "Assistant answer latency (tools and storage included) by brain",
    labelNames: ["brain"],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 3, 5],
    registers: [registry],
  });
  const assistantTools = new Counter({
    name: "kavi_assistant_tool_calls_total",
    help: "Assistant tool calls by tool and outcome (ok, forbidden, invalid, not_found, failed)",
    labelNames: ["tool", "outcome"],
    registers: [registry],
  });

  const assistantFallbacks = new Counter({
    name: "kavi_assistant_fallbacks_total",
    help: "Answers the offline brain gave although Gemini is configured, by reason (over_cap, rate_limited, timeout, malformed_args, ungrounded, …)",
    labelNames: ["reason"],
    registers: [registry],
  });
  const assistantGroundingRejections = new Counter({
    name: "kavi_assistant_grounding_rejections_total",
    help: "Gemini answers rejected because they stated a figure no tool returned in that turn",
    registers: [registry],
  });
  const assistantModelTokens = new Counter({
    name: "kavi_assistant_model_tokens_total",
    help: "Gemini tokens the assistant used, by kind (prompt, output)",
    labelNames: ["kind"],
    registers: [registry],
  });
  const assistantModelCalls = new Counter({
    name: "kavi_assistant_model_calls_total",
    help: "Gemini calls the assistant made, by outcome (ok, failed)",
    labelNames: ["outcome"],
    registers: [registry],
  });
  const assistantModelCost = new Counter({
    name: "kavi_assistant_model_cost_usd_total",
    help: "Estimated Gemini cost of the assistant in US dollars (from the configured prices)",
    registers: [registry],
  });

  const speechRequests = new Counter({
    name: "kavi_assistant_speech_requests_total",
    help: "Read aloud requests by outcome (cached: audio already made, queued: a new speech job, requeued: asked again while waiting or after a failure, unavailable: no ElevenLabs key)",
    labelNames: ["outcome"],
    registers: [registry],
  });
  const speechCacheHits = new Counter({
    name: "kavi_assistant_speech_cache_hits_total",
    help: "Read aloud requests answered from the audio cache (no ElevenLabs characters spent)",
    registers: [registry],
  });

  return {
    registry,
    assistant: {
      observeSpeech({ outcome }) {
        speechRequests.inc({ outcome });
        if (outcome === "cached") speechCacheHits.inc();
      },
      observeFallback({ reason }) {
        assistantFallbacks.inc({ reason });
        if (reason === "ungrounded") assistantGroundingRejections.inc();
      },
      observeModelUsage({ usage, costMicroUsd, failed }) {
        assistantModelCalls.inc({ outcome: failed ? "failed" : "ok" });
        assistantModelTokens.inc({ kind: "prompt" }, usage.promptTokens);
        assistantModelTokens.inc({ kind: "output" }, usage.outputTokens);
        // A counter is a float; the exact figure is in ai_usage_daily (integer micro-dollars).
        assistantModelCost.inc(Number(costMicroUsd) / 1_000_000);
      },
      observeAnswer({ brain, intent, language, durationMs }) {
        assistantQuestions.inc({ brain, intent, language });
        assistantDuration.observe({ brain }, durationMs / 1000);
      },
      observeTool({ name, outcome }) {
        assistantTools.inc({ tool: name, outcome });
      },
    },
    observeProcedure({ path, type, durationMs, code }) {
      procedureDuration.observe({ procedure: path, type, code: code ?? "OK" }, durationMs / 1000);
      if (code) procedureErrors.inc({ procedure: path, code });
    },
    observeHttp(method, route, status, seconds) {
      httpDuration.observe({ method, route, status: String(status) }, seconds);
    },
  };
}

/** Loopback and private addresses (RFC 1918, IPv6 unique local, their IPv4-mapped forms): scrapers inside the network. */
const isPrivateAddress = proxyaddr.compile(["loopback", "uniquelocal"]);

/**
 * Who may read /metrics: a scraper inside the network (by the client address, which callers cannot choose:
 * see client-address.ts), or anyone presenting the token as `Authorization: Bearer <token>` (scheme in any case).
 */
export function metricsAccess(token: string | undefined): (request: Request) => boolean {
  return (request) => {
    if (request.ip && isPrivateAddress(request.ip, 0)) return true;
    if (!token) return false;
    const presented = /^bearer\s+(\S+)$/i.exec(request.get("authorization") ?? "")?.[1];
    return presented !== undefined && secretsEqual(presented, token);
  };
}
