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

/**
 * Words in many messages, most frequent first (counted on the training and test texts): as a trigger one would run
 * its pattern on most texts ("in the car" is better keyed on "car"), so in `shortest` a common word counts for less
 * than any other word, the more common the less.
 */
const COMMON_WORDS = [
  'i', 'a', 'my', 'the', 'is', 'do', 'what', 'to', 'and', 'in', 'no', 'pain', 'of', 'can', 'on', 'massage', 'for',
  'after', 'have', 'it', 'so', 'when', 'go', 'you', 'hurt', 'are', 'not', 'at', 'does', 'sciatica', 'feel',
  'get', 'down', 'any', 'up', 'that', 'with', 'this', 'from', 'had', 'just', 'or', 'been', 'out', 'over', 'got', 'all',
];
const COMMON_RANK = new Map(COMMON_WORDS.map((w, i) => [w, i / COMMON_WORDS.length]));

/** A set is better when its shortest word is longer (rarer; see COMMON_WORDS), then when it has fewer words. */
function better(a: string[], b: string[] | null): boolean {
  if (b === null) return true;
  const minA = shortest(a);
  const minB = shortest(b);
  return minA !== minB ? minA > minB : a.length < b.length;
}

function shortest(words: readonly string[]): number {
  let min = Infinity;
  for (const w of words) {
    const len = COMMON_RANK.get(w) ?? w.length;
    if (len < min) min = len;
  }
  return min;
}

/**
 * Word-start triggers of a sequence whose first position is a word start when `ws` is true. Every match of the
 * sequence contains one of the returned words at a word start; null when no such word can be proven.
 */
function seqTriggers(seq: readonly Node[], ws: boolean): string[] | null {
  const candidates: Array<string[] | null> = [];
  seqCandidates(seq, ws, candidates);
  let best: string[] | null = null;
  for (const c of candidates) best = pickBetter(c, best);
  return best;
}

/** Every trigger set the items of a sequence prove on their own (each is necessary), in order; null for an item that proves none. */
function seqCandidates(seq: readonly Node[], wsIn: boolean, out: Array<string[] | null>): void {
  // No nested closures here: tsx names every closure it creates (Object.defineProperty), which made start-up slow.
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
          if (run) out.push([run]);
          run = null;
          ws = true;
        }
      }
      continue;
    }
    if (item.t === 'assert') continue; // zero width: the run's characters stay adjacent
    if (run) out.push([run]);
    run = null;
    if (item.t === 'class') {
      ws = endsNonWord(item);
      continue;
    }
    if (item.t === 'group') out.push(groupTriggers(item.alts, ws));
    else if (item.min >= 1) out.push(seqTriggers([item.node], ws));
    ws = endsNonWord(item) && (!canBeEmpty(item) || ws);
  }
  if (run) out.push([run]);
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
  /** Memo of `firstChars`. */
  first?: Uint8Array | null;
  /** The second list of `triggerPairOf`. */
  second: string[] | null;
  /** Memo of `triggersOf(src, false)`. */
  unanchored?: string[] | null;
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
  const [triggers, second] = alts === null ? [null, null] : topLevelWords(alts);
  info = { alts, triggers, second, neverEmpty: alts !== null && !alts.some((seq) => seq.every(canBeEmpty)) };
  infoCache.set(src, info);
  return info;
}

/**
 * The trigger words of a whole pattern (as `groupTriggers` finds them) and, from the same pass, a second necessary
 * list: each alternative's next best set, or its best again when it proves only one.
 */
function topLevelWords(alts: readonly Node[][]): [string[] | null, string[] | null] {
  const first = new Set<string>();
  const second = new Set<string>();
  for (const alt of alts) {
    const candidates: Array<string[] | null> = [];
    seqCandidates(alt, true, candidates);
    let best: string[] | null = null;
    for (const c of candidates) best = pickBetter(c, best);
    if (best === null) return [null, null];
    let next: string[] | null = null;
    for (const c of candidates) if (c !== best) next = pickBetter(c, next);
    for (const w of best) first.add(w);
    for (const w of next ?? best) second.add(w);
  }
  return [onlyWords([...first]), onlyWords([...second])];
}

/** Words are whole runs of [a-z0-9'] by construction; drop the list if something else slipped in. */
function onlyWords(words: string[]): string[] | null {
  return words.length > 0 && words.every((w) => w.length > 0 && [...w].every(isWordChar)) ? words.sort() : null;
}


/**
 * Trigger words of a pattern source used inside `wordPattern` (its match starts at a word start), or null when the
 * pattern must always run. Sound by construction: a match always contains one of the words at a word start.
 * `anchored: false` is for a pattern whose match may start anywhere: only words after a non-word character of the
 * pattern itself count then.
 */
