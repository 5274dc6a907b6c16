import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/nlp';
import lexiconJson from '../../src/nlp/data/lexicon.json';
import realWordsJson from '../../src/nlp/data/realWords.json';
import { SpellingCorrector } from '../../src/nlp/spelling';

const speller = new SpellingCorrector(['piriformis', 'hamstring', 'cupping', 'sciatica', 'buttock', 'myofascial'], new Set(['buttons', 'sitting']));

describe('SpellingCorrector', () => {
  it.each([
    ['pririformis', 'piriformis'],
    ['piriformsi', 'piriformis'],
    ['hamstrng', 'hamstring'],
    ['cuping', 'cupping'],
    ['siatica', 'sciatica'],
    ['buttok', 'buttock'],
    ['myofacsial', 'myofascial'],
  ])('%s -> %s', (typo, fixed) => {
    expect(speller.correct(typo)).toBe(fixed);
  });

  it.each(['buttons', 'sitting', 'cup', 'hams', 'banana', 'x'.repeat(40), 'abc12'])('leaves %s alone', (word) => {
    expect(speller.correct(word)).toBeNull();
  });
});

describe('the real-word guard (src/nlp/data/realWords.json, from WordNet)', () => {
  const analyzer = createAnalyzer();
  it.each([
    ['dancer', 'cancer'],
    ['never', 'fever'],
    ['setting', 'sitting'],
  ])('a real word (%s) is never read as %s', (real, target) => {
    const text = `my friend said ${real} and my bum is sore`;
    const a = analyzer.analyze(text);
    expect(a.redFlags).toEqual([]);
    expect(JSON.stringify(a)).not.toContain(`"${target}"`);
  });

  it.each([
    ['my hamstrng is tight', 'hamstrings'],
    ['pain in my pririformis', 'piriformis'],
  ])('typos that are not real words are still fixed: %s', (text, muscle) => {
    expect(analyzer.analyze(text).muscles[0]?.id).toBe(muscle);
  });

  it('lists only lower-case words and none of the correction targets', () => {
    const targets = new Set(lexiconJson.fuzzyTargets);
    expect(realWordsJson.words.length).toBeGreaterThan(100);
    expect(realWordsJson.words.filter((w) => !/^[a-z]+$/.test(w) || targets.has(w))).toEqual([]);
  });
});
