import type { DbOrTx } from "@kavi/db";
import { formatMoney, localDateOf } from "@kavi/domain";
import { expectedFigure } from "./expected";
import { EVALUATION_CLOCK, EVALUATION_QUESTIONS, type EvaluationQuestion } from "./questions";

export interface AskedAnswer {
  reply: string;
  intent: string;
}

export interface EvaluationOutcome {
  question: EvaluationQuestion;
  expected: string | null;
  reply: string;
  intent: string;
  correct: boolean;
  durationMs: number;
}

export interface Tally {
  correct: number;
  total: number;
}

export interface EvaluationReport {
  outcomes: EvaluationOutcome[];
  accuracy: number;
  byLanguage: Record<string, Tally>;
  byIntent: Record<string, Tally>;
  latency: { p50: number; p95: number; max: number };
}

const ANY_AMOUNT = /\b[A-Z]{3} -?\d/;

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? 0;
}

function tally(
  outcomes: EvaluationOutcome[],
  key: (outcome: EvaluationOutcome) => string,
): Record<string, Tally> {
  const result: Record<string, Tally> = {};
  for (const outcome of outcomes) {
    const name = key(outcome);
    const entry = result[name] ?? { correct: 0, total: 0 };
    result[name] = entry;
    entry.total += 1;
    if (outcome.correct) entry.correct += 1;
  }
  return result;
}

/**
 * Asks every question (through whatever `ask` is: createCaller in tests, HTTP in the benchmark) and checks
 * the answer: the right intent, and the exact expected amount in the reply (or no amount at all where none
 * may be stated). Exact accuracy: a figure off by one cent is wrong.
 */
export async function runEvaluation(
  db: DbOrTx,
  businessId: string,
  ask: (question: string) => Promise<AskedAnswer>,
  questions: EvaluationQuestion[] = EVALUATION_QUESTIONS,
): Promise<EvaluationReport> {
  const today = localDateOf(EVALUATION_CLOCK, "Africa/Nairobi");
  const outcomes: EvaluationOutcome[] = [];
  for (const question of questions) {
    const figure = await expectedFigure(db, businessId, question.expect, today);
    const expected =
      figure === null
        ? null
        : question.expect.kind === "credit_score"
          ? String(figure)
          : formatMoney(figure, "KES");
    const started = performance.now();
    const answer = await ask(question.question);
    const durationMs = performance.now() - started;
    // Nothing (zero) may be said in words ("No M-Pesa payments…"), as long as no other amount is stated.
    const figureRight =
      expected === null || figure === 0n
        ? !ANY_AMOUNT.test(answer.reply) || (expected !== null && answer.reply.includes(expected))
        : question.expect.kind === "credit_score"
          ? new RegExp(`\\b${expected}\\b`).test(answer.reply)
          : answer.reply.includes(expected);
    outcomes.push({
      question,
      expected,
      reply: answer.reply,
      intent: answer.intent,
      correct: figureRight && answer.intent === question.intent,
      durationMs,
    });
  }
  const durations = outcomes.map((outcome) => outcome.durationMs).sort((a, b) => a - b);
  return {
    outcomes,
    accuracy: outcomes.filter((outcome) => outcome.correct).length / Math.max(1, outcomes.length),
    byLanguage: tally(outcomes, (outcome) => outcome.question.language),
    byIntent: tally(outcomes, (outcome) => outcome.question.intent),
    latency: {
      p50: percentile(durations, 0.5),
      p95: percentile(durations, 0.95),
      max: durations.at(-1) ?? 0,
    },
  };
}

export function formatTally(entries: Record<string, Tally>): string[] {
  return Object.entries(entries)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([name, { correct, total }]) =>
        `  ${name.padEnd(20)} ${String(correct).padStart(4)}/${String(total).padEnd(4)} ${((100 * correct) / total).toFixed(1).padStart(6)} %`,
    );
}
