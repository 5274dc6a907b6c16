
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
        const d = damerauLevenshtein(word, t);
        if (d < bestDist || (d === bestDist && best !== null && t.length === word.length && best.length !== word.length)) {
          best = t;
          bestDist = d;
        }
      }
    }
    return bestDist <= maxDist ? best : null;
  }
}

/** Scratch for `damerauLevenshtein`: the cost matrix, row by row, and the last row of each character. */
let matrix = new Int32Array(26 * 26);
/** The last row of each ASCII character (0: none yet), and of any other. */
const lastRowAscii = new Int32Array(128);
const lastRowOther = new Map<number, number>();

/**
 * natural's DamerauLevenshteinDistance (unrestricted, unit costs), the same recurrence cell for cell, on one typed
 * array instead of an object per cell: natural's allocations made the speller most of the analyzer's build time.
 * It keeps natural's quirk of updating a character's last row while still in the row (so "child" is 1 from
 * "chills"): the speller's answers must not change. tests/nlp/spelling.test.ts compares the two.
 */
export function damerauLevenshtein(source: string, target: string): number {
  const rows = source.length;
  const cols = target.length;
  const width = cols + 1;
  if (matrix.length < (rows + 1) * width) matrix = new Int32Array((rows + 1) * width * 2);
  const d = matrix;
  for (let row = 0; row <= rows; row++) d[row * width] = row;
  for (let col = 1; col <= cols; col++) d[col] = col;
  lastRowAscii.fill(0);
  lastRowOther.clear();
  for (let row = 1; row <= rows; row++) {
    let lastColMatch = 0;
    const sourceCode = source.charCodeAt(row - 1);
    // natural records the row after its first column; only later columns read it (a transposition needs col > 1), so
    // recording it here, once, is the same.
    if (sourceCode < 128) lastRowAscii[sourceCode] = row;
    else lastRowOther.set(sourceCode, row);
    for (let col = 1; col <= cols; col++) {
      const targetCode = target.charCodeAt(col - 1);
      let cost = (d[row * width + col - 1] as number) + 1;
      const del = (d[(row - 1) * width + col] as number) + 1;
      if (del < cost) cost = del;
      const sub = (d[(row - 1) * width + col - 1] as number) + (sourceCode === targetCode ? 0 : 1);
      if (sub < cost) cost = sub;
      if (row > 1 && col > 1 && lastColMatch > 0) {
        const lastRowMatch = targetCode < 128 ? (lastRowAscii[targetCode] as number) || undefined : lastRowOther.get(targetCode);
        if (lastRowMatch !== undefined) {
          const transpose = (d[(lastRowMatch - 1) * width + lastColMatch - 1] as number) + (row - lastRowMatch - 1) + (col - lastColMatch - 1) + 1;
          if (transpose < cost) cost = transpose;
        }
      }
      d[row * width + col] = cost;
      if (sourceCode === targetCode) lastColMatch = col;
    }
  }
  return d[rows * width + cols] as number;
}
