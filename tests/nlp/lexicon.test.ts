import { describe, expect, it } from 'vitest';
import lexiconJson from '../../src/nlp/data/lexicon.json';
import { PatternSet, compileLexicon } from '../../src/nlp/lexicon';
import { seededRandom } from './seededRandom';

describe('lexicon data', () => {
  it('validates and compiles', () => {
    const lex = compileLexicon();
    expect(lex.muscles.scan('my pririformis').length).toBe(0);
    expect(lex.muscles.scan('my piriformis and ql').map((h) => h.id)).toEqual(['piriformis', 'quadratus-lumborum']);
  });

  it('rejects a capturing group, a bad regex and a missing muscle', () => {
    const bad = structuredClone(lexiconJson) as unknown as Record<string, Record<string, string[]>>;
    (bad.areas as Record<string, string[]>).buttock = ['(bum)'];
    expect(() => compileLexicon(bad)).toThrow(/capturing group/);
    (bad.areas as Record<string, string[]>).buttock = ['bum('];
    expect(() => compileLexicon(bad)).toThrow(/bad regex/);
    const noMuscle = structuredClone(lexiconJson) as unknown as { muscles: Record<string, unknown> };
    delete noMuscle.muscles.piriformis;
    expect(() => compileLexicon(noMuscle)).toThrow(/invalid/);
  });
});

describe('PatternSet', () => {
  const set = new PatternSet([
    ['low-back', ['back']],
    ['thigh-back', ['back of (?:my )?thigh']],
  ]);

  it('prefers the longest, most specific phrase and respects word boundaries', () => {
    expect(set.scan('the back of my thigh and my back').map((h) => [h.id, h.text])).toEqual([
      ['thigh-back', 'back of my thigh'],
      ['low-back', 'back'],
    ]);
    expect(set.scan('backpack feedback')).toEqual([]);
    expect(set.test('sore back')).toBe(true);
  });
});

