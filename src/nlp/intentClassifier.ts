import { z } from 'zod';
import { INTENTS, type Intent } from '../knowledge/vocabulary';
import { BayesClassifier, PorterStemmer } from './natural';
import type { IntentScore } from './types';

/** Schema of src/nlp/data/intents.json: training utterances grouped by intent. */
export const IntentDataSchema = z
  .object({
    $comment: z.string().optional(),
    intents: z.record(z.enum(INTENTS), z.array(z.string().min(1).max(500)).min(5)),
  })
  .superRefine((d, ctx) => {
    const seen = new Map<string, string>();
    for (const intent of INTENTS) {
      const list = d.intents[intent];
      if (!list) {
        ctx.addIssue({ code: 'custom', message: `no training utterances for ${intent}` });
        continue;
      }
      for (const text of list) {
        const key = normaliseUtterance(text);
        const prev = seen.get(key);
        if (prev !== undefined) ctx.addIssue({ code: 'custom', message: `"${text}" is listed under ${prev} and ${intent}` });
        seen.set(key, intent);
      }
    }
  });
export type IntentData = z.infer<typeof IntentDataSchema>;

/** Lower case, letters and digits only, single spaces: the key for duplicate and overlap checks. */
export function normaliseUtterance(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

const stemCache = new Map<string, string>();
function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = PorterStemmer.stem(word);
    if (stemCache.size > 50_000) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}

/**
 * Intent features: Porter stems of every word (stopwords kept: "what", "how", "after" carry intent), stem
 * bigrams, the first word and pair, a question mark, and concept markers the caller supplies
 * ("#muscle", "#area" ...). Entity words arrive already replaced by markers (xmuscle, xtechnique).
 */
export function intentFeatures(tokens: readonly string[], concepts: readonly string[]): string[] {
  const words: string[] = [];
  let question = false;
  for (const t of tokens) {
    if (t === '?') question = true;
    else if (/^[a-z0-9']+$/.test(t)) words.push(stem(t));
  }
  const feats = new Set<string>();
  for (const w of words) feats.add(w);
  for (let i = 0; i + 1 < words.length; i++) feats.add(`${words[i]}_${words[i + 1]}`);
  if (words.length > 0) feats.add(`^${words[0]}`);
  if (words.length > 1) feats.add(`^${words[0]}_${words[1]}`);
  if (words.length <= 3) feats.add('#short');
  if (question) feats.add('#q');
  for (const c of concepts) feats.add(c);
  return [...feats];
}

/** Intent ranking for one message. */
export interface IntentResult {
  ranking: IntentScore[];
  /** How many of the message's word features the model has seen in training (0: it knows none of the words). */
  knownFeatures: number;
}

/**
 * Multinomial-style naive Bayes trained with natural's BayesClassifier, then frozen into a log-probability
 * lookup: natural builds a vector over the whole vocabulary on every call, which is far too slow per message.
 * The lookup gives exactly natural's scores (same counts, smoothing and priors) in O(features).
 */
export class IntentClassifier {
  private readonly labels: Intent[];
  private readonly logPrior: Float64Array;
  private readonly logDefault: Float64Array;
  private readonly table = new Map<string, Float64Array>();

  constructor(examples: ReadonlyArray<{ features: string[]; intent: Intent }>) {
    const bayes = new BayesClassifier(undefined, 0.5);
    for (const ex of examples) if (ex.features.length > 0) bayes.addDocument(ex.features, ex.intent);
    // natural's textToFeatures does observation.indexOf for every vocabulary entry; a Set gives the same 0/1
    // vector (same vocabulary order) without the quadratic cost, so training stays well under the start-up budget.
    const vocabulary = Object.keys(bayes.features);
    bayes.textToFeatures = (observation) => {
      const present = new Set(typeof observation === 'string' ? [observation] : observation);
      return vocabulary.map((f) => (present.has(f) ? 1 : 0));
    };
    bayes.train();
    const model = bayes.classifier;
    this.labels = Object.keys(model.classFeatures) as Intent[];
    const k = this.labels.length;
    this.logPrior = new Float64Array(k);
    this.logDefault = new Float64Array(k);
    this.labels.forEach((label, c) => {
      const total = model.classTotals[label] as number;
      this.logPrior[c] = Math.log(total / model.totalExamples);
      this.logDefault[c] = Math.log(model.smoothing / total);
    });
    // natural indexes features by their position in its vocabulary (for..in order of `features`).
    let index = 0;
    for (const feature in bayes.features) {
      const row = new Float64Array(k);
      this.labels.forEach((label, c) => {
        const count = model.classFeatures[label]?.[index];
        row[c] = count ? Math.log(count / (model.classTotals[label] as number)) : (this.logDefault[c] as number);
      });
      this.table.set(feature, row);
      index++;
    }
  }

  /** Vocabulary size (distinct features seen in training). */
  get vocabularySize(): number {
    return this.table.size;
  }

  /** True when the feature occurred in training. */
  knows(feature: string): boolean {
    return this.table.has(feature);
  }

  /** Ranking with softmax confidences, tempered by feature count so long messages are not falsely certain. */
  classify(features: readonly string[]): IntentResult {
    const k = this.labels.length;
    const scores = Float64Array.from(this.logPrior);
    let known = 0;
    for (const f of features) {
      const row = this.table.get(f);
      if (!row) continue;
      // Markers (#short, #q ...) say nothing about whether the words are known.
      if (f.charCodeAt(0) !== 35) known++;
      for (let c = 0; c < k; c++) scores[c] = (scores[c] as number) + (row[c] as number);
    }
    const temperature = 1 + 0.35 * known;
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, scores[c] as number);
    let sum = 0;
    const exps = new Float64Array(k);
    for (let c = 0; c < k; c++) {
      exps[c] = Math.exp(((scores[c] as number) - max) / temperature);
      sum += exps[c] as number;
    }
    const ranking: IntentScore[] = this.labels.map((intent, c) => ({ intent, confidence: (exps[c] as number) / sum }));
    ranking.sort((a, b) => b.confidence - a.confidence);
    return { ranking, knownFeatures: known };
  }
}
