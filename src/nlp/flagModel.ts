/**
 * The learned safety net for the possible tier (scripts/flagModel.ts): one logistic regression per red flag over
 * features the analyzer already has (Porter stems and stem bigrams marked by their negation / someone-else scope, a
 * question mark). No concept ids: the net must survive edits to the concept data (they moved it less in
 * cross-validation, too). When the concept layer neither asserts nor suggests a flag and the model is
 * confident for it, the analyzer adds it to `possibleRedFlags` (never to `redFlags`) with the probability and the
 * features that carried it. Trained by `scripts/flagModel.ts` into `data/flagModel.json`; thresholds were chosen by
 * leave-one-part-out cross-validation over the real-phrasing dev parts (`scripts/flagModelCv.ts`).
 */
import { z } from 'zod';
import { RED_FLAG_IDS, type RedFlagId } from '../knowledge/vocabulary';
import { wordStem as stemOf } from './intentClassifier';
import type { Scopes } from './negation';
import type { Word } from './text';
import type { Explanation } from './types';

/**
 * The model's features of one message: each word's stem, prefixed `!` when a negation governs it and `@` when it is in
 * a clause about someone else (unless a carer writes about the person); stem bigrams with the second word's mark;
 * `#q` for a question mark.
 */
export function flagModelFeatures(tokens: readonly string[], scopes: Scopes, carer: boolean | (() => boolean)): string[] {
  const out = new Set<string>();
  let carerMemo: boolean | undefined = typeof carer === 'boolean' ? carer : undefined;
  const isCarer = (): boolean => (carerMemo ??= (carer as () => boolean)());
  let prev = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    if (t === '?') out.add('#q');
    const s = stemOf(t);
    if (s === '') {
      prev = '';
      continue;
    }
    const mark = scopes.negated[i] ? '!' : scopes.other[i] && !isCarer() ? '@' : '';
    out.add(mark + s);
    if (prev !== '') out.add(`${mark}${prev}_${s}`);
    prev = s;
  }
  return [...out];
}

/** `data/flagModel.json`: per feature one weight per flag (RED_FLAG_IDS order), a bias and a threshold per flag. */
export const FlagModelSchema = z.object({
  $comment: z.string().optional(),
  flags: z.array(z.enum(RED_FLAG_IDS)),
  bias: z.array(z.number()),
  /** Probability at or above which a flag the concept layer missed becomes possible; above 1: never. */
  thresholds: z.array(z.number()),
  /** Checked by the constructor (a Zod pass over thousands of arrays cost ~70 ms of start-up). */
  weights: z.record(z.string(), z.unknown()),
});
export type FlagModelData = Omit<z.infer<typeof FlagModelSchema>, 'weights'> & { weights: Record<string, number[]> };

/** One flag the model adds: its probability and the features that pushed it most. */
export interface FlagModelHit {
  id: RedFlagId;
  p: number;
  top: Array<{ feature: string; weight: number }>;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/**
 * A stem of the model's features: its number, its word feature's row by mark ('' / '!' negated / '@' someone else's,
 * -1: no weights), and the rows of the pairs it begins by the second stem's number, by mark.
 */
export interface StemRows {
  id: number;
  word: Int32Array;
  pairs: Map<number, Int32Array> | undefined;
}

/** The trained model, compiled for scoring: a feature's weights are one lookup. */
export class FlagModel {
  readonly flags: readonly RedFlagId[];
  private readonly bias: Float64Array;
  readonly thresholds: Float64Array;
  /** Each feature's row; row r's weights are `weights[r * flags.length ...]`, its name `names[r]`. */
  private readonly rows = new Map<string, number>();
  private readonly weights: Float64Array;
  private readonly names: string[] = [];
  /**
   * The rows of `flagModelFeatures` by stem, so `likeliestOf` reads a message's features from its stems without
   * building a string per feature and looking it up.
   */
  private readonly stems = new Map<string, StemRows>();
  /** Per row, the message that last added it (`stamp`): each feature counts once, as in the feature set. */
  private readonly seen: Uint32Array;
  private stamp = 0;
  /** The row of `#q` (a question mark), -1 without one. */
  private readonly question: number;

