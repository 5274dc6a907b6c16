import { z } from 'zod';
import { CONTRAINDICATION_IDS, INTENTS, MUSCLE_IDS, RED_FLAG_IDS, TECHNIQUE_IDS, type Intent, type RedFlagId } from '../knowledge/vocabulary';
import type { Analysis, Explanation } from './types';

/** One labelled utterance (CONTRACT.md "Labelled utterances"). */
export const LabelledUtteranceSchema = z.object({
  text: z.string(),
  intent: z.enum(INTENTS),
  muscles: z.array(z.enum(MUSCLE_IDS)).nullable().optional(),
  techniques: z.array(z.enum(TECHNIQUE_IDS)).optional(),
  redFlags: z.array(z.enum(RED_FLAG_IDS)),
  /** Flags the text hints at: any reaction (asserted or possible) counts, and asserting one is not a false alarm. */
  possibleRedFlags: z.array(z.enum(RED_FLAG_IDS)).optional(),
  /** When present, the contraindications the text states (scored for precision and recall). */
  contraindications: z.array(z.enum(CONTRAINDICATION_IDS)).optional(),
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
  possibleRedFlags?: string[];
  contraindications?: string[];
  /** Why (printed for misses). */
  explanations?: Explanation[];
}

/** Reduces an Analysis to the classify CLI's shape (plus the explanations). */
export function toPrediction(a: Analysis): Prediction {
  return {
    intent: a.intent,
    confidence: a.confidence,
    muscles: a.muscles.map((m) => m.id),
    techniques: a.techniques,
    redFlags: a.redFlags.map((r) => r.id),
    possibleRedFlags: a.possibleRedFlags.map((r) => r.id),
    contraindications: a.contraindications.map((c) => c.id),
    explanations: a.explanations,
  };
}

export interface IntentStats {
  intent: Intent;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export type MissKind =
  | 'intent'
  | 'muscle'
  | 'muscle-null'
  | 'technique'
  | 'red-flag-missed'
  | 'red-flag-possible-only'
  | 'red-flag-false'
  | 'possible-flag-missed'
  | 'clarifying-question-false'
  | 'contraindication-missed'
  | 'contraindication-false';

export interface Miss {
  kind: MissKind;
  text: string;
  expected: string;
  predicted: string;
  /** The analysis's explanations (rule and concepts behind each output). */
  why?: string;
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
  /** Labelled flags (redFlags and possibleRedFlags) that got any reaction: asserted or possible. */
  anyReactionRecall: Rate;
  /** The same, per flag. */
  anyReactionPerFlag: Record<RedFlagId, Rate>;
  /** Labelled red flags (redFlags) asserted at once. */
  assertedRecall: Rate;
  /** Flag-free lines (no redFlags, no possibleRedFlags) given urgent advice: any asserted flag. */
  flagFreeUrgent: Rate;
  /** Flag-free lines given a clarifying question: a possible flag and no asserted one. */
  flagFreeQuestion: Rate;
  /** Over lines that label `contraindications`. */
  contraindicationPrecision: Rate;
  contraindicationRecall: Rate;
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
  let anyHit = 0;
  let anyTotal = 0;
  let assertedHit = 0;
  let assertedTotal = 0;
  let freeTotal = 0;
  let freeUrgent = 0;
  let freeQuestion = 0;
  let ciTp = 0;
  let ciPredicted = 0;
  let ciLabelled = 0;
  const anyFlagHit = Object.fromEntries(RED_FLAG_IDS.map((f) => [f, 0])) as Record<RedFlagId, number>;
  const anyFlagTotal = Object.fromEntries(RED_FLAG_IDS.map((f) => [f, 0])) as Record<RedFlagId, number>;
  const flagHit = Object.fromEntries(RED_FLAG_IDS.map((f) => [f, 0])) as Record<RedFlagId, number>;
  const flagTotal = Object.fromEntries(RED_FLAG_IDS.map((f) => [f, 0])) as Record<RedFlagId, number>;

  for (const item of items) {
    const p = predict(item.text);
    const why = (p.explanations ?? [])
      .filter((e) => e.kind !== 'muscle')
      .map((e) => `${e.kind}:${e.id} by ${e.rule} [${e.concepts.map((c) => `${c.concept}="${c.text}"`).join(', ')}]`)
      .join('; ');
    const possible = p.possibleRedFlags ?? [];
    const labelledPossible = item.possibleRedFlags ?? [];
    for (const f of [...item.redFlags, ...labelledPossible]) {
      anyTotal++;
      anyFlagTotal[f]++;
      if (p.redFlags.includes(f) || possible.includes(f)) {
        anyHit++;
        anyFlagHit[f]++;
      } else if (labelledPossible.includes(f)) {
        misses.push({ kind: 'possible-flag-missed', text: item.text, expected: f, predicted: [...p.redFlags, ...possible].join(',') || '[]', why });
      }
    }
    for (const f of item.redFlags) {
      assertedTotal++;
      if (p.redFlags.includes(f)) assertedHit++;
      else if (possible.includes(f)) misses.push({ kind: 'red-flag-possible-only', text: item.text, expected: f, predicted: `possible ${f}`, why });
    }
    if (item.redFlags.length === 0 && labelledPossible.length === 0) {
      freeTotal++;
      if (p.redFlags.length > 0) freeUrgent++;
      else if (possible.length > 0) {
        freeQuestion++;
        misses.push({ kind: 'clarifying-question-false', text: item.text, expected: '[]', predicted: possible.join(','), why });
      }
    }
    if (item.contraindications !== undefined) {
      const got = p.contraindications ?? [];
      ciLabelled += item.contraindications.length;
      ciPredicted += got.length;
      for (const c of got) {
        if ((item.contraindications as string[]).includes(c)) ciTp++;
        else misses.push({ kind: 'contraindication-false', text: item.text, expected: item.contraindications.join(',') || '[]', predicted: c, why });
      }
      for (const c of item.contraindications) if (!got.includes(c)) misses.push({ kind: 'contraindication-missed', text: item.text, expected: c, predicted: got.join(',') || '[]', why });
    }
    confusion[item.intent][p.intent]++;
    if (p.intent === item.intent) intentHits++;
    else misses.push({ kind: 'intent', text: item.text, expected: item.intent, predicted: `${p.intent} (${p.confidence.toFixed(2)})`, why: intentWhy(p) });

    if (Array.isArray(item.muscles)) {
      mTotal++;
      const first = p.muscles[0];
      if (first !== undefined && (item.muscles as string[]).includes(first)) mHit++;
      else misses.push({ kind: 'muscle', text: item.text, expected: item.muscles.join('|'), predicted: p.muscles.join(',') || '[]', why: muscleWhy(p) });
    } else if (item.muscles === null) {
      nullTotal++;
      if (p.muscles.length === 0) nullHit++;
      else misses.push({ kind: 'muscle-null', text: item.text, expected: '[]', predicted: p.muscles.join(','), why: muscleWhy(p) });
    }

    if (item.techniques && item.techniques.length > 0) {
      tTotal++;
      if (item.techniques.every((t) => p.techniques.includes(t))) tHit++;
      else misses.push({ kind: 'technique', text: item.text, expected: item.techniques.join(','), predicted: p.techniques.join(',') || '[]' });
    }

    for (const f of item.redFlags) {
      flagTotal[f]++;
      if (p.redFlags.includes(f)) flagHit[f]++;
      else if (!possible.includes(f)) misses.push({ kind: 'red-flag-missed', text: item.text, expected: f, predicted: p.redFlags.join(',') || '[]', why });
    }
    // Asserting a flag the label calls possible is no false alarm.
    const extra = p.redFlags.filter((f) => !(item.redFlags as string[]).includes(f) && !(labelledPossible as string[]).includes(f));
    if (extra.length > 0) {
      falseFlags++;
      misses.push({ kind: 'red-flag-false', text: item.text, expected: item.redFlags.join(',') || '[]', predicted: extra.join(','), why });
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
    anyReactionRecall: rate(anyHit, anyTotal),
    anyReactionPerFlag: Object.fromEntries(RED_FLAG_IDS.map((f) => [f, rate(anyFlagHit[f], anyFlagTotal[f])])) as Record<RedFlagId, Rate>,
    assertedRecall: rate(assertedHit, assertedTotal),
    flagFreeUrgent: rate(freeUrgent, freeTotal),
    flagFreeQuestion: rate(freeQuestion, freeTotal),
    contraindicationPrecision: rate(ciTp, ciPredicted),
    contraindicationRecall: rate(ciTp, ciLabelled),
    outOfScopeRecall: rate(confusion.out_of_scope.out_of_scope, perIntent.find((s) => s.intent === 'out_of_scope')?.support ?? 0),
    misses,
  };
}

function intentWhy(p: Prediction): string {
  const e = (p.explanations ?? []).find((x) => x.kind === 'intent');
  return e ? `intent by ${e.rule}${e.concepts.length ? ` [${e.concepts.map((c) => `${c.concept}="${c.text}"`).join(', ')}]` : ''}` : '';
}

function muscleWhy(p: Prediction): string {
  return (p.explanations ?? [])
    .filter((x) => x.kind === 'muscle')
    .map((e) => `${e.id} by ${e.rule} [${e.concepts.map((c) => `${c.concept}="${c.text}"`).join(', ')}]`)
    .join('; ');
}
