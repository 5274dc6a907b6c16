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

/** A token that becomes a word feature. */
const WORD_TOKEN = /^[a-z0-9']+$/;
const HASH = 35;
/** `tokenIds` value of a token that is not a word ("?", ","). */
const NOT_WORD = -2;
const TOKEN_CACHE_LIMIT = 50_000;

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
    else if (WORD_TOKEN.test(t)) words.push(stem(t));
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
  /**
   * Every feature's row of log-probabilities (one per label), end to end in one array: rows are referred to by their
   * offset, so adding one to the scores reads one contiguous block instead of following a typed array per feature.
   */
  private readonly weights: Float64Array;
  /** Offset in `weights` of each feature's row. */
  private readonly table = new Map<string, number>();
  /** The rows of the markers ("#short", "#area" ...): a handful, looked up on every message. */
  private readonly markers = new Map<string, number>();
  /**
   * The same table indexed without building feature strings: word stems get ids, and bigram and first-pair rows are
   * found by id pair. Null when some feature does not decompose into known words (then `classifyTokens` builds strings).
   */
  private readonly byId: {
    wordId: Map<string, number>;
    /** Row offset per word id. */
    wordRows: Int32Array;
    pairs: Map<number, number>;
    first: Map<number, number>;
    firstPairs: Map<number, number>;
    seen: Int32Array;
    stamp: number;
  } | null;
  /**
   * Word id per token as `classifyTokens` reads it (NOT_WORD for punctuation and other non-words, -1 for a word the
   * model never saw): one lookup instead of a regex test, a stem and an id lookup for every token. Bounded.
   */
  private readonly tokenIds = new Map<string, number>();
  /** Scratch score and softmax buffers: a fresh typed array per message costs more than the sums themselves. */
  private readonly scores: Float64Array;
  private readonly exps: Float64Array;

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
    this.weights = new Float64Array(vocabulary.length * k);
    let index = 0;
    for (const feature in bayes.features) {
      const offset = index * k;
      this.labels.forEach((label, c) => {
        const count = model.classFeatures[label]?.[index];
        this.weights[offset + c] = count ? Math.log(count / (model.classTotals[label] as number)) : (this.logDefault[c] as number);
      });
      this.table.set(feature, offset);
      if (feature.charCodeAt(0) === HASH) this.markers.set(feature, offset);
      index++;
    }
    this.byId = this.indexById();
    this.scores = new Float64Array(k);
    this.exps = new Float64Array(k);
  }

  private indexById(): IntentClassifier['byId'] {
    const wordId = new Map<string, number>();
    const wordRows: number[] = [];
    for (const [f, row] of this.table) {
      const c = f.charCodeAt(0);
      if (c === HASH || c === 94 || f.includes('_')) continue;
      if (!WORD_TOKEN.test(f) && f.length > 0) return null;
      wordId.set(f, wordRows.length);
      wordRows.push(row);
    }
    const n = wordRows.length;
    const pairId = (a: string | undefined, b: string | undefined): number | undefined => {
      const ia = a === undefined ? undefined : wordId.get(a);
      const ib = b === undefined ? undefined : wordId.get(b);
      return ia === undefined || ib === undefined ? undefined : ia * n + ib;
    };
    const pairs = new Map<number, number>();
    const first = new Map<number, number>();
    const firstPairs = new Map<number, number>();
    for (const [f, row] of this.table) {
      const c = f.charCodeAt(0);
      if (c === HASH) continue;
      const body = c === 94 ? f.slice(1) : f;
      const parts = body.split('_');
      if (parts.length === 1 && c !== 94) continue;
      // Any feature that is not a word, word pair, ^word or ^word pair over known words: keep the string path.
      let key: number | undefined;
      if (parts.length === 1) key = wordId.get(body);
      else if (parts.length === 2) key = pairId(parts[0], parts[1]);
      if (key === undefined) return null;
      if (c === 94) (parts.length === 1 ? first : firstPairs).set(key, row);
      else pairs.set(key, row);
    }
    return { wordId, wordRows: Int32Array.from(wordRows), pairs, first, firstPairs, seen: new Int32Array(n), stamp: 0 };
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
    const scores = this.scores;
    scores.set(this.logPrior);
    let known = 0;
    for (const f of features) {
      const row = this.table.get(f);
      if (row === undefined) continue;
      // Markers (#short, #q ...) say nothing about whether the words are known.
      if (f.charCodeAt(0) !== HASH) known++;
      addRow(scores, this.weights, row, k);
    }
    return this.rank(scores, known);
  }

  /**
   * Exactly `classify(intentFeatures(tokens, concepts))`, without building the feature strings: rows are looked up by
   * word id and added in the same order (words, pairs, first word, first pair, #short, #q, concepts), so the sums are
   * bit for bit the same. Features the model never saw add nothing in either path.
   */
  classifyTokens(tokens: readonly string[], concepts: readonly string[]): IntentResult {
    const ix = this.byId;
    let plainConcepts = true;
    for (const c of concepts) if (c.charCodeAt(0) !== HASH) plainConcepts = false;
    if (ix === null || !plainConcepts) return this.classify(intentFeatures(tokens, concepts));
    const k = this.labels.length;
    const weights = this.weights;
    const scores = this.scores;
    scores.set(this.logPrior);
    let known = 0;
    const stamp = ++ix.stamp;
    const ids: number[] = [];
    let question = false;
    for (const t of tokens) {
      if (t === '?') {
        question = true;
        continue;
      }
      let id = this.tokenIds.get(t);
      if (id === undefined) {
        id = WORD_TOKEN.test(t) ? (ix.wordId.get(stem(t)) ?? -1) : NOT_WORD;
        if (this.tokenIds.size >= TOKEN_CACHE_LIMIT) this.tokenIds.clear();
        this.tokenIds.set(t, id);
      }
      if (id === NOT_WORD) continue;
      ids.push(id);
      if (id >= 0 && ix.seen[id] !== stamp) {
        ix.seen[id] = stamp;
        known++;
        addRow(scores, weights, ix.wordRows[id] as number, k);
      }
    }
    const n = ix.wordRows.length;
    // Known pairs added so far (a message repeats few): a short list, a Set once it grows.
    const added: number[] = [];
    let addedSet: Set<number> | null = null;
    for (let i = 0; i + 1 < ids.length; i++) {
      const a = ids[i] as number;
      const b = ids[i + 1] as number;
      if (a < 0 || b < 0) continue;
      const key = a * n + b;
      const row = ix.pairs.get(key);
      if (row === undefined) continue;
      if (addedSet !== null ? addedSet.has(key) : added.includes(key)) continue;
      added.push(key);
      if (addedSet !== null) addedSet.add(key);
      else if (added.length > 32) addedSet = new Set(added);
      known++;
      addRow(scores, weights, row, k);
    }
    const w0 = ids[0] ?? -1;
    const w1 = ids[1] ?? -1;
    if (w0 >= 0) {
      const row = ix.first.get(w0);
      if (row !== undefined) {
        known++;
        addRow(scores, weights, row, k);
      }
      if (w1 >= 0) {
        const pair = ix.firstPairs.get(w0 * n + w1);
        if (pair !== undefined) {
          known++;
          addRow(scores, weights, pair, k);
        }
      }
    }
    const extra: string[] = [];
    if (ids.length <= 3) extra.push('#short');
    if (question) extra.push('#q');
    for (const c of concepts) if (!extra.includes(c)) extra.push(c);
    for (const f of extra) {
      // Concept markers are never words, pairs or first words (they start with #), so they cannot repeat those.
      const row = this.markers.get(f);
      if (row === undefined) continue;
      if (f.charCodeAt(0) !== HASH) known++;
      addRow(scores, weights, row, k);
    }
    return this.rank(scores, known);
  }

  private rank(scores: Float64Array, known: number): IntentResult {
    const k = this.labels.length;
    const temperature = 1 + 0.35 * known;
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, scores[c] as number);
    let sum = 0;
    const exps = this.exps;
    for (let c = 0; c < k; c++) {
      exps[c] = Math.exp(((scores[c] as number) - max) / temperature);
      sum += exps[c] as number;
    }
    // Best first, ties in label order: a stable insertion sort, cheaper than Array#sort for nine entries.
    const ranking: IntentScore[] = [];
    for (let c = 0; c < k; c++) {
      const entry: IntentScore = { intent: this.labels[c] as Intent, confidence: (exps[c] as number) / sum };
      let j = c;
      while (j > 0 && (ranking[j - 1] as IntentScore).confidence < entry.confidence) {
        ranking[j] = ranking[j - 1] as IntentScore;
        j--;
      }
      ranking[j] = entry;
    }
    return { ranking, knownFeatures: known };
  }
}

function addRow(scores: Float64Array, weights: Float64Array, row: number, k: number): void {
  for (let c = 0; c < k; c++) scores[c] = (scores[c] as number) + (weights[row + c] as number);
}