  constructor(data: unknown) {
    const parsed = FlagModelSchema.safeParse(data);
    if (!parsed.success) throw new Error(`src/nlp/data/flagModel.json is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const d = parsed.data;
    const n = d.flags.length;
    if (d.bias.length !== n || d.thresholds.length !== n) throw new Error('src/nlp/data/flagModel.json: bias and thresholds need one value per flag');
    this.flags = d.flags;
    this.bias = Float64Array.from(d.bias);
    this.thresholds = Float64Array.from(d.thresholds);
    const features = Object.keys(d.weights);
    this.weights = new Float64Array(features.length * n);
    this.seen = new Uint32Array(features.length);
    this.question = features.indexOf('#q');
    features.forEach((f, row) => {
      const w = d.weights[f];
      if (!Array.isArray(w) || w.length !== n || !w.every(Number.isFinite)) throw new Error(`src/nlp/data/flagModel.json: feature ${f} needs ${n} numbers`);
      this.weights.set(w as number[], row * n);
      this.rows.set(f, row);
      this.names.push(f);
      const mark = f.startsWith('!') ? 1 : f.startsWith('@') ? 2 : 0;
      const [a, b, more] = f.slice(mark === 0 ? 0 : 1).split('_');
      if (a === undefined || a === '' || a.startsWith('#') || more !== undefined) return;
      const first = this.stemRows(a);
      if (b === undefined) {
        first.word[mark] = row;
        return;
      }
      const second = this.stemRows(b).id;
      let pair = (first.pairs ??= new Map()).get(second);
      if (pair === undefined) first.pairs.set(second, (pair = Int32Array.of(-1, -1, -1)));
      pair[mark] = row;
    });
  }

  private stemRows(stem: string): StemRows {
    let r = this.stems.get(stem);
    if (r === undefined) this.stems.set(stem, (r = { id: this.stems.size, word: Int32Array.of(-1, -1, -1), pairs: undefined }));
    return r;
  }

  /** The probability of each flag (in `flags` order) for a message's features. */
  probabilities(features: readonly string[]): Float64Array {
    return this.probabilitiesOf(this.rowsOf(features));
  }

  /** The likeliest flag at or above its threshold that `skip` does not hold (the concept layer's own), with its top features; null when none. */
  likeliest(features: readonly string[], skip: (id: RedFlagId) => boolean): FlagModelHit | null {
    return this.choose(this.rowsOf(features), skip);
  }

  /** `likeliest(flagModelFeatures(tokens, scopes, carer), skip)` for the words of those tokens, read from their stems. */
  likeliestOf(words: readonly Word[], scopes: Scopes, carer: () => boolean, skip: (id: RedFlagId) => boolean): FlagModelHit | null {
    const stamp = ++this.stamp;
    const rows: number[] = [];
    let prev: StemRows | null = null;
    let isCarer: boolean | undefined;
    for (let i = 0; i < words.length; i++) {
      const w = words[i] as Word;
      if (w.text === '?') this.take(this.question, stamp, rows);
      if (w.flagOf !== this) {
        w.flag = this.stemRowsOf(w.text);
        w.flagOf = this;
      }
      const here = w.flag;
      if (here !== null) {
        const mark = scopes.negated[i] ? 1 : scopes.other[i] && !(isCarer ??= carer()) ? 2 : 0;
        this.take(here.word[mark] as number, stamp, rows);
        const pair = prev?.pairs?.get(here.id);
        if (pair !== undefined) this.take(pair[mark] as number, stamp, rows);
      }
      prev = here;
    }
    return this.choose(rows, skip);
  }

  /** The rows of a token's stem; null for a non-word or a stem no feature has. */
  private stemRowsOf(token: string): StemRows | null {
    const s = stemOf(token);
    return s === '' ? null : (this.stems.get(s) ?? null);
  }

  /** Adds a row (-1: none) to the message's rows unless it has it. */
  private take(row: number, stamp: number, rows: number[]): void {
    if (row >= 0 && this.seen[row] !== stamp) {
      this.seen[row] = stamp;
      rows.push(row);
    }
  }

  /** The rows of the features the model has weights for, in order. */
  private rowsOf(features: readonly string[]): number[] {
    const rows: number[] = [];
    for (const f of features) {
      const row = this.rows.get(f);
      if (row !== undefined) rows.push(row);
    }
    return rows;
  }

  private probabilitiesOf(rows: readonly number[]): Float64Array {
    const z = this.bias.slice();
    const n = z.length;
    for (const row of rows) for (let k = 0; k < n; k++) z[k] = (z[k] as number) + (this.weights[row * n + k] as number);
    for (let k = 0; k < n; k++) z[k] = sigmoid(z[k] as number);
    return z;
  }

  private choose(rows: readonly number[], skip: (id: RedFlagId) => boolean): FlagModelHit | null {
    const p = this.probabilitiesOf(rows);
    const k = likeliestIndex(this.flags, p, this.thresholds, skip);
    if (k < 0) return null;
    const top: Array<{ feature: string; weight: number }> = [];
    for (const row of rows) {
      const w = this.weights[row * p.length + k] as number;
      if (w > 0) top.push({ feature: this.names[row] as string, weight: Math.round(w * 100) / 100 });
    }
    top.sort((a, b) => b.weight - a.weight);
    return { id: this.flags[k] as RedFlagId, p: Math.round((p[k] as number) * 1000) / 1000, top: top.slice(0, 4) };
  }
}

/**
 * The net's choice, shared by the analyzer and the threshold search (flagModelTrain.ts): the index of the likeliest
 * flag at or above its threshold that `skip` does not hold, or -1. One flag at most, so the net never asks two questions.
 */
export function likeliestIndex(ids: readonly RedFlagId[], p: ArrayLike<number>, thresholds: ArrayLike<number>, skip: (id: RedFlagId) => boolean): number {
  let best = -1;
  for (let k = 0; k < ids.length; k++) {
    const pk = p[k] as number;
    if (pk >= (thresholds[k] as number) && (best < 0 || pk > (p[best] as number)) && !skip(ids[k] as RedFlagId)) best = k;
  }
  return best;
}

/** One training example: a message's features and the flags it is positive for (labelled asserted or possible). */
export interface FlagExample {
  features: readonly string[];
  flags: ReadonlySet<RedFlagId>;
  /** When set, the example trains only these flags (a rule's example or not-example speaks for its own flag only). */
  only?: ReadonlySet<RedFlagId>;
}

export interface TrainOptions {
  /** Features seen in fewer examples are dropped. */
  minCount?: number;
  /** L2 penalty per example. */
  l2?: number;
  /** Full-batch gradient steps (AdaGrad). */
  steps?: number;
  /** Weight of a positive example (positives are rare). */
  positiveWeight?: number;
}

/**
 * Fits one L2-regularised logistic regression per flag, full batch with AdaGrad steps: deterministic, so the generated
 * file only changes when the data or the features do. Weights under 0.001 are dropped; the rest rounded to 4 places.
 */
export function trainFlagModel(examples: readonly FlagExample[], opts: TrainOptions = {}): Omit<FlagModelData, 'thresholds'> {
  const minCount = opts.minCount ?? 2;
  const l2 = opts.l2 ?? 0.01;
  const steps = opts.steps ?? 300;
  const posW = opts.positiveWeight ?? 1;
  const count = new Map<string, number>();
  for (const e of examples) for (const f of e.features) count.set(f, (count.get(f) ?? 0) + 1);
  const vocab = [...count.entries()].filter(([, c]) => c >= minCount).map(([f]) => f).sort();
  const index = new Map(vocab.map((f, i) => [f, i]));
  const rows = examples.map((e) => Int32Array.from(e.features.map((f) => index.get(f) ?? -1).filter((i) => i >= 0)));
  const flags = [...RED_FLAG_IDS];
  const n = examples.length;
  const W = flags.map(() => new Float64Array(vocab.length));
  const bias: number[] = [];
  flags.forEach((flag, k) => {
    const w = W[k] as Float64Array;
    const y = examples.map((e) => (e.flags.has(flag) ? 1 : 0));
    const use = examples.map((e) => e.only === undefined || e.only.has(flag));
    const g = new Float64Array(vocab.length);
    const h = new Float64Array(vocab.length).fill(1e-8);
    let b = 0;
    let hb = 1e-8;
    const rate = 0.5;
    for (let step = 0; step < steps; step++) {
      g.fill(0);
      let gb = 0;
      for (let i = 0; i < n; i++) {
        if (!use[i]) continue;
        const r = rows[i] as Int32Array;
        let z = b;
        for (let j = 0; j < r.length; j++) z += w[r[j] as number] as number;
        const yi = y[i] as number;
        const err = (sigmoid(z) - yi) * (yi === 1 ? posW : 1);
        gb += err;
        for (let j = 0; j < r.length; j++) g[r[j] as number] = (g[r[j] as number] as number) + err;
      }
      for (let j = 0; j < vocab.length; j++) {
        const gj = (g[j] as number) / n + l2 * (w[j] as number);
        const hj = (h[j] as number) + gj * gj;
        h[j] = hj;
        w[j] = (w[j] as number) - (rate * gj) / Math.sqrt(hj);
      }
      gb /= n;
      hb += gb * gb;
      b -= (rate * gb) / Math.sqrt(hb);
    }
    bias.push(Math.round(b * 1e4) / 1e4);
  });
  const weights: Record<string, number[]> = {};
  vocab.forEach((f, j) => {
    const ws = W.map((w) => Math.round((w[j] as number) * 1e4) / 1e4);
    if (ws.some((v) => Math.abs(v) >= 0.001)) weights[f] = ws;
  });
  return { flags, bias, weights };
}

/** What the analyzer's reading of flags holds, as far as the net needs it. */
export interface FlagReading {
  flags: ReadonlyArray<{ id: RedFlagId }>;
  possible: Array<{ id: RedFlagId; evidence: string }>;
  negated: readonly string[];
  hypothetical: readonly RedFlagId[];
  explanations: Explanation[];
}

/**
 * The analyzer's hook, a safety net for silence: only when the concept layer raised nothing at all (no flag asserted
 * or possible) it adds to `red.possible` the likeliest flag the model is confident for that the concept layer did not
 * see denied, asked about or dismiss (someone else's, positional, on purpose), with an explanation (probability and top
 * features). Never removes. `likeliest` (the model over the message) is called only then.
 */
export function addModelFlags(likeliest: (skip: (id: RedFlagId) => boolean) => FlagModelHit | null, red: FlagReading, dismissed: ReadonlyMap<RedFlagId, unknown>): void {
  if (red.flags.length > 0 || red.possible.length > 0) return;
  const h = likeliest((id) => red.negated.includes(id) || red.hypothetical.includes(id) || dismissed.has(id));
  if (h === null) return;
  red.possible.push({ id: h.id, evidence: '' });
  red.explanations.push({
    kind: 'possibleRedFlag',
    id: h.id,
    rule: `flagModel p=${h.p}`,
    concepts: h.top.map((t) => ({ concept: 'feature', text: `${t.feature} +${t.weight}` })),
  });
}
