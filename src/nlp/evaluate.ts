import { z } from 'zod';
import { INTENTS, MUSCLE_IDS, RED_FLAG_IDS, TECHNIQUE_IDS, type Intent, type RedFlagId } from '../knowledge/vocabulary';
import type { Analysis } from './types';

/** One labelled utterance (CONTRACT.md "Labelled utterances"). */
export const LabelledUtteranceSchema = z.object({
  text: z.string(),
  intent: z.enum(INTENTS),
  muscles: z.array(z.enum(MUSCLE_IDS)).nullable().optional(),
  techniques: z.array(z.enum(TECHNIQUE_IDS)).optional(),
  redFlags: z.array(z.enum(RED_FLAG_IDS)),
});
export type LabelledUtterance = z.infer<typeof LabelledUtteranceSchema>;

/** A labelled file line that could not be read. */
export interface BadLine {
  line: number;
  error: string;
}

/** Parses JSONL text into labelled utterances; bad lines are reported, not thrown. */
export function parseLabelled(jsonl: string): { items: LabelledUtterance[]; bad: BadLine[] } {
  const items: LabelledUtterance[] = [];
  const bad: BadLine[] = [];
  jsonl.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      bad.push({ line: i + 1, error: `not JSON: ${(err as Error).message}` });
      return;
    }
    const parsed = LabelledUtteranceSchema.safeParse(value);
    if (parsed.success) items.push(parsed.data);
    else bad.push({ line: i + 1, error: parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ') });
  });
  return { items, bad };
}

/** What the scorer needs from a prediction (an `Analysis` or a classify CLI line). */
export interface Prediction {
  intent: Intent;
  confidence: number;
  muscles: string[];
  techniques: string[];
  redFlags: string[];
}

/** Reduces an Analysis to the classify CLI's shape. */
export function toPrediction(a: Analysis): Prediction {
  return {
    intent: a.intent,
    confidence: a.confidence,
    muscles: a.muscles.map((m) => m.id),
    techniques: a.techniques,
    redFlags: a.redFlags.map((r) => r.id),
  };
}

