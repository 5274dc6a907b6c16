import type { ConceptReader, WordSteps } from './concepts';
import type { FlagModel, StemRows } from './flagModel';
import type { IntentClassifier, WordRows } from './intentClassifier';
import { RegexpTokenizer } from './natural';

/** Characters of a message the heavier steps (features, muscles, intent) look at; red flags scan everything. */
export const HEAVY_LIMIT = 2000;

/** Clause punctuation kept as tokens: negation and "if" scopes stop at them. */
export const PUNCTUATION = new Set(['.', ',', ';', '!', '?', ':']);

/** One message, normalised: lower case, contractions expanded, slang and spelling variants rewritten. */
export interface PreparedText {
  /** Tokens in order; punctuation tokens included. */
  tokens: string[];
  /** Tokens joined by single spaces: the string every lexicon and red-flag pattern runs over. */
  norm: string;
  /** Character offset of each token in `norm`. */
  starts: number[];
  /** Each token's record (`prepare` makes them; absent on a text put together by hand). */
  words?: Word[];
}

/**
 * A word as the models read it. With a memo, `prepare` gives the same record for the same word every time, and a model
 * keeps what it looked up about the word here (marked with the model, so another model never reads it): the word is
 * then one lookup a message (the memo's), not one more per model.
 */
export interface Word {
  readonly text: string;
  intentOf: IntentClassifier | null;
  intent: WordRows | null;
  flagOf: FlagModel | null;
  flag: StemRows | null;
  conceptsOf: ConceptReader | null;
  concepts: WordSteps | null;
}

const word = (text: string): Word => ({ text, intentOf: null, intent: null, flagOf: null, flag: null, conceptsOf: null, concepts: null });

