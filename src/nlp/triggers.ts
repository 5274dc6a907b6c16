/**
 * Keyword prefilter derived from the patterns themselves, so a pattern is only run on a message that can match it.
 *
 * For a pattern wrapped as `(?<![a-z0-9'])(?:SRC)(?![a-z0-9])` (see `wordPattern`), `triggersOf(SRC)` returns words
 * p such that every match contains p at a word start: right after a character outside [a-z0-9'] or at the start of
 * the text. So a text whose words (maximal runs of [a-z0-9']) start with none of them cannot match, and skipping the
 * pattern changes nothing. The analysis is conservative: a pattern it cannot read, or one with no mandatory word at a
 * word start (`[a-z]+ing`), gets null and is always run.
 */

/** Characters that make up a word: the same set the lookbehind of `wordPattern` rejects. */
const isWordCode = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 39;
const isWordChar = (ch: string): boolean => isWordCode(ch.charCodeAt(0));

/** A parsed regular expression, reduced to what the analysis needs. */
export type Node = (
  /** Literal text (consecutive unquantified characters are merged into one node). */
  | { t: 'char'; c: string }
  | { t: 'class'; ranges: Array<readonly [number, number]>; negated: boolean }
  | { t: 'assert' }
  | { t: 'group'; alts: Node[][] }
  | { t: 'rep'; node: Node; min: number; max: number }
) & {
  /** Memo of `canBeEmpty`. */
  empty?: boolean;
  /** Memo of `endsNonWord`. */
  nonWordEnd?: boolean;
};

const ANY_CHAR: Node = { t: 'class', ranges: [], negated: true };
const DIGIT: Array<readonly [number, number]> = [[48, 57]];
const WORD: Array<readonly [number, number]> = [[48, 57], [65, 90], [95, 95], [97, 122]];
const SPACE: Array<readonly [number, number]> = [[9, 13], [32, 32], [160, 160], [0x1680, 0x1680], [0x2000, 0x200a], [0x2028, 0x2029], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff]];

class Unsupported extends Error {}

