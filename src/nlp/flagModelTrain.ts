/**
 * Training and honest threshold choice for the flag model (flagModel.ts), shared by `scripts/flagModel.ts` and the
 * stale-check test. Positives for flag F: lines labelled with F in `redFlags` or `possibleRedFlags`.
 *
 * Thresholds come from leave-one-part-out cross-validation over the real-phrasing dev parts: each part is scored by a
 * model trained on the other parts plus the written-here sets, and per-flag thresholds are picked greedily (most
 * flags caught per flag-free line asked) while the flag-free question rate stays within a budget.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RED_FLAG_IDS, type RedFlagId } from '../knowledge/vocabulary';
import { TextAnalyzer } from './analyzer';
import { parseLabelled } from './evaluate';
import { likeliestIndex, trainFlagModel, FlagModel, type FlagExample, type FlagModelData, type TrainOptions } from './flagModel';

const DATA = resolve(__dirname, '../../tests/nlp/data');
/** The real-phrasing dev parts: cross-validation folds. Never the real-test parts, never real-dev6 (the calibration part, scored only). real-dev7..9 joined in the third session (recall4). */
export const DEV_PARTS = ['real-dev', 'real-dev2', 'real-dev3', 'real-dev4', 'real-dev5', 'real-dev7', 'real-dev8', 'real-dev9'] as const;
/** Written-here sets: always in training (heldout.jsonl stays out: it is a regression check). */
export const WRITTEN_SETS = ['dev', 'dev2', 'blind-a', 'blind-b', 'blind-c'] as const;

/** Chosen by the nested cross-validation (docs/nlu.md, "Flag model"): more L2 and no up-weighting of positives asked fewer flag-free questions per catch. */
export const TRAIN_OPTIONS: TrainOptions = { minCount: 2, l2: 0.01, steps: 200, positiveWeight: 1 };
/** The flag-free question rate (concept layer plus net) the thresholds may reach on the dev parts: at 0.08 the nested cross-validation caught 2 more flags for 10 more questions than here. */
export const QUESTION_BUDGET = 0.06;
/** The dev part the shipped thresholds are chosen on: the concept rules were not tuned on it and the net never trains on it. */
export const CALIBRATION_PART = 'real-dev6';
/** The limit on flag-free lines given a clarifying question, for the calibration part. */
export const CALIBRATION_BUDGET = 0.1;
/**
 * The least a threshold step must buy: new reactions per new flag-free question (+0.5). One more caught flag is worth a
 * few needless questions, not dozens: without this floor a flag whose extra catches cost 20+ questions each ("my leg
 * hurts when I walk" asked about weakness) was switched on because the overall budget still had room.
 */
export const MIN_CATCH_PER_QUESTION = 1 / 3;

/** One labelled line as the net sees it: features, labels, and what the concept layer alone did with it. */
export interface Line extends FlagExample {
  part: string;
  /** No flag labelled at all. */
  free: boolean;
  /** The concept layer asserted something (urgent advice). */
  urgent: boolean;
  /** The concept layer asked about something (possible flag). */
  asked: boolean;
  /** Flags the concept layer already reacts to, denies, sees asked about or dismisses: the net never adds these. */
  known: ReadonlySet<RedFlagId>;
  /** Flags the concept layer reacts to (asserted or possible). */
  reacted: ReadonlySet<RedFlagId>;
}

/** Reads the training files through an analyzer with the net off. */
export function loadLines(parts: readonly string[] = [...DEV_PARTS, ...WRITTEN_SETS]): Line[] {
  const analyzer = new TextAnalyzer({ flagModel: null });
  const out: Line[] = [];
  for (const part of parts) {
    const { items } = parseLabelled(readFileSync(resolve(DATA, `${part}.jsonl`), 'utf8'));
    for (const item of items) {
      const a = analyzer.analyze(item.text);
      const flags = new Set<RedFlagId>([...item.redFlags, ...(item.possibleRedFlags ?? [])]);
      const reacted = new Set<RedFlagId>([...a.redFlags.map((f) => f.id), ...a.possibleRedFlags.map((f) => f.id)]);
      const input = analyzer.flagModelInput(item.text);
      const known = new Set<RedFlagId>([
        ...reacted,
        ...a.askedAboutRedFlags,
        ...a.negated.filter((n): n is RedFlagId => (RED_FLAG_IDS as readonly string[]).includes(n)),
        ...input.dismissed,
      ]);
      out.push({
        part,
        features: input.features,
        flags,
        free: flags.size === 0,
        urgent: a.redFlags.length > 0,
        asked: a.possibleRedFlags.length > 0,
        known,
        reacted,
      });
    }
  }
  return out;
}