const TOKENIZER = new RegexpTokenizer({ pattern: /[a-z0-9]+(?:'[a-z]+)?|[.,;!?:]/g, gaps: false });
const HAS_DIGIT = /[0-9]/;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** Irregular contractions; the regular ones (n't, 're, 've, 'll, 'm, 'd) are split by rule. */
const CONTRACTIONS = new Map<string, readonly string[]>(Object.entries({
  "can't": ['can', 'not'],
  cant: ['can', 'not'],
  cannot: ['can', 'not'],
  "won't": ['will', 'not'],
  wont: ['will', 'not'],
  "ain't": ['am', 'not'],
  "shan't": ['shall', 'not'],
  dont: ['do', 'not'],
  doesnt: ['does', 'not'],
  didnt: ['did', 'not'],
  havent: ['have', 'not'],
  hasnt: ['has', 'not'],
  hadnt: ['had', 'not'],
  isnt: ['is', 'not'],
  arent: ['are', 'not'],
  wasnt: ['was', 'not'],
  werent: ['were', 'not'],
  couldnt: ['could', 'not'],
  wouldnt: ['would', 'not'],
  shouldnt: ['should', 'not'],
  im: ['i', 'am'],
  ive: ['i', 'have'],
  "it's": ['it', 'is'],
  "let's": ['let', 'us'],
  "what's": ['what', 'is'],
  whats: ['what', 'is'],
  "that's": ['that', 'is'],
  "there's": ['there', 'is'],
  "he's": ['he', 'is'],
  "she's": ['she', 'is'],
  "who's": ['who', 'is'],
  "how's": ['how', 'is'],
  "where's": ['where', 'is'],
}));

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Whether a character is one some step of `cleanText` rewrites (tags, entities, shorthand with "/", units after
 * digits, backticks, anything non-ASCII). Text without any of them only needs lower case and the letter-run collapse.
 */
const needsFullClean = (c: number): boolean => c >= 128 || c === 60 || c === 38 || c === 47 || c === 96 || (c >= 48 && c <= 57);

/** Plain text from what a chat client may send: HTML tags, entities, markdown marks, odd quotes and dashes. */
export function cleanText(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  // One pass answers both questions of the common case: anything to rewrite, and any run of three (lower-cased) letters.
  let run = 0;
  let last = -1;
  let runs = false;
  let plain = true;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (needsFullClean(c)) {
      plain = false;
      break;
    }
    const lower = c >= 65 && c <= 90 ? c + 32 : c;
    run = lower === last ? run + 1 : 1;
    last = lower;
    if (run >= 3 && lower >= 97 && lower <= 122) runs = true;
  }
  if (plain) return runs ? raw.toLowerCase().replace(/([a-z])\1{2,}/g, '$1$1') : raw.toLowerCase();
  let text = raw.replace(/<[^<>]{0,300}>/g, ' ').replace(/&(amp|lt|gt|quot|apos|nbsp|#39);/gi, (_m, e: string) => ENTITIES[e.toLowerCase()] ?? ' ');
  // Accents off ("Rücken" -> "rucken") so Latin-script words are not split in two; ASCII text skips the work.
  if (NON_ASCII.test(text)) text = text.normalize('NFKC').normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  text = text
    .replace(/[\u2018\u2019\u02bc\u0060\u00b4]/g, "'")
    .replace(/[\u2013\u2014\u2212]/g, ' - ')
    .toLowerCase()
    // "w/o dieting", "b/c", "&": shorthand that the tokeniser would otherwise split into noise.
    .replace(/(?<![a-z])w\/o(?![a-z])/g, ' without ')
    .replace(/(?<![a-z])w\/(?=[a-z ])/g, ' with ')
    .replace(/(?<![a-z])b\/c(?![a-z])/g, ' because ')
    .replace(/&/g, ' and ')
    // "8kg", "10lbs", "38c": a number glued to its unit becomes two tokens the rules can read.
    .replace(/([0-9])(kgs?|kilos?|kilograms?|lbs?|pounds?|stone|c|f|degrees)(?![a-z])/g, '$1 $2');
  return collapseRuns(text);
}

/**
 * "heyyyy", "sooooo sore": three or more of a letter are never English spelling, so runs shrink to two. The regex
 * replace walks every character with a backreference; most messages have no run, which a plain loop finds first.
 */
function collapseRuns(text: string): string {
  for (let i = 2; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122 && c === text.charCodeAt(i - 1) && c === text.charCodeAt(i - 2)) return text.replace(/([a-z])\1{2,}/g, '$1$1');
  }
  return text;
}

/** Whitespace `displayText` would change: any run of two, any other than a space, or a space at either end. */
const ODD_SPACE = /\s\s|[^\S ]|^\s|\s$/;

/** ODD_SPACE.test(text), with a plain loop for ASCII text (JavaScript's \s there is tab to carriage return and space). */
function hasOddSpace(text: string): boolean {
  let previous = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) return ODD_SPACE.test(text);
    const space = c === 32 || (c >= 9 && c <= 13);
    if (space && (c !== 32 || previous || i === 0 || i === text.length - 1)) return true;
    previous = space;
  }
  return false;
}

/** The input as shown back: whitespace collapsed, trimmed, cut to HEAVY_LIMIT characters. */
export function displayText(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  const head = raw.length > HEAVY_LIMIT * 2 ? raw.slice(0, HEAVY_LIMIT * 2) : raw;
  // Most messages have nothing to collapse or trim.
  if (!hasOddSpace(head)) return head.slice(0, HEAVY_LIMIT);
  return head.replace(/\s+/g, ' ').trim().slice(0, HEAVY_LIMIT);
}

function splitContraction(token: string): readonly string[] {
  const fixed = CONTRACTIONS.get(token);
  if (fixed) return fixed;
  const apos = token.indexOf("'");
  if (apos < 0) return [token];
  const stem = token.slice(0, apos);
  const tail = token.slice(apos + 1);
  if (tail === 't' && stem.endsWith('n')) return [stem.slice(0, -1), 'not'];
  if (tail === 're') return [stem, 'are'];
  if (tail === 've') return [stem, 'have'];
  if (tail === 'll') return [stem, 'will'];
  if (tail === 'm') return [stem, 'am'];
  if (tail === 'd') return [stem, 'would'];
  // Possessive or "is" after a noun: the noun carries the meaning.
  return stem ? [stem] : [];
}

/** Word-level rewriting (slang, spelling variants, typo fixes) supplied by the lexicon. */
export type TokenRewriter = (token: string) => string | null;

/** Most raw tokens a `prepare` memo keeps before it starts again. */
const MEMO_LIMIT = 20_000;

/**
 * Tokenises with natural's RegexpTokenizer, expands contractions and applies `rewrite` per word
 * (a rewrite may be several words, e.g. "ur" -> "your"; null leaves the word alone). `memo`, kept by a caller whose
 * `rewrite` is pure, remembers each raw token's words: people repeat their words, and one lookup then replaces
 * the contraction, rewrite and spelling lookups (and the models' own, `Word`).
 */
export function prepare(cleaned: string, rewrite: TokenRewriter, memo?: Map<string, readonly Word[]>): PreparedText & { words: Word[] } {
  // The marks become spaces only for the decimal rule's sake ("3-.5"): the tokeniser skips them anyway, so text
  // without a "." or without a digit needs neither step.
  const text =
    cleaned.includes('.') && HAS_DIGIT.test(cleaned)
      ? cleaned.replace(/[-_/\\|*#~`>[\]()"+=^{}]+/g, ' ').replace(/(\d)\s*\.\s*(\d)/g, '$1 point $2')
      : cleaned;
  const raw = TOKENIZER.tokenize(text) ?? [];
  const tokens: string[] = [];
  const words: Word[] = [];
  for (const r of raw) {
    let parts = memo?.get(r);
    if (parts === undefined) {
      const out: string[] = [];
      expand(out, r, rewrite);
      parts = out.map(word);
      if (memo !== undefined) {
        if (memo.size >= MEMO_LIMIT) memo.clear();
        memo.set(r, parts);
      }
    }
    for (let k = 0; k < parts.length; k++) {
      const w = parts[k] as Word;
      tokens.push(w.text);
      words.push(w);
    }
  }
  const starts: number[] = new Array<number>(tokens.length);
  let offset = 0;
  for (let i = 0; i < tokens.length; i++) {
    starts[i] = offset;
    offset += (tokens[i] as string).length + 1;
  }
  return { tokens, norm: tokens.join(' '), starts, words };
}

/** Pushes the words a raw token stands for: contraction split, then each part rewritten. */
function expand(tokens: string[], r: string, rewrite: TokenRewriter): void {
  // Most tokens are plain words: no contraction to look up, no array to build.
  if (r.indexOf("'") < 0 && !CONTRACTIONS.has(r)) pushRewritten(tokens, r, rewrite);
  else for (const part of splitContraction(r)) pushRewritten(tokens, part, rewrite);
}

function pushRewritten(tokens: string[], part: string, rewrite: TokenRewriter): void {
  const replaced = rewrite(part);
  if (replaced === null) tokens.push(part);
  else if (replaced.length > 0) for (const w of replaced.split(' ')) tokens.push(w);
}

/** Index of the token that contains character `offset` of `norm` (binary search over `starts`). */
export function tokenAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const CHUNK_OVERLAP = 120;

/** Splits a long text into pieces of at most `size` characters, preferring sentence ends, for cheap red-flag scans. */
export function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    let end = Math.min(text.length, i + size);
    if (end < text.length) {
      const window = text.slice(i + Math.floor(size / 2), end);
      const cut = Math.max(window.lastIndexOf('. '), window.lastIndexOf('\n'), window.lastIndexOf('! '), window.lastIndexOf('? '));
      if (cut >= 0) end = i + Math.floor(size / 2) + cut + 1;
    }
    // Overlap the previous piece so a phrase cut at the seam is still seen whole.
    out.push(text.slice(Math.max(0, i - CHUNK_OVERLAP), end));
    i = end;
  }
  return out;
}