/** Parses the regex subset the data files use; anything else throws (the caller then runs the pattern always). */
export function parsePattern(src: string): Node[][] {
  let i = 0;
  const peek = (): string | undefined => src[i];

  function alternation(): Node[][] {
    const alts: Node[][] = [sequence()];
    while (peek() === '|') {
      i++;
      alts.push(sequence());
    }
    return alts;
  }

  function sequence(): Node[] {
    const seq: Node[] = [];
    while (i < src.length && peek() !== '|' && peek() !== ')') {
      const node = quantified(parseAtom());
      const last = seq[seq.length - 1];
      if (node.t === 'char' && last !== undefined && last.t === 'char') last.c += node.c;
      else seq.push(node);
    }
    return seq;
  }

  function quantified(atom: Node): Node {
    const ch = peek();
    let min: number;
    let max: number;
    if (ch === '?') [min, max] = [0, 1];
    else if (ch === '*') [min, max] = [0, Infinity];
    else if (ch === '+') [min, max] = [1, Infinity];
    else if (ch === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i));
      if (!m) throw new Unsupported(`literal { at ${i}`);
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      i += m[0].length - 1;
    } else return atom;
    i++;
    if (peek() === '?') i++; // lazy: same strings, other order
    if (atom.t === 'assert') throw new Unsupported('quantified assertion');
    return quantified({ t: 'rep', node: atom, min, max });
  }

  function parseAtom(): Node {
    const ch = src[i++] as string;
    if (ch === '(') {
      let kind: 'group' | 'assert' = 'group';
      if (src.startsWith('?:', i)) i += 2;
      else if (src.startsWith('?=', i) || src.startsWith('?!', i)) [i, kind] = [i + 2, 'assert'];
      else if (src.startsWith('?<=', i) || src.startsWith('?<!', i)) [i, kind] = [i + 3, 'assert'];
      else if (src.startsWith('?<', i)) {
        const close = src.indexOf('>', i);
        if (close < 0) throw new Unsupported('bad group name');
        i = close + 1;
      } else if (peek() === '?') throw new Unsupported(`group (${src.slice(i, i + 3)}`);
      const alts = alternation();
      if (src[i++] !== ')') throw new Unsupported('unclosed group');
      return kind === 'assert' ? { t: 'assert' } : { t: 'group', alts };
    }
    if (ch === '[') return charClass();
    if (ch === '.') return ANY_CHAR;
    if (ch === '^' || ch === '$') return { t: 'assert' };
    if (ch === '\\') return escape();
    if (ch === ')' || ch === '*' || ch === '+' || ch === '?' || ch === '{' || ch === '|') throw new Unsupported(`stray ${ch}`);
    return { t: 'char', c: ch };
  }

  function escape(): Node {
    const e = src[i++];
    if (e === undefined) throw new Unsupported('trailing backslash');
    if (e === 'b' || e === 'B') return { t: 'assert' };
    if (e === 'd') return { t: 'class', ranges: DIGIT, negated: false };
    if (e === 'D') return { t: 'class', ranges: DIGIT, negated: true };
    if (e === 'w') return { t: 'class', ranges: WORD, negated: false };
    if (e === 'W') return { t: 'class', ranges: WORD, negated: true };
    if (e === 's') return { t: 'class', ranges: SPACE, negated: false };
    if (e === 'S') return { t: 'class', ranges: SPACE, negated: true };
    if (/[\\^$.|?*+()[\]{}/\-'" ,:;!&#%=<>@`~]/.test(e)) return { t: 'char', c: e };
    throw new Unsupported(`escape \\${e}`);
  }

  function charClass(): Node {
    let negated = false;
    if (peek() === '^') {
      negated = true;
      i++;
    }
    const ranges: Array<readonly [number, number]> = [];
    // As in JavaScript, a ']' right after '[' closes an empty class.
    while (i < src.length && peek() !== ']') {
      const lo = classChar();
      if (lo === null) continue;
      if (peek() === '-' && src[i + 1] !== ']' && src[i + 1] !== undefined) {
        i++;
        const hi = classChar();
        if (hi === null) throw new Unsupported('class range to a class');
        ranges.push([lo, hi]);
      } else ranges.push([lo, lo]);
    }
    if (src[i++] !== ']') throw new Unsupported('unclosed class');
    return { t: 'class', ranges, negated };

    /** One class member as a code point; a nested \d \w \s adds its ranges and gives null. */
    function classChar(): number | null {
      const ch = src[i++] as string;
      if (ch !== '\\') return ch.charCodeAt(0);
      const node = escape();
      if (node.t === 'char') return node.c.charCodeAt(0);
      if (node.t === 'class' && !node.negated) {
        ranges.push(...node.ranges);
        return null;
      }
      throw new Unsupported('negated or zero-width escape in a class');
    }
  }

  const alts = alternation();
  if (i !== src.length) throw new Unsupported(`unbalanced ) at ${i}`);
  return alts;
}

/** Whether a character class can match some character of [a-z0-9']. */
function classHasWordChar(n: Extract<Node, { t: 'class' }>): boolean {
  for (const c of WORD_CODES) if (n.ranges.some(([lo, hi]) => c >= lo && c <= hi) !== n.negated) return true;
  return false;
}

const WORD_CODES: number[] = [];
for (let c = 0; c < 128; c++) if (isWordCode(c)) WORD_CODES.push(c);

function canBeEmpty(n: Node): boolean {
  return (n.empty ??= computeCanBeEmpty(n));
}

function computeCanBeEmpty(n: Node): boolean {
  switch (n.t) {
    case 'char':
    case 'class':
      return false;
    case 'assert':
      return true;
    case 'group':
      return n.alts.some((s) => s.every(canBeEmpty));
    case 'rep':
      return n.min === 0 || canBeEmpty(n.node);
  }
}

/** Every non-empty match ends with a character outside [a-z0-9'] (so a word starts right after it). */
function endsNonWord(n: Node): boolean {
  return (n.nonWordEnd ??= computeEndsNonWord(n));
}

function computeEndsNonWord(n: Node): boolean {
  switch (n.t) {
    case 'char':
      return !isWordChar(n.c.charAt(n.c.length - 1));
    case 'class':
      return !classHasWordChar(n);
    case 'assert':
      return true;
    case 'group':
      return n.alts.every(seqEndsNonWord);
    case 'rep':
      return endsNonWord(n.node);
  }
}

function seqEndsNonWord(seq: readonly Node[]): boolean {
  for (let k = seq.length - 1; k >= 0; k--) {
    const item = seq[k] as Node;
    if (!endsNonWord(item)) return false;
    if (!canBeEmpty(item)) return true;
  }
  return true;
}

/** A set is better when its shortest word is longer (rarer), then when it has fewer words. */
function better(a: string[], b: string[] | null): boolean {
  if (b === null) return true;
  const minA = shortest(a);
  const minB = shortest(b);
  return minA !== minB ? minA > minB : a.length < b.length;
}

function shortest(words: readonly string[]): number {
  let min = Infinity;
  for (const w of words) if (w.length < min) min = w.length;
  return min;
}

/**
 * Word-start triggers of a sequence whose first position is a word start when `ws` is true. Every match of the
 * sequence contains one of the returned words at a word start; null when no such word can be proven.
 */
function seqTriggers(seq: readonly Node[], wsIn: boolean): string[] | null {
  // No nested closures here: tsx names every closure it creates (Object.defineProperty), which made start-up slow.
  let best: string[] | null = null;
  let ws = wsIn;
  let run: string | null = null;
  for (const item of seq) {
    if (item.t === 'char') {
      for (let k = 0; k < item.c.length; k++) {
        const ch = item.c.charAt(k);
        if (isWordChar(ch)) {
          if (run !== null) run += ch;
          else if (ws) run = ch;
          ws = false;
        } else {
          if (run) best = pickBetter([run], best);
          run = null;
          ws = true;
        }
      }
      continue;
    }
    if (item.t === 'assert') continue; // zero width: the run's characters stay adjacent
    if (run) best = pickBetter([run], best);
    run = null;
    if (item.t === 'class') {
      ws = endsNonWord(item);
      continue;
    }
    if (item.t === 'group') best = pickBetter(groupTriggers(item.alts, ws), best);
    else if (item.min >= 1) best = pickBetter(seqTriggers([item.node], ws), best);
    ws = endsNonWord(item) && (!canBeEmpty(item) || ws);
  }
  if (run) best = pickBetter([run], best);
  return best;
}

function pickBetter(set: string[] | null, best: string[] | null): string[] | null {
  return set !== null && set.length > 0 && better(set, best) ? set : best;
}

function groupTriggers(alts: readonly Node[][], ws: boolean): string[] | null {
  const all = new Set<string>();
  for (const alt of alts) {
    const t = seqTriggers(alt, ws);
    if (t === null) return null;
    for (const w of t) all.add(w);
  }
  return [...all];
}

/** What the analysis knows about one pattern source. */
interface PatternInfo {
  /** The parse, or null when the source uses syntax the parser does not read. */
  alts: Node[][] | null;
  triggers: string[] | null;
  neverEmpty: boolean;
}

/** Sources repeat across builds (tests and benchmarks build many analyzers): each is analysed once. */
const infoCache = new Map<string, PatternInfo>();

function patternInfo(src: string): PatternInfo {
  let info = infoCache.get(src);
  if (info !== undefined) return info;
  let alts: Node[][] | null = null;
  try {
    alts = parsePattern(src);
  } catch (err) {
    if (!(err instanceof Unsupported)) throw err;
  }
  let triggers: string[] | null = null;
  if (alts !== null) {
    const t = groupTriggers(alts, true);
    // Words are whole runs of [a-z0-9'] by construction; drop the set if something else slipped in.
    triggers = t !== null && t.every((w) => w.length > 0 && [...w].every(isWordChar)) ? t.sort() : null;
  }
  info = { alts, triggers, neverEmpty: alts !== null && !alts.some((seq) => seq.every(canBeEmpty)) };
  infoCache.set(src, info);
  return info;
}

/**
 * Trigger words of a pattern source used inside `wordPattern` (its match starts at a word start), or null when the
 * pattern must always run. Sound by construction: a match always contains one of the words at a word start.
 */
export function triggersOf(src: string): string[] | null {
  return patternInfo(src).triggers;
}

/** True when no match of the pattern can be empty (false when unsure). */
export function neverMatchesEmpty(src: string): boolean {
  return patternInfo(src).neverEmpty;
}

/**
 * Trigger words of many patterns in one character trie: one pass over a message marks every pattern that can match it.
 * Owners are small integers handed out by `register`; a pattern with no provable words is marked on every text.
 */
export class TriggerIndex {
  private readonly words = new Map<string, number[]>();
  private readonly always: number[] = [];
  private owners = 0;
  private next: Int32Array = new Int32Array(0);
  private ownersAt: Array<number[] | undefined> = [];
  private dirty = true;
  private lastNorm: string | null = null;
  private lastMarks: Uint8Array = new Uint8Array(0);

  /** Registers a pattern source; returns its owner id (marked on every text when it has no provable trigger words). */
  register(src: string): number {
    const words = triggersOf(src);
    if (words !== null) return this.registerWords(words);
    this.always.push(this.owners);
    this.dirty = true;
    return this.owners++;
  }

  /** Registers a pattern that always runs. */
  registerAlways(): number {
    return this.register('');
  }

  /** True when the owner has no trigger words (it is marked on every text). */
  isAlways(owner: number): boolean {
    return this.always.includes(owner);
  }

  /** Registers an explicit word list (each a run of [a-z0-9']); a text matches when a word starts with one. */
  registerWords(words: readonly string[]): number {
    const owner = this.owners++;
    for (const w of words) {
      if (w.length === 0 || ![...w].every(isWordChar)) throw new Error(`trigger word must be [a-z0-9']+: "${w}"`);
      const list = this.words.get(w);
      if (list) list.push(owner);
      else this.words.set(w, [owner]);
    }
    this.dirty = true;
    return owner;
  }

  /** Number of owners handed out. */
  get size(): number {
    return this.owners;
  }

  private build(): void {
    // Alphabet: a-z (0-25), 0-9 (26-35), ' (36). One row of 37 child indexes per node, -1 for none.
    let next = new Int32Array(37 * 256).fill(-1);
    let nodes = 1;
    const ownersAt: Array<number[] | undefined> = [undefined];
    for (const [w, owners] of this.words) {
      let node = 0;
      for (let k = 0; k < w.length; k++) {
        const slot = node * 37 + symbol(w.charCodeAt(k));
        let child = next[slot] as number;
        if (child < 0) {
          child = nodes++;
          if (nodes * 37 > next.length) {
            const grown = new Int32Array(next.length * 2).fill(-1);
            grown.set(next);
            next = grown;
          }
          next[slot] = child;
          ownersAt.push(undefined);
        }
        node = child;
      }
      ownersAt[node] = (ownersAt[node] ?? []).concat(owners);
    }
    this.next = next;
    this.ownersAt = ownersAt;
    this.dirty = false;
    this.lastNorm = null;
  }

  /** Marks (1 per owner) of the patterns whose trigger words occur in `norm`. The last result is reused for the same text. */
  marks(norm: string): Uint8Array {
    if (this.dirty) this.build();
    if (norm === this.lastNorm && this.lastMarks.length === this.owners) return this.lastMarks;
    const marks = new Uint8Array(this.owners);
    for (const owner of this.always) marks[owner] = 1;
    const next = this.next;
    const ownersAt = this.ownersAt;
    const n = norm.length;
    let i = 0;
    while (i < n) {
      let c = norm.charCodeAt(i);
      if (!isWordCode(c)) {
        i++;
        continue;
      }
      // A word starts at i: walk the trie along it, marking every trigger that is a prefix of the word.
      let node = 0;
      while (i < n && isWordCode((c = norm.charCodeAt(i)))) {
        if (node >= 0) {
          node = next[node * 37 + symbol(c)] as number;
          if (node >= 0) {
            const owners = ownersAt[node];
            if (owners !== undefined) for (let k = 0; k < owners.length; k++) marks[owners[k] as number] = 1;
          }
        }
        i++;
      }
    }
    this.lastNorm = norm;
    this.lastMarks = marks;
    return marks;
  }
}

function symbol(c: number): number {
  if (c >= 97) return c - 97;
  if (c >= 48 && c <= 57) return c - 48 + 26;
  return 36;
}

/** Deterministic pseudo-random source for `sampleMatch` (xorshift32). */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}