export function triggersOf(src: string, anchored = true): string[] | null {
  const info = patternInfo(src);
  if (anchored) return info.triggers;
  if (info.unanchored === undefined) {
    const words = info.alts === null ? null : groupTriggers(info.alts, false);
    info.unanchored = words === null ? null : onlyWords(words);
  }
  return info.unanchored;
}

/**
 * Two trigger word lists of a pattern source used inside `wordPattern`: every match contains a word of the first
 * (`triggersOf`) and one of the second, each at a word start; null when the pattern must always run. The second list
 * takes from each alternative its next best set, so a text must hold both to be worth the regex ("bladder" and
 * "empty", not just "bladder"). Where an alternative proves only one set, the second list repeats it.
 */
export function triggerPairOf(src: string): [string[], string[]] | null {
  const { triggers, second } = patternInfo(src);
  return triggers === null || second === null ? null : [triggers, second];
}

/** True when no match of the pattern can be empty (false when unsure). */
export function neverMatchesEmpty(src: string): boolean {
  return patternInfo(src).neverEmpty;
}

/**
 * The ASCII characters a non-empty match of the pattern can start with (index = char code), or null when any character
 * may start one (a pattern the parser does not read, or one that can match the empty string). Characters from 128 up
 * are not tracked: callers treat them as unknown. Assertions are zero-width and are skipped, which only widens the set.
 */
export function firstChars(src: string): Uint8Array | null {
  const info = patternInfo(src);
  if (info.first === undefined) {
    const first = new Uint8Array(128);
    info.first = info.alts !== null && !alternativesFirst(info.alts, first) ? first : null;
  }
  return info.first;
}

/** Adds the first characters of the alternatives to `out`; true when one of them can be empty. */
function alternativesFirst(alts: readonly Node[][], out: Uint8Array): boolean {
  let nullable = false;
  for (const seq of alts) if (sequenceFirst(seq, out)) nullable = true;
  return nullable;
}

function sequenceFirst(seq: readonly Node[], out: Uint8Array): boolean {
  for (const item of seq) if (!nodeFirst(item, out)) return false;
  return true;
}

/** Adds the characters `n` can start with to `out`; true when `n` can match the empty string. */
function nodeFirst(n: Node, out: Uint8Array): boolean {
  switch (n.t) {
    case 'char':
      if (n.c.charCodeAt(0) < 128) out[n.c.charCodeAt(0)] = 1;
      return false;
    case 'class':
      for (let c = 0; c < 128; c++) if (n.ranges.some(([lo, hi]) => c >= lo && c <= hi) !== n.negated) out[c] = 1;
      return false;
    case 'assert':
      return true;
    case 'group':
      return alternativesFirst(n.alts, out);
    case 'rep':
      return nodeFirst(n.node, out) || n.min === 0;
  }
}

/**
 * Trigger words of many patterns in one character trie: one pass over a message marks every pattern that can match it.
 * Owners are small integers handed out by `register`; a pattern with no provable words is marked on every text.
 * Words start where no word character ([a-z0-9']) precedes, as for `wordPattern`, or also where no letter does.
 */
export class TriggerIndex {
  private readonly words = new Map<string, number[]>();
  private readonly always: number[] = [];
  /**
   * Owner of each distinct word list (ALWAYS for none): the same list gets the same owner, so analyzers built again
   * from the same data (tests, benchmarks) share one index without growing it.
   */
  private readonly ownerOf = new Map<string, number>();
  private owners = 0;
  private next: Int32Array = new Int32Array(0);
  /** Owners whose word ends at trie node i: ownerList[ownerStart[i] .. ownerStart[i + 1]). */
  private ownerStart: Int32Array = new Int32Array(1);
  private ownerList: Int32Array = new Int32Array(0);
  private dirty = true;
  private lastNorm: string | null = null;
  private lastMarks: Uint8Array = new Uint8Array(0);

  /**
   * `looseStarts`: a word also starts inside a run of word characters right after a digit or an apostrophe ("3weeks",
   * "x'left"), which is where a pattern behind `(?<![a-z])` (rather than `wordPattern`'s `(?<![a-z0-9'])`) may start.
   */
  constructor(private readonly looseStarts = false) {}

