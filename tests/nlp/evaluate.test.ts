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
