import { describe, expect, it } from 'vitest';
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
