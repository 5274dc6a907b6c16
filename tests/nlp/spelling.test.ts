import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/nlp';
import lexiconJson from '../../src/nlp/data/lexicon.json';
import realWordsJson from '../../src/nlp/data/realWords.json';
import { DamerauLevenshteinDistance } from '../../src/nlp/natural';
import { SpellingCorrector, damerauLevenshtein } from '../../src/nlp/spelling';
import { seededRandom } from './seededRandom';

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

describe('damerauLevenshtein (natural\'s distance without its per-cell objects)', () => {
  it('gives natural\'s DamerauLevenshteinDistance, quirks included, on the targets, their typos and random strings', () => {
    const targets = lexiconJson.fuzzyTargets;
    const random = seededRandom(9);
    const pick = (s: string): string => s[Math.floor(random() * s.length)] as string;
    const typo = (w: string): string => {
      const i = Math.floor(random() * w.length);
      const c = pick("abcdefghijklmnopqrstuvwxyz'");
      return [w.slice(0, i) + c + w.slice(i), w.slice(0, i) + c + w.slice(i + 1), w.slice(0, i) + w.slice(i + 1), w.slice(0, i) + w.slice(i + 1, i + 2) + w.slice(i, i + 1) + w.slice(i + 2)][Math.floor(random() * 4)] as string;
    };
    const pairs: Array<[string, string]> = [['child', 'chills'], ['', ''], ['', 'abc'], ['abc', '']];
    for (const t of targets) pairs.push([typo(typo(t)), targets[Math.floor(random() * targets.length)] as string], [typo(t), t]);
    // A small alphabet makes repeated letters, where the transposition step (and natural's quirk in it) matters.
    const small = (): string => Array.from({ length: Math.floor(random() * 9) }, () => pick('abcab')).join('');
    for (let i = 0; i < 3000; i++) pairs.push([small(), small()]);
    pairs.push(['caf\u00e9s', 'cafes'], ['\u00e9a\u00e9', 'a\u00e9a']);
    const differ = pairs.filter(([a, b]) => damerauLevenshtein(a, b) !== DamerauLevenshteinDistance(a, b));
    expect(differ).toEqual([]);
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
