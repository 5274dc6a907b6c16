import { describe, expect, it } from 'vitest';
import { MAX_EVIDENCE, MAX_PHRASE_LENGTH, MAX_REASONS, addFindings, findingsOf, isNerveRoot, looksLikeNerveRoot, rankedMuscles } from '../../src/triage/findings';
import { fakeAnalyzer } from '../dialogs/fakeAnalyzer';

const a = fakeAnalyzer();
const fold = (...texts: string[]) => texts.slice(1).reduce((f, t) => addFindings(f, a.analyze(t)), findingsOf(a.analyze(texts[0]!)));

describe('findings', () => {
  it('unites features and combines muscle evidence', () => {
    const f = fold('my bum hurts', 'worse when I sit');
    expect(f.locations).toEqual(['buttock']);
    expect(f.aggravators).toEqual(['sitting']);
    expect(f.muscles.map((x) => x.id)).toContain('piriformis');
  });

  it('an assertion anywhere wins over a denial', () => {
    const f = fold('it does not go below my knee', 'pins and needles in my calf');
    expect(f.belowKnee).toBe(true);
    expect(isNerveRoot(f)).toBe(true);
  });

  it('nerve-root picture from features', () => {
    expect(looksLikeNerveRoot(a.analyze('it hurts when I cough').features)).toBe(true);
    expect(looksLikeNerveRoot(a.analyze('my bum hurts').features)).toBe(false);
  });

  it('scores combine as independent evidence (noisy-or) and rank highest first', () => {
    const once = findingsOf(a.analyze('my bum hurts'));
    const twice = fold('my bum hurts', 'my butt aches');
    const glutes = (f: typeof once) => f.muscles.find((m) => m.id === 'glutes')!.score;
    expect(glutes(twice)).toBeCloseTo(1 - (1 - glutes(once)) ** 2);
    const ranked = rankedMuscles(fold('my low back hurts', 'my bum hurts when I sit'));
    expect(ranked.map((m) => m.score)).toEqual([...ranked.map((m) => m.score)].sort((x, y) => y - x));
  });

  it('keeps only a few short quotes per muscle, whatever the person types', () => {
    const long = {
      analyze(text: string) {
        const base = a.analyze(text);
        return { ...base, muscles: base.muscles.map((m) => ({ ...m, evidence: [text, `${text} again`, 'one', 'two'], reasons: ['r1', 'r2', 'r3'] })) };
      },
    };
    const text = `my bum hurts ${'and so on '.repeat(500)}`;
    const f = addFindings(findingsOf(long.analyze(text)), long.analyze(`${text} more`));
    for (const m of f.muscles) {
      expect(m.evidence.length).toBeLessThanOrEqual(MAX_EVIDENCE);
      expect(m.reasons.length).toBeLessThanOrEqual(MAX_REASONS);
      for (const e of m.evidence) expect(e.length).toBeLessThanOrEqual(MAX_PHRASE_LENGTH);
    }
    expect(JSON.stringify(f).length).toBeLessThan(1000);
  });
});
