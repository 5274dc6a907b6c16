import { describe, expect, it } from 'vitest';
import lexiconJson from '../../src/nlp/data/lexicon.json';
import { PatternSet, compileLexicon, hoistLookbehind } from '../../src/nlp/lexicon';
import { seededRandom } from '../../src/nlp/triggers';

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

describe('hoistLookbehind', () => {
  it.each([
    ['(?<=my )behind(?! me)', 'b(?<=(?:my )b)ehind(?! me)'],
    ['(?<!not |no )diet', 'd(?<!(?:not |no )d)iet'],
    ['(?<=my|the )x', 'x(?<=(?:my|the )x)'],
    // Left alone: a quantified first character, a group inside the lookbehind, no lookbehind at all.
    ['(?<=my )b?ehind', '(?<=my )b?ehind'],
    ['(?<=(?:a|b) )x', '(?<=(?:a|b) )x'],
    ['back of (?<=of )my', 'back of (?<=of )my'],
  ])('%s -> %s', (src, hoisted) => {
    expect(hoistLookbehind(src)).toBe(hoisted);
  });

  it('matches exactly what the pattern did, on random text', () => {
    const random = seededRandom(3);
    const words = ['my', 'the', 'behind', 'not', 'no', 'diet', 'x', 'mybehind', ' ', ' ', '.'];
    const pairs = ['(?<=my )behind(?! me)', '(?<!not |no )diet', '(?<=my|the )x'].map((src) => [
      new RegExp(`(?<![a-z0-9'])(?:${src})(?![a-z0-9])`, 'g'),
      new RegExp(`(?<![a-z0-9'])(?:${hoistLookbehind(src)})(?![a-z0-9])`, 'g'),
    ]);
    let matched = 0;
    for (let k = 0; k < 3000; k++) {
      let text = '';
      for (let i = 0; i < 8; i++) text += words[Math.floor(random() * words.length)];
      for (const [a, b] of pairs) {
        const ours = [...text.matchAll(b as RegExp)].map((m) => [m.index, m[0]]);
        expect(ours, text).toEqual([...text.matchAll(a as RegExp)].map((m) => [m.index, m[0]]));
        matched += ours.length;
      }
    }
    expect(matched).toBeGreaterThan(100);
  });
});