/**
 * The flag rules' own `examples` (positive) and `notExamples` (negative), each for its rule's flag only: written-here
 * data that says what the possible tier must and must not raise ("my foot goes numb when I sit cross legged").
 */
export function ruleExamples(): FlagExample[] {
  const analyzer = new TextAnalyzer({ flagModel: null });
  const out: FlagExample[] = [];
  for (const rule of analyzer.concepts.rules) {
    if (!rule.flag) continue;
    const only = new Set<RedFlagId>([rule.flag]);
    for (const text of rule.examples) out.push({ features: analyzer.flagModelInput(text).features, flags: only, only });
    for (const text of rule.notExamples) out.push({ features: analyzer.flagModelInput(text).features, flags: new Set(), only });
  }
  return out;
}

let rulesMemo: FlagExample[] | undefined;

/** Trains on lines plus the rules' examples; thresholds default to "never" (above 1). */
export function trainOn(lines: readonly Line[], thresholds?: readonly number[]): FlagModelData {
  const m = trainFlagModel([...lines, ...(rulesMemo ??= ruleExamples())], TRAIN_OPTIONS);
  return { ...m, thresholds: thresholds ? [...thresholds] : m.flags.map(() => 2) };
}

/** Probabilities per line (RED_FLAG_IDS order) from a model. */
export function scoreLines(model: FlagModelData, lines: readonly Line[]): Float64Array[] {
  const m = new FlagModel(model);
  return lines.map((l) => m.probabilities(l.features));
}

/** Before/after figures of a part with given thresholds. */
export interface Figures {
  anyTotal: number;
  anyBefore: number;
  anyAfter: number;
  freeTotal: number;
  questionBefore: number;
  questionAfter: number;
  urgent: number;
  perFlag: Record<RedFlagId, { total: number; before: number; after: number; added: number; wrongAdded: number }>;
}

/** What the net adds to each line at these thresholds: the analyzer's rule (addModelFlags) on the line's probabilities. */
function added(line: Line, p: Float64Array, thresholds: readonly number[]): RedFlagId[] {
  if (line.reacted.size > 0) return [];
  const k = likeliestIndex(RED_FLAG_IDS, p, thresholds, (id) => line.known.has(id));
  return k < 0 ? [] : [RED_FLAG_IDS[k] as RedFlagId];
}

export function figures(lines: readonly Line[], probs: readonly Float64Array[], thresholds: readonly number[]): Figures {
  const perFlag = Object.fromEntries(RED_FLAG_IDS.map((f) => [f, { total: 0, before: 0, after: 0, added: 0, wrongAdded: 0 }])) as Figures['perFlag'];
  const r: Figures = { anyTotal: 0, anyBefore: 0, anyAfter: 0, freeTotal: 0, questionBefore: 0, questionAfter: 0, urgent: 0, perFlag };
  lines.forEach((l, i) => {
    const add = added(l, probs[i] as Float64Array, thresholds);
    for (const f of add) {
      perFlag[f].added++;
      if (!l.flags.has(f)) perFlag[f].wrongAdded++;
    }
    for (const f of l.flags) {
      r.anyTotal++;
      perFlag[f].total++;
      const before = l.reacted.has(f);
      const after = before || add.includes(f);
      if (before) {
        r.anyBefore++;
        perFlag[f].before++;
      }
      if (after) {
        r.anyAfter++;
        perFlag[f].after++;
      }
    }
    if (l.free) {
      r.freeTotal++;
      if (l.urgent) r.urgent++;
      else {
        if (l.asked) r.questionBefore++;
        if (l.asked || add.length > 0) r.questionAfter++;
      }
    }
  });
  return r;
}

/**
 * Per-flag thresholds from out-of-fold probabilities: starting from "never", repeatedly lowers the one flag's threshold
 * to the next labelled positive that buys the most new reactions per new flag-free question, while the flag-free
 * question rate stays within `budget` and each step buys at least `MIN_CATCH_PER_QUESTION`. Each threshold sits halfway between the last positive taken and the next
 * probability below it, and never under `floor`.
 */
