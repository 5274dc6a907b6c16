import { DamerauLevenshteinDistance } from './natural';

const CACHE_LIMIT = 20_000;

/** Shorter words are left alone: too many real words lie one edit apart. */
export const MIN_WORD_LENGTH = 5;

/** How many edits a word of this length may be from its target. */
export const maxEditDistance = (word: string): number => (word.length >= 8 ? 2 : 1);

/**
 * Fixes misspelt domain words ("pririformis", "hamstrng", "cuping") by Damerau-Levenshtein distance to a short
 * list of distinctive targets. Words the model already knows are never touched, short words are left alone
 * (too many real words lie one edit apart), and answers are cached because people repeat their words.
 */
export class SpellingCorrector {
  private readonly byLength = new Map<number, string[]>();
  private readonly cache = new Map<string, string | null>();

  constructor(
    targets: Iterable<string>,
    private readonly known: ReadonlySet<string>,
  ) {
    for (const t of new Set(targets)) {
      const list = this.byLength.get(t.length) ?? [];
      list.push(t);
      this.byLength.set(t.length, list);
    }
  }

  /** The corrected word, or null when the word is fine or nothing is close enough. */
  correct(word: string): string | null {
    if (word.length < MIN_WORD_LENGTH || word.length > 24 || this.known.has(word) || /[0-9]/.test(word)) return null;
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    const result = this.search(word);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(word, result);
    return result;
  }

  private search(word: string): string | null {
    const maxDist = maxEditDistance(word);
    let best: string | null = null;
    let bestDist = maxDist + 1;
    for (let len = word.length - maxDist; len <= word.length + maxDist; len++) {
      for (const t of this.byLength.get(len) ?? []) {
        // Cheap gate before the O(n*m) distance: typos rarely change both of the first two letters.
        if (t[0] !== word[0] && t[1] !== word[1]) continue;
        const d = DamerauLevenshteinDistance(word, t);
        if (d < bestDist || (d === bestDist && best !== null && t.length === word.length && best.length !== word.length)) {
          best = t;
          bestDist = d;
        }
      }
    }
    return bestDist <= maxDist ? best : null;
  }
}
