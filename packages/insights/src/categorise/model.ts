import { counterpartyFromDescription, tokenise } from "./tokenise";

/**
 * The learned categoriser: a weighted multinomial naive Bayes over a transaction's words, word pairs, its
 * counterparty, payment method, source and amount size, trained from the business's own categorised history.
 * Naive Bayes because it learns from a few dozen examples, updates by adding counts (a correction is one more
 * example), trains a year of history in milliseconds and can say which words decided (the "because").
 *
 * Money in is only ever given an income category and money out an expense one: the direction is a hard filter.
 */
export const CATEGORISER_VERSION = "nb-2";

export interface TCategoriseInput {
  type: "income" | "expense";
  description?: string | null;
  /** The linked customer's or supplier's name, when there is one. */
  counterpartyName?: string | null;
  /** The linked customer or supplier id: the strongest single clue. */
  counterpartyId?: string | null;
  paymentMethod?: string | null;
  source?: string | null;
  /** Positive minor units. */
  amountMinor: bigint;
}

export interface TCategoriserExample extends TCategoriseInput {
  categoryId: string;
}

interface ClassCounts {
  kind: "income" | "expense";
  documents: number;
  /** Weighted feature counts. */
  features: Map<string, number>;
  total: number;
}

export interface TCategoriserModel {
  version: string;
  classes: Map<string, ClassCounts>;
  vocabulary: Map<string, number>;
  documents: number;
}

export interface TCategorySuggestion {
  categoryId: string;
  /** 0–1: how sure the model is (its posterior, shrunk when it recognises little). */
  confidence: number;
  /** What decided it, for people: "counterparty naivas", "word fuel". */
  reasons: string[];
  /** The runner-up categories with their probabilities. */
  alternatives: { categoryId: string; probability: number }[];
}

/** How much each kind of clue counts (tuned with `pnpm bench categorise`). */
const WEIGHTS: Record<string, number> = {
  party: 3,
  cp: 2,
  w: 1,
  b: 1,
  m: 0.5,
  src: 0.5,
  amt: 0.75,
};
const SMOOTHING = 3;

function amountBucket(amountMinor: bigint): string {
  const major = Number(amountMinor / 100n);
  if (major <= 0) return "0";
  // Half-octaves: KES 1,000 and 1,300 share a bucket, 1,000 and 2,000 do not.
  return String(Math.floor(Math.log2(major) * 2));
}

/** The features of one transaction, with their family prefix ("w:fuel", "cp:naivas"). */
export function featuresOf(input: TCategoriseInput): string[] {
  const features = new Set<string>();
  const words = tokenise(input.description);
  for (const word of words) features.add(`w:${word}`);
  for (let index = 1; index < words.length; index += 1) features.add(`b:${words[index - 1]}_${words[index]}`);
  const counterparty = input.counterpartyName
    ? tokenise(input.counterpartyName).slice(0, 4).join(" ")
    : counterpartyFromDescription(input.description);
  if (counterparty) {
    features.add(`cp:${counterparty}`);
    for (const word of counterparty.split(" ")) features.add(`w:${word}`);
  }
  if (input.counterpartyId) features.add(`party:${input.counterpartyId}`);
  if (input.paymentMethod) features.add(`m:${input.paymentMethod}`);
  if (input.source) features.add(`src:${input.source}`);
  features.add(`amt:${amountBucket(input.amountMinor)}`);
  return [...features];
}

function weightOf(feature: string): number {
  return WEIGHTS[feature.slice(0, feature.indexOf(":"))] ?? 1;
}

/** Clues that say something about what the thing is (not just how it was paid). */
function isContentFeature(feature: string): boolean {
  return (
    feature.startsWith("w:") ||
    feature.startsWith("b:") ||
    feature.startsWith("cp:") ||
    feature.startsWith("party:")
  );
}

export function createCategoriser(): TCategoriserModel {
  return { version: CATEGORISER_VERSION, classes: new Map(), vocabulary: new Map(), documents: 0 };
}