const SAMPLE_CHARS = [..."abcdefghijklmnopqrstuvwxyz0123456789' .,?"];

/**
 * A random string the parsed pattern may match (assertions are ignored, so check it with the real regex). Used to
 * test the trigger analysis, at start-up and against V8's own matcher in the tests.
 */
export function sampleMatch(src: string, random: () => number): string {
  const alts = patternInfo(src).alts;
  return alts === null ? '' : sampleSeq(pick(alts, random), random);
}

// Plain functions, no closures: tsx names every closure it creates, which is slow at start-up.
function pick<T>(xs: readonly T[], random: () => number): T {
  return xs[Math.floor(random() * xs.length)] as T;
}

function sampleSeq(seq: readonly Node[], random: () => number): string {
  let out = '';
  for (const n of seq) out += sampleNode(n, random);
  return out;
}

const classSamples = new WeakMap<Node, string[]>();

function sampleNode(n: Node, random: () => number): string {
  switch (n.t) {
    case 'char':
      return n.c;
    case 'assert':
      return '';
    case 'class': {
      let ok = classSamples.get(n);
      if (ok === undefined) {
        ok = [];
        for (const ch of SAMPLE_CHARS) {
          const code = ch.charCodeAt(0);
          let inside = false;
          for (const [lo, hi] of n.ranges) if (code >= lo && code <= hi) inside = true;
          if (inside !== n.negated) ok.push(ch);
        }
        classSamples.set(n, ok);
      }
      return ok.length > 0 ? pick(ok, random) : '';
    }
    case 'group':
      return sampleSeq(pick(n.alts, random), random);
    case 'rep': {
      const count = n.min + Math.floor(random() * (Math.min(n.max, n.min + 3) - n.min + 1));
      let out = '';
      for (let k = 0; k < count; k++) out += sampleNode(n.node, random);
      return out;
    }
  }
}