export interface IntentStats {
  intent: Intent;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export type MissKind = 'intent' | 'muscle' | 'muscle-null' | 'technique' | 'red-flag-missed' | 'red-flag-false';

export interface Miss {
  kind: MissKind;
  text: string;
  expected: string;
  predicted: string;
}

export interface Rate {
  hit: number;
  total: number;
  rate: number;
}

/** The whole scorecard, `rasa test nlu` style. */
export interface EvalReport {
  total: number;
  intentAccuracy: Rate;
  perIntent: IntentStats[];
  macroF1: number;
  /** confusion[expected][predicted] = count. */
  confusion: Record<Intent, Record<Intent, number>>;
  /** First predicted muscle among the acceptable ones, over lines with a muscle list. */
  muscleHitAt1: Rate;
  /** Lines labelled `muscles: null` where the prediction was correctly empty. */
  muscleNullCorrect: Rate;
  /** Lines whose listed techniques were all found. */
  techniqueAccuracy: Rate;
  redFlagRecall: Record<RedFlagId, Rate>;
  redFlagRecallOverall: Rate;
  /** Lines with a predicted flag that is not in the label's list. */
  falseRedFlags: Rate;
  outOfScopeRecall: Rate;
  misses: Miss[];
}

const rate = (hit: number, total: number): Rate => ({ hit, total, rate: total === 0 ? 1 : hit / total });

/** Scores predictions against labels. Pure: the CLI and the tests share it. */
export function evaluate(items: readonly LabelledUtterance[], predict: (text: string) => Prediction): EvalReport {
  const confusion = Object.fromEntries(INTENTS.map((e) => [e, Object.fromEntries(INTENTS.map((p) => [p, 0]))])) as EvalReport['confusion'];
  const misses: Miss[] = [];
  let intentHits = 0;
  let mHit = 0;
  let mTotal = 0;
  let nullHit = 0;
  let nullTotal = 0;
  let tHit = 0;
  let tTotal = 0;
  let falseFlags = 0;
  const flagHit = Object.fromEntries(RED_FLAG_IDS.map((f) => [f, 0])) as Record<RedFlagId, number>;
  const flagTotal = Object.fromEntries(RED_FLAG_IDS.map((f) => [f, 0])) as Record<RedFlagId, number>;

  for (const item of items) {
    const p = predict(item.text);
    confusion[item.intent][p.intent]++;
    if (p.intent === item.intent) intentHits++;
    else misses.push({ kind: 'intent', text: item.text, expected: item.intent, predicted: `${p.intent} (${p.confidence.toFixed(2)})` });

    if (Array.isArray(item.muscles)) {
      mTotal++;
      const first = p.muscles[0];
      if (first !== undefined && (item.muscles as string[]).includes(first)) mHit++;
      else misses.push({ kind: 'muscle', text: item.text, expected: item.muscles.join('|'), predicted: p.muscles.join(',') || '[]' });
    } else if (item.muscles === null) {
      nullTotal++;
      if (p.muscles.length === 0) nullHit++;
      else misses.push({ kind: 'muscle-null', text: item.text, expected: '[]', predicted: p.muscles.join(',') });
    }

    if (item.techniques && item.techniques.length > 0) {
      tTotal++;
      if (item.techniques.every((t) => p.techniques.includes(t))) tHit++;
      else misses.push({ kind: 'technique', text: item.text, expected: item.techniques.join(','), predicted: p.techniques.join(',') || '[]' });
    }

    for (const f of item.redFlags) {
      flagTotal[f]++;
      if (p.redFlags.includes(f)) flagHit[f]++;
      else misses.push({ kind: 'red-flag-missed', text: item.text, expected: f, predicted: p.redFlags.join(',') || '[]' });
    }
    const extra = p.redFlags.filter((f) => !(item.redFlags as string[]).includes(f));
    if (extra.length > 0) {
      falseFlags++;
      misses.push({ kind: 'red-flag-false', text: item.text, expected: item.redFlags.join(',') || '[]', predicted: extra.join(',') });
    }
  }

  const perIntent: IntentStats[] = INTENTS.map((intent) => {
    const tp = confusion[intent][intent];
    const support = INTENTS.reduce((s, p) => s + confusion[intent][p], 0);
    const predicted = INTENTS.reduce((s, e) => s + confusion[e][intent], 0);
    const precision = predicted === 0 ? (support === 0 ? 1 : 0) : tp / predicted;
    const recall = support === 0 ? 1 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { intent, precision, recall, f1, support };
  });
  const present = perIntent.filter((s) => s.support > 0);
  const totalFlags = RED_FLAG_IDS.reduce((s, f) => s + flagTotal[f], 0);
  const hitFlags = RED_FLAG_IDS.reduce((s, f) => s + flagHit[f], 0);
  return {
    total: items.length,
    intentAccuracy: rate(intentHits, items.length),
    perIntent,
    macroF1: present.length === 0 ? 0 : present.reduce((s, x) => s + x.f1, 0) / present.length,
    confusion,
    muscleHitAt1: rate(mHit, mTotal),
    muscleNullCorrect: rate(nullHit, nullTotal),
    techniqueAccuracy: rate(tHit, tTotal),
    redFlagRecall: Object.fromEntries(RED_FLAG_IDS.map((f) => [f, rate(flagHit[f], flagTotal[f])])) as Record<RedFlagId, Rate>,
    redFlagRecallOverall: rate(hitFlags, totalFlags),
    falseRedFlags: rate(falseFlags, items.length),
    outOfScopeRecall: rate(confusion.out_of_scope.out_of_scope, perIntent.find((s) => s.intent === 'out_of_scope')?.support ?? 0),
    misses,
  };
}