export function chooseThresholds(lines: readonly Line[], probs: readonly Float64Array[], budget = QUESTION_BUDGET, floor = 0.15): number[] {
  const K = RED_FLAG_IDS.length;
  const th: number[] = RED_FLAG_IDS.map(() => 2);
  const freeIdx = lines.map((l, i) => (l.free && !l.urgent ? i : -1)).filter((i) => i >= 0);
  const freeTotal = lines.filter((l) => l.free).length;
  const baseAsked = lines.filter((l) => l.free && !l.urgent && l.asked).length;
  // Candidate thresholds per flag: probabilities of positives the concept layer misses, high to low.
  const cands = RED_FLAG_IDS.map((f, k) =>
    lines
      .map((l, i) => (l.flags.has(f) && !l.known.has(f) ? ((probs[i] as Float64Array)[k] as number) : -1))
      .filter((p) => p >= floor)
      .sort((a, b) => b - a),
  );
  const askedAt = (t: readonly number[]): number => {
    let n = baseAsked;
    for (const i of freeIdx) {
      const l = lines[i] as Line;
      if (!l.asked && added(l, probs[i] as Float64Array, t).length > 0) n++;
    }
    return n;
  };
  const gainAt = (t: readonly number[]): number => figures(lines, probs, t).anyAfter;
  let asked = askedAt(th);
  let gain = gainAt(th);
  for (;;) {
    let best: { k: number; t: number; ratio: number; asked: number; gain: number } | null = null;
    for (let k = 0; k < K; k++) {
      const current = th[k] as number;
      const next = (cands[k] as number[]).filter((p) => p < current).slice(0, 6);
      for (const p of next) {
        const t = [...th];
        t[k] = p;
        const g = gainAt(t) - gain;
        if (g <= 0) continue;
        const a = askedAt(t);
        if (a / freeTotal > budget) continue;
        const ratio = g / (a - asked + 0.5);
        if (ratio < MIN_CATCH_PER_QUESTION) continue;
        if (best === null || ratio > best.ratio) best = { k, t: p, ratio, asked: a, gain: g + gain };
      }
    }
    if (best === null) break;
    th[best.k] = best.t;
    asked = best.asked;
    gain = best.gain;
  }
  // Halfway down to the next probability below, so a near miss on fresh data is still caught.
  return th.map((t, k) => {
    if (t > 1) return 2;
    let below = floor;
    lines.forEach((l, i) => {
      const p = (probs[i] as Float64Array)[k] as number;
      if (!l.known.has(RED_FLAG_IDS[k] as RedFlagId) && p < t && p > below) below = p;
    });
    return Math.round(((t + below) / 2) * 1000) / 1000;
  });
}

/** Out-of-fold probabilities by leave-one-part-out over `parts` (the written sets always train). */
export function outOfFold(lines: readonly Line[], parts: readonly string[]): { lines: Line[]; probs: Float64Array[] } {
  const outLines: Line[] = [];
  const probs: Float64Array[] = [];
  for (const held of parts) {
    const train = lines.filter((l) => l.part !== held && (parts.includes(l.part) || (WRITTEN_SETS as readonly string[]).includes(l.part)));
    const test = lines.filter((l) => l.part === held);
    const m = trainOn(train);
    outLines.push(...test);
    probs.push(...scoreLines(m, test));
  }
  return { lines: outLines, probs };
}

/** Thresholds in RED_FLAG_IDS order from a shipped file (a flag the file leaves out is off). */
export function fullThresholds(file: Pick<FlagModelData, 'flags' | 'thresholds'>): number[] {
  return RED_FLAG_IDS.map((id) => {
    const k = file.flags.indexOf(id);
    return k < 0 ? 2 : (file.thresholds[k] as number);
  });
}

/**
 * The text of `data/flagModel.json`, one feature per line so a diff reads. Only the flags with a threshold are kept
 * (the others never fire), and features whose kept weights are all under 0.005 are dropped: half the file, same output.
 */
export function flagModelFile(full: FlagModelData): string {
  const keep = full.thresholds.map((t, k) => (t <= 1 ? k : -1)).filter((k) => k >= 0);
  const pick = <T>(xs: readonly T[]): T[] => keep.map((k) => xs[k] as T);
  const model = { flags: pick(full.flags), bias: pick(full.bias), thresholds: pick(full.thresholds) };
  const body = Object.entries(full.weights)
    .map(([f, w]) => [f, pick(w)] as const)
    .filter(([, w]) => w.some((v) => Math.abs(v) >= 0.005))
    .map(([f, w]) => `    ${JSON.stringify(f)}: ${JSON.stringify(w)}`)
    .join(',\n');
  return [
    '{',
    '  "$comment": "Generated by scripts/flagModel.ts from the real-dev parts and the written-here sets (logistic regression per flag; thresholds by leave-one-part-out cross-validation). Do not edit.",',
    `  "flags": ${JSON.stringify(model.flags)},`,
    `  "bias": ${JSON.stringify(model.bias)},`,
    `  "thresholds": ${JSON.stringify(model.thresholds)},`,
    `  "weights": {\n${body}\n  }`,
    '}',
    '',
  ].join('\n');
}
