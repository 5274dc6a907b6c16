import { describe, expect, it } from 'vitest';
import { evaluate, parseLabelled, type Prediction } from '../../src/nlp/evaluate';

const pred = (p: Partial<Prediction>): Prediction => ({ intent: 'symptom', confidence: 0.9, muscles: [], techniques: [], redFlags: [], ...p });

describe('parseLabelled', () => {
  it('reads good lines and reports bad ones without throwing', () => {
    const { items, bad } = parseLabelled(
      ['{"text":"hi","intent":"greeting","redFlags":[]}', '', '{not json', '{"text":"x","intent":"nope","redFlags":[]}'].join('\n'),
    );
    expect(items).toHaveLength(1);
    expect(bad.map((b) => b.line)).toEqual([3, 4]);
  });
});

describe('evaluate', () => {
  const items = parseLabelled(
    [
      { text: 'a', intent: 'symptom', muscles: ['piriformis', 'glutes'], redFlags: [] },
      { text: 'b', intent: 'symptom', muscles: null, redFlags: ['fever'] },
      { text: 'c', intent: 'technique_info', techniques: ['cupping'], redFlags: [] },
      { text: 'd', intent: 'out_of_scope', redFlags: [] },
    ]
      .map((x) => JSON.stringify(x))
      .join('\n'),
  ).items;
  const answers: Record<string, Prediction> = {
    a: pred({ muscles: ['glutes', 'piriformis'] }),
    b: pred({ muscles: ['glutes'], redFlags: ['fever', 'trauma'] }),
    c: pred({ intent: 'muscle_info', techniques: [] }),
    d: pred({ intent: 'out_of_scope' }),
  };
  const report = evaluate(items, (t) => answers[t] as Prediction);

  it('scores intents with precision, recall, F1 and a confusion table', () => {
    expect(report.intentAccuracy).toEqual({ hit: 3, total: 4, rate: 0.75 });
    const tech = report.perIntent.find((s) => s.intent === 'technique_info');
    expect(tech).toMatchObject({ recall: 0, support: 1 });
    expect(report.confusion.technique_info.muscle_info).toBe(1);
    expect(report.outOfScopeRecall.rate).toBe(1);
  });

  it('scores muscles, null muscles, techniques and red flags', () => {
    expect(report.muscleHitAt1).toEqual({ hit: 1, total: 1, rate: 1 });
    expect(report.muscleNullCorrect).toEqual({ hit: 0, total: 1, rate: 0 });
    expect(report.techniqueAccuracy.rate).toBe(0);
    expect(report.redFlagRecall.fever.rate).toBe(1);
    expect(report.redFlagRecallOverall.rate).toBe(1);
    expect(report.falseRedFlags).toEqual({ hit: 1, total: 4, rate: 0.25 });
  });

  it('lists every miss', () => {
    expect(report.misses.map((m) => m.kind).sort()).toEqual(['intent', 'muscle-null', 'red-flag-false', 'technique']);
  });
});

describe('evaluate: the two red-flag tiers and contraindications', () => {
  const items = [
    { text: 'a', intent: 'symptom' as const, redFlags: ['bilateral' as const] },
    { text: 'b', intent: 'symptom' as const, redFlags: ['fever' as const] },
    { text: 'c', intent: 'symptom' as const, redFlags: [], possibleRedFlags: ['leg-weakness' as const] },
    { text: 'd', intent: 'symptom' as const, redFlags: [], contraindications: ['pregnancy' as const] },
    { text: 'e', intent: 'symptom' as const, redFlags: [] },
    { text: 'f', intent: 'symptom' as const, redFlags: [] },
  ];
  const predictions: Record<string, { redFlags: string[]; possibleRedFlags: string[]; contraindications: string[] }> = {
    a: { redFlags: ['bilateral'], possibleRedFlags: [], contraindications: [] },
    b: { redFlags: [], possibleRedFlags: ['fever'], contraindications: [] },
    c: { redFlags: ['leg-weakness'], possibleRedFlags: [], contraindications: [] },
    d: { redFlags: [], possibleRedFlags: [], contraindications: ['pregnancy', 'blood-thinners'] },
    e: { redFlags: ['trauma'], possibleRedFlags: [], contraindications: [] },
    f: { redFlags: [], possibleRedFlags: ['cancer'], contraindications: [] },
  };
  const r = evaluate(items, (t) => ({ intent: 'symptom', confidence: 1, muscles: [], techniques: [], ...(predictions[t] as (typeof predictions)['a']) }));

  it('counts any reaction (asserted or possible) and asserted at once apart', () => {
    expect(r.anyReactionRecall).toMatchObject({ hit: 3, total: 3 });
    expect(r.assertedRecall).toMatchObject({ hit: 1, total: 2 });
    expect(r.anyReactionPerFlag.fever).toMatchObject({ hit: 1, total: 1 });
  });

  it('scores flag-free lines given urgent advice or a clarifying question; asserting a labelled possible flag is no false alarm', () => {
    expect(r.flagFreeUrgent).toMatchObject({ hit: 1, total: 3 });
    expect(r.flagFreeQuestion).toMatchObject({ hit: 1, total: 3 });
    expect(r.misses.filter((m) => m.kind === 'red-flag-false').map((m) => m.text)).toEqual(['e']);
  });

  it('scores contraindications only where labelled', () => {
    expect(r.contraindicationPrecision).toMatchObject({ hit: 1, total: 2 });
    expect(r.contraindicationRecall).toMatchObject({ hit: 1, total: 1 });
  });
});
