import { describe, expect, it } from 'vitest';
import { HEAVY_LIMIT, chunks, cleanText, displayText, prepare, tokenAt, type Word } from '../../src/nlp/text';
import { seededRandom } from './seededRandom';

/** Random strings over `alphabet` (seeded), for checks of the character loops against the regexes they stand for. */
function randomTexts(alphabet: readonly string[], count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    let text = '';
    const length = Math.floor(random() * 12);
    for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
    out.push(text);
  }
  return out;
}

const noRewrite = (): null => null;

describe('cleanText', () => {
  it.each([
    ['<b>My</b> bum&nbsp;hurts', ' my  bum hurts'],
    ['I\u2019m sore', "i'm sore"],
    ['**deep** ache', '**deep** ache'],
    ['lost 6kg w/o trying', 'lost 6 kg  without  trying'],
    ['Rücken & Bein', 'rucken  and  bein'],
    // Plain ASCII with none of < & / ` or digits takes the short path: lower case and letter runs only.
    ['Heyyyy, SOOOO sore!', 'heyy, soo sore!'],
    ["don't-stop (really)", "don't-stop (really)"],
  ])('%j -> %j', (input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });

  it('treats non-strings as empty', () => {
    expect(cleanText(undefined)).toBe('');
    expect(cleanText(42)).toBe('');
  });

  it('on text with nothing to rewrite, is lower case with letter runs cut to two (one pass decides)', () => {
    for (const text of randomTexts(['a', 'A', 'b', 'B', 'z', ' ', '.', "'", '-', '(', '!', '\n', 'e', 'E'], 20_000, 1)) {
      expect(cleanText(text), JSON.stringify(text)).toBe(text.toLowerCase().replace(/([a-z])\1{2,}/g, '$1$1'));
    }
  });
});

describe('prepare', () => {
  it.each([
    ["I can't pee", ['i', 'can', 'not', 'pee']],
    ["I haven't fallen", ['i', 'have', 'not', 'fallen']],
    ["it's my hip's fault", ['it', 'is', 'my', 'hip', 'fault']],
    ['dont know, im sore', ['do', 'not', 'know', ',', 'i', 'am', 'sore']],
    ['deep-tissue / cupping?', ['deep', 'tissue', 'cupping', '?']],
    ['temp 38.5 now', ['temp', '38', 'point', '5', 'now']],
  ])('%j', (input, tokens) => {
    expect(prepare(cleanText(input), noRewrite).tokens).toEqual(tokens);
  });

  it('reads words that are also Object.prototype keys as words ("constructor" used to throw)', () => {
    expect(prepare('the constructor hurt his back', noRewrite).tokens).toEqual(['the', 'constructor', 'hurt', 'his', 'back']);
  });

  it('applies rewrites, which may be several words', () => {
    const p = prepare('ur bum', (w) => (w === 'ur' ? 'your' : w === 'bum' ? 'left buttock' : null));
    expect(p.tokens).toEqual(['your', 'left', 'buttock']);
    expect(p.norm).toBe('your left buttock');
  });

  it('keeps offsets that map characters back to tokens', () => {
    const p = prepare('no fever or chills', noRewrite);
    expect(p.starts).toEqual([0, 3, 9, 12]);
    expect(tokenAt(p.starts, 0)).toBe(0);
    expect(tokenAt(p.starts, 5)).toBe(1);
    expect(tokenAt(p.starts, 14)).toBe(3);
  });

  it.each(['', '   ', '😀😀', 'Привет мир', '你好'])('yields no word tokens and does not throw for %j', (input) => {
    expect(() => prepare(cleanText(input), noRewrite)).not.toThrow();
  });

  it('gives the same result with a memo of raw tokens, first time and after', () => {
    const rewrite = (w: string): string | null => (w === 'ur' ? 'your' : w === 'im' ? 'i am sore' : w === 'x' ? '' : null);
    const memo = new Map<string, readonly Word[]>();
    const texts = ["ur bum's sore, im ok", 'x marks 3-.5 and 3 . 5', "can't won't shan't", 'ur ur ur'];
    for (const round of [1, 2]) {
      for (const text of texts) expect(prepare(cleanText(text), rewrite, memo), `${text} (round ${round})`).toEqual(prepare(cleanText(text), rewrite));
    }
  });

  it('splits a decimal only where there is one ("." and a digit): the marks step makes no other difference', () => {
    expect(prepare('3-.5 kg', noRewrite).tokens).toEqual(['3', 'point', '5', 'kg']);
    expect(prepare('back-ache. (bad)', noRewrite).tokens).toEqual(['back', 'ache', '.', 'bad']);
  });
});

describe('displayText', () => {
  it('collapses whitespace and truncates', () => {
    expect(displayText('  a \n b  ')).toBe('a b');
    expect(displayText('x'.repeat(100_000))).toHaveLength(HEAVY_LIMIT);
  });

  it('equals collapsing and trimming every text, including Unicode spaces (the loop only skips work)', () => {
    for (const text of randomTexts(['a', ' ', ' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u2003', '\ufeff', 'é', '.'], 20_000, 2)) {
      expect(displayText(text), JSON.stringify(text)).toBe(text.replace(/\s+/g, ' ').trim().slice(0, HEAVY_LIMIT));
    }
  });
});

describe('chunks', () => {
  it('covers the whole text with overlapping pieces no longer than size plus overlap', () => {
    const text = 'Sentence one is here. '.repeat(500);
    const pieces = chunks(text, 1000);
    expect(pieces.length).toBeGreaterThan(10);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(1000 + 120);
    expect(pieces.at(-1)?.endsWith('here. ')).toBe(true);
  });
});
