import { describe, expect, it } from "vitest";
import { speechJobMetricFields } from "./cloudwatch";

describe("speech job metrics (CloudWatch EMF)", () => {
  it("declares the KAVI/Assistant metrics and sets the one the outcome counts", () => {
    const fields = speechJobMetricFields("ready", 812.4, 1_795_000_000_000);
    const [directive] = fields._aws.CloudWatchMetrics;
    expect(directive?.Namespace).toBe("KAVI/Assistant");
    // Every declared metric is a field on the same line, or CloudWatch drops it.
    for (const metric of directive?.Metrics ?? []) expect(fields).toHaveProperty(metric.Name);
    expect(fields).toMatchObject({
      SpeechSynthesized: 1,
      SpeechFailed: 0,
      SpeechRetried: 0,
      SpeechSynthesisMs: 812,
      speech: { outcome: "ready", synthesized: 1, durationMs: 812 },
    });
  });

  it.each([
    ["failed", { SpeechSynthesized: 0, SpeechFailed: 1, SpeechRetried: 0 }],
    ["retrying", { SpeechSynthesized: 0, SpeechFailed: 0, SpeechRetried: 1 }],
    ["skipped", { SpeechSynthesized: 0, SpeechFailed: 0, SpeechRetried: 0 }],
  ] as const)("counts a %s attempt", (outcome, counts) => {
    expect(speechJobMetricFields(outcome, 5, 0)).toMatchObject({ ...counts, speech: { outcome } });
  });
});
