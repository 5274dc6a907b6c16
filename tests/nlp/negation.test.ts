import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import intentsJson from '../../src/nlp/data/intents.json';
import { SCOPE_WORDS, computeScopes } from '../../src/nlp/negation';
import { cleanText, prepare } from '../../src/nlp/text';

/** Words of `text` (space-separated, punctuation as its own word) that a negation cue governs. */
function negatedWords(text: string): string[] {
  const tokens = text.split(' ');
  const { negated } = computeScopes(tokens);
  return tokens.filter((_, i) => negated[i]);
}
function otherWords(text: string): string[] {
  const tokens = text.split(' ');
  const { other } = computeScopes(tokens);
  return tokens.filter((_, i) => other[i]);
}

describe('negation scope', () => {
  it.each([
    ['no fever or chills', ['fever', 'or', 'chills']],
    ['i have not had any falls , just an achy bum', ['had', 'any', 'falls']],
    ['no tingling , numbness or weakness', ['tingling', 'numbness', 'or', 'weakness']],
    ['no pain but i can not pee', ['pain']],
    ['i can not pee', []],
    ['i can no longer feel my foot', []],
    ['not sure if i have a fever', []],
    ['never had cancer and my back hurts', ['had', 'cancer']],
    ['i have not been right since i fell', ['been', 'right']],
    ['i do not think i have a fever', ['think', 'i', 'have', 'a', 'fever']],
    ['denies trauma . pain in buttock', ['trauma']],
    ['without any numbness', ['any', 'numbness']],
  ])('%s', (text, words) => {
    expect(negatedWords(text)).toEqual(words);
  });
});

describe('other-person scope', () => {
  it.each([
    ['my mom had cancer', ['mom', 'had', 'cancer']],
    ['my wife says i have a fever', ['wife', 'says']],
    ['she fell , i did not', ['she', 'fell']],
    ['i fell', []],
  ])('%s', (text, words) => {
    expect(otherWords(text)).toEqual(words);
  });
});

describe('computeScopes on every text we have', () => {
  // The rules written over the word sets, one lookup per question; computeScopes reads one flag word per token instead.
  const {
    punctuation: PUNCT,
    cues: CUES,
    cueBreakers: BREAKERS,
    inability: INABILITY,
    terminators: TERMINATORS,
    clauseStarters: STARTERS,
    others: OTHERS,
    self: SELF,
    bridges: BRIDGES,
  } = SCOPE_WORDS;

  function reference(tokens: readonly string[]): { negated: number[]; other: number[] } {
    const n = tokens.length;
    const negated = new Array<number>(n).fill(0);
    const other = new Array<number>(n).fill(0);
    const clauseEnd = (i: number): boolean => {
      const t = tokens[i] as string;
      return (PUNCT.has(t) && t !== ',') || TERMINATORS.has(t) || (t === 'and' && STARTERS.has(tokens[i + 1] ?? ''));
    };
    const listGoesOn = (i: number): boolean => {
      for (let k = i + 1; k < n && k <= i + 4; k++) {
        const t = tokens[k] as string;
        if (t === 'or' || t === 'nor') return true;
        if (PUNCT.has(t) || TERMINATORS.has(t) || t === 'and') return false;
      }
      return false;
    };
    const cue = (i: number): boolean => {
      const t = tokens[i] as string;
      if (!CUES.has(t) || BREAKERS.has(tokens[i + 1] ?? '')) return false;
      if (t === 'not' && INABILITY.has(tokens[i - 1] ?? '')) return false;
      return !((t === 'nothing' || t === 'none') && (tokens[i + 1] === 'but' || tokens[i + 1] === 'other'));
    };
    let left = 0;
    let otherActive = false;
    let bridged = false;
    for (let i = 0; i < n; i++) {
      const t = tokens[i] as string;
      if (left > 0 && t === 'i' && bridged) {
        negated[i] = 1;
        left--;
        bridged = false;
        continue;
      }
      if (t === ',') {
        if (left > 0 && !listGoesOn(i)) left = 0;
        otherActive = false;
        continue;
      }
      if (clauseEnd(i)) {
        left = 0;
        otherActive = false;
      }
      if (SELF.has(t) || (t === 'my' && !OTHERS.has(tokens[i + 1] ?? ''))) otherActive = false;
      if (OTHERS.has(t) && !(t === 'her' && tokens[i - 1] === 'with')) otherActive = true;
      if (left > 0) {
        negated[i] = 1;
        left--;
        if (BRIDGES.has(t)) bridged = true;
      }
      if (otherActive) other[i] = 1;
      if (cue(i)) {
        left = 9;
        bridged = false;
      }
    }
    return { negated, other };
  }

  it('marks the same tokens as the word-list rules', () => {
    const texts: string[] = Object.values(intentsJson.intents).flat();
    for (const f of ['heldout', 'dev', 'dev2', 'blind-a', 'blind-b', 'blind-c']) {
      const p = resolve(__dirname, `data/${f}.jsonl`);
      if (existsSync(p)) for (const line of readFileSync(p, 'utf8').split('\n')) if (line.trim()) texts.push((JSON.parse(line) as { text: string }).text);
    }
    let negated = 0;
    for (const text of texts) {
      const tokens = prepare(cleanText(text), () => null).tokens;
      const ours = computeScopes(tokens);
      const expected = reference(tokens);
      expect([...ours.negated], text).toEqual(expected.negated);
      expect([...ours.other], text).toEqual(expected.other);
      negated += expected.negated.filter(Boolean).length;
    }
    expect(negated).toBeGreaterThan(300);
  });
});