/** Adds one categorised transaction to the model (training, and every correction a person makes). */
export function learnExample(model: TCategoriserModel, example: TCategoriserExample): void {
  let counts = model.classes.get(example.categoryId);
  if (!counts) {
    counts = { kind: example.type, documents: 0, features: new Map(), total: 0 };
    model.classes.set(example.categoryId, counts);
  }
  counts.documents += 1;
  model.documents += 1;
  for (const feature of featuresOf(example)) {
    const weight = weightOf(feature);
    counts.features.set(feature, (counts.features.get(feature) ?? 0) + weight);
    counts.total += weight;
    model.vocabulary.set(feature, (model.vocabulary.get(feature) ?? 0) + 1);
  }
}

export function trainCategoriser(examples: Iterable<TCategoriserExample>): TCategoriserModel {
  const model = createCategoriser();
  for (const example of examples) learnExample(model, example);
  return model;
}

function describe(feature: string): string {
  const [family, ...rest] = feature.split(":");
  const value = rest.join(":");
  switch (family) {
    case "party":
      return "same customer or supplier";
    case "cp":
      return `counterparty "${value}"`;
    case "w":
      return `word "${value}"`;
    case "b":
      return `words "${value.replace("_", " ")}"`;
    default:
      return value;
  }
}

/**
 * The most likely category for a transaction, or null when the model knows no category of its direction.
 * `allowed` limits the answer to categories still in use (archived ones are never suggested).
 */
export function suggestCategory(
  model: TCategoriserModel,
  input: TCategoriseInput,
  allowed?: ReadonlySet<string>,
): TCategorySuggestion | null {
  const candidates = [...model.classes.entries()].filter(
    ([id, counts]) => counts.kind === input.type && (!allowed || allowed.has(id)),
  );
  if (candidates.length === 0) return null;
  const features = featuresOf(input).filter((feature) => model.vocabulary.has(feature));
  const vocabularySize = Math.max(model.vocabulary.size, 1);
  const kindDocuments = candidates.reduce((sum, [, counts]) => sum + counts.documents, 0);
  const scored = candidates.map(([categoryId, counts]) => {
    let score = Math.log((counts.documents + 1) / (kindDocuments + candidates.length));
    const contributions: [string, number][] = [];
    for (const feature of features) {
      const weight = weightOf(feature);
      const likelihood =
        ((counts.features.get(feature) ?? 0) + SMOOTHING) / (counts.total + SMOOTHING * vocabularySize);
      const contribution = weight * Math.log(likelihood);
      score += contribution;
      contributions.push([feature, contribution]);
    }
    return { categoryId, score, contributions };
  });
  scored.sort((left, right) => right.score - left.score);
  const best = scored[0];
  if (!best) return null;
  const max = best.score;
  const exps = scored.map((entry) => Math.exp(entry.score - max));
  const sum = exps.reduce((total, value) => total + value, 0);
  const probabilities = exps.map((value) => value / sum);
  const posterior = probabilities[0] ?? 0;

  // Shrink when the model recognises nothing about what the thing is, or has seen this category only once:
  // a guess from the amount and the payment method alone must not auto-apply.
  const knownContent = features.filter(isContentFeature).length;
  const bestCounts = model.classes.get(best.categoryId);
  let confidence = posterior;
  // Nothing known about the thing itself: a guess from the amount and method alone is barely worth showing.
  if (knownContent === 0) confidence *= 0.3;
  else if (knownContent === 1) confidence *= 0.9;
  if ((bestCounts?.documents ?? 0) < 2) confidence *= 0.7;

  const runnerUp = scored[1];
  const reasons = runnerUp
    ? best.contributions
        .map(
          ([feature, value], index) => [feature, value - (runnerUp.contributions[index]?.[1] ?? 0)] as const,
        )
        // People are told what the thing is about, not that it was paid by M-Pesa or of a similar size.
        .filter(([feature, margin]) => margin > 0 && isContentFeature(feature))
        .sort((left, right) => right[1] - left[1])
        .slice(0, 3)
        .map(([feature]) => describe(feature))
    : ["the only category of its kind"];
  return {
    categoryId: best.categoryId,
    confidence: Math.round(confidence * 1000) / 1000,
    reasons,
    alternatives: scored.slice(1, 3).map((entry, index) => ({
      categoryId: entry.categoryId,
      probability: Math.round((probabilities[index + 1] ?? 0) * 1000) / 1000,
    })),
  };
}
