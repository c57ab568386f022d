import {
  learnExample,
  suggestCategory,
  type TCategoriseInput,
  type TCategoriserExample,
  trainCategoriser,
} from "./model";

/** The confidence at or above which a learned suggestion is applied without asking (see the bench). */
export const AUTO_APPLY_CONFIDENCE = 0.85;

export interface TDatedExample extends TCategoriserExample {
  /** Anything that sorts by time: an ISO date or instant. */
  date: string;
}

export interface TCategoriserEvaluation {
  trained: number;
  tested: number;
  /** Share of the tested rows whose top suggestion was right. */
  topOneAccuracy: number;
  /** At the threshold: share of the tested rows that would be applied without asking… */
  coverage: number;
  /** …and the share of those that were right. */
  autoAccuracy: number;
  threshold: number;
}

/**
 * Trains on the earliest `trainShare` of the examples (by date) and predicts the rest: how the model would have
 * done on the months after its history. `online` also learns each tested row after predicting it, as happens
 * when people confirm or correct the review queue.
 */
export function evaluateCategoriser(
  examples: readonly TDatedExample[],
  options: { trainShare?: number; threshold?: number; online?: boolean } = {},
): TCategoriserEvaluation {
  const threshold = options.threshold ?? AUTO_APPLY_CONFIDENCE;
  const sorted = [...examples].sort((left, right) => left.date.localeCompare(right.date));
  const cut = Math.floor(sorted.length * (options.trainShare ?? 0.8));
  const model = trainCategoriser(sorted.slice(0, cut));
  const test = sorted.slice(cut);
  let right = 0;
  let applied = 0;
  let appliedRight = 0;
  for (const example of test) {
    const input: TCategoriseInput = example;
    const suggestion = suggestCategory(model, input);
    const correct = suggestion?.categoryId === example.categoryId;
    if (correct) right += 1;
    if (suggestion && suggestion.confidence >= threshold) {
      applied += 1;
      if (correct) appliedRight += 1;
    }
    if (options.online) {
      learnExample(model, example);
    }
  }
  const ratio = (numerator: number, denominator: number) => (denominator === 0 ? 0 : numerator / denominator);
  return {
    trained: cut,
    tested: test.length,
    topOneAccuracy: ratio(right, test.length),
    coverage: ratio(applied, test.length),
    autoAccuracy: ratio(appliedRight, applied),
    threshold,
  };
}
