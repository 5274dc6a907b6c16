import { describe, expect, it } from 'vitest';
import { computeScopes } from '../../src/nlp/negation';

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
