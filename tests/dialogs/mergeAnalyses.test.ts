import { describe, expect, it } from 'vitest';
import { looksLikeNerveRoot, mergeAnalyses } from '../../src/dialogs/mergeAnalyses';
import { fakeAnalyzer } from './fakeAnalyzer';

const a = fakeAnalyzer();

describe('mergeAnalyses', () => {
  it('unites features and combines muscle evidence', () => {
    const m = mergeAnalyses(a.analyze('my bum hurts'), a.analyze('worse when I sit'));
    expect(m.features.locations).toEqual(['buttock']);
    expect(m.features.aggravators).toEqual(['sitting']);
    expect(m.muscles.map((x) => x.id)).toContain('piriformis');
  });

  it('an assertion anywhere wins over a denial, and red flags are united', () => {
    const m = mergeAnalyses(a.analyze('it does not go below my knee'), a.analyze('pins and needles in my calf'), a.analyze('I had cancer'));
    expect(m.features.belowKnee).toBe(true);
    expect(m.nerveRootPattern).toBe(true);
    expect(m.redFlags.map((f) => f.id)).toEqual(['cancer']);
  });

  it('nerve-root picture from features', () => {
    const f = a.analyze('it hurts when I cough').features;
    expect(looksLikeNerveRoot(f)).toBe(true);
    expect(looksLikeNerveRoot(a.analyze('my bum hurts').features)).toBe(false);
  });
});