  /** Registers a pattern source; returns its owner id (marked on every text when it has no provable trigger words). */
  register(src: string): number {
    const words = triggersOf(src);
    if (words !== null) return this.registerWords(words);
    const owner = this.ownerOf.get(ALWAYS);
    if (owner !== undefined) return owner;
    this.ownerOf.set(ALWAYS, this.owners);
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
    for (const w of words) if (w.length === 0 || ![...w].every(isWordChar)) throw new Error(`trigger word must be [a-z0-9']+: "${w}"`);
    const key = [...new Set(words)].sort().join(' ');
    const known = this.ownerOf.get(key);
    if (known !== undefined) return known;
    const owner = this.owners++;
    this.ownerOf.set(key, owner);
    for (const w of words) {
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
    this.ownerStart = new Int32Array(nodes + 1);
    const list: number[] = [];
    for (let node = 0; node < nodes; node++) {
      this.ownerStart[node] = list.length;
      list.push(...(ownersAt[node] ?? []));
    }
    this.ownerStart[nodes] = list.length;
    this.ownerList = Int32Array.from(list);
    this.dirty = false;
    this.lastNorm = null;
  }

  /**
   * Marks (1 per owner) of the patterns whose trigger words occur in `norm`. The last result is reused for the same
   * text, and its buffer is refilled for the next one (a new typed array per message cost more than the walk): read
   * the marks before asking about another text.
   */
  marks(norm: string): Uint8Array {
    if (this.dirty) this.build();
    if (norm === this.lastNorm && this.lastMarks.length === this.owners) return this.lastMarks;
    let marks = this.lastMarks;
    if (marks.length === this.owners) marks.fill(0);
    else marks = new Uint8Array(this.owners);
    for (const owner of this.always) marks[owner] = 1;
    const n = norm.length;
    let i = 0;
    while (i < n) {
      if (symbolOf(norm.charCodeAt(i)) < 0) {
        i++;
        continue;
      }
      const start = i;
      i = this.walk(norm, start, marks);
      // Loose starts: inside a run, right after a digit or an apostrophe (every other word character is a letter).
      if (this.looseStarts) for (let k = start + 1; k < i; k++) if (norm.charCodeAt(k - 1) < 97) this.walk(norm, k, marks);
    }
    this.lastNorm = norm;
    this.lastMarks = marks;
    return marks;
  }

  /** Walks the trie along the run of word characters at `from`, marking every trigger that is a prefix of it; returns the run's end. */
  private walk(norm: string, from: number, marks: Uint8Array): number {
    const { next, ownerStart, ownerList } = this;
    const n = norm.length;
    let i = from;
    let node = 0;
    for (; i < n; i++) {
      const sym = symbolOf(norm.charCodeAt(i));
      if (sym < 0) break;
      if (node < 0) continue;
      node = next[node * 37 + sym] as number;
      if (node >= 0) for (let k = ownerStart[node] as number; k < (ownerStart[node + 1] as number); k++) marks[ownerList[k] as number] = 1;
    }
    return i;
  }
}

function symbol(c: number): number {
  if (c >= 97) return c - 97;
  if (c >= 48 && c <= 57) return c - 48 + 26;
  return 36;
}

/** `ownerOf` key of the owner with no trigger words (never a word list: "*" is not a word character). */
const ALWAYS = '*';

/** Trie symbol of each ASCII character ([a-z0-9'] as in `symbol`), -1 for one that is not part of a word. */
const SYMBOLS = new Int8Array(128).fill(-1);
for (let c = 0; c < 128; c++) if (isWordCode(c)) SYMBOLS[c] = symbol(c);
const symbolOf = (c: number): number => (c < 128 ? (SYMBOLS[c] as number) : -1);

/**
 * The index every pattern of the matcher registers in (lexicon sets, muscle cues, red-flag rules, `GuardedPattern`s):
 * one walk per message marks them all. Loose word starts, as the `GuardedPattern`s need: for the others that only
 * marks a little more, never less.
 */
export const sharedTriggers = new TriggerIndex(true);

/**
 * A regex written in code that runs over a whole normalised message, with its trigger words: `mayMatch` is false only
 * when the regex cannot match, so a message without them skips it. A match may start anywhere unless the source begins
 * with `(?<![a-z])`; flags other than g and y are not analysed (the regex then always runs).
 */
export class GuardedPattern {
  /** Every guarded regex made so far (the tests check each one's guard against the regex itself). */
  static readonly all: GuardedPattern[] = [];
  private readonly owner: number;

  constructor(readonly re: RegExp) {
    GuardedPattern.all.push(this);
    const plainFlags = /^g?y?$/.test(re.flags);
    // Anchored only when the lookbehind governs the whole pattern (no top-level alternative without it).
    const anchored = re.source.startsWith('(?<![a-z])') && patternInfo(re.source).alts?.length === 1;
    const words = plainFlags ? triggersOf(re.source, anchored) : null;
    this.owner = words === null ? sharedTriggers.registerAlways() : sharedTriggers.registerWords(words);
  }

  /** False when the regex cannot match `text`. */
  mayMatch(text: string): boolean {
    return sharedTriggers.marks(text)[this.owner] === 1;
  }

  /** `re.test(text)` for a regex without the g flag, skipped when it cannot match. */
  test(text: string): boolean {
    return this.mayMatch(text) && this.re.test(text);
  }
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
