import { z } from 'zod';
import { MUSCLE_IDS, TECHNIQUE_IDS } from '../knowledge/vocabulary';
import type { Aggravator, BodyArea, PainQuality } from './types';
import lexiconJson from './data/lexicon.json';

const BODY_AREAS = [
  'buttock', 'sit-bone', 'low-back', 'waist', 'hip-side', 'hip-front', 'hip', 'groin', 'thigh-back', 'thigh-side', 'thigh-front',
  'knee', 'calf', 'shin', 'ankle', 'foot',
] as const satisfies readonly BodyArea[];
const AGGRAVATORS = [
  'sitting', 'driving', 'crossing-legs', 'standing', 'walking', 'stairs', 'running', 'bending', 'twisting', 'lying-on-side',
  'rolling-in-bed', 'standing-up-from-sitting', 'lifting-knee', 'coughing-sneezing',
] as const satisfies readonly Aggravator[];
const QUALITIES = [
  'deep-ache', 'ache', 'sharp', 'shooting', 'burning', 'tight', 'pulling', 'stiff', 'throbbing', 'cramping',
] as const satisfies readonly PainQuality[];
const FINDINGS = ['numbness', 'tingling', 'weakness'] as const;

/** A regex source that compiles and has no capturing groups (the compiled alternations number their own). */
const patternSource = z.string().min(1).superRefine((src, ctx) => {
  try {
    const groups = (new RegExp(`${src}|`).exec('') ?? []).length - 1;
    if (groups > 0) ctx.addIssue({ code: 'custom', message: `pattern has a capturing group, use (?:...): ${src}` });
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `bad regex ${src}: ${(err as Error).message}` });
  }
});

/** A lexicon pattern begins with a word (`firstWords`), so a set can tell where its patterns may begin. */
const lexiconPattern = patternSource.refine((src) => firstWords(src) !== null, { message: 'a lexicon pattern must begin with a word (see firstWords)' });
const patterns = z.array(lexiconPattern).min(1);
const partialRecord = <K extends readonly [string, ...string[]]>(keys: K) =>
  z.record(z.enum(keys), patterns).refine((r) => keys.every((k) => k in r), { message: `every one of ${keys.join(', ')} needs patterns` });

const muscleCue = z
  .object({
    muscle: z.enum(MUSCLE_IDS),
    feature: z.string().regex(/^(area|aggravator|quality|spread):[a-z-]+$|^one-sided-low-back$/).optional(),
    pattern: patternSource.optional(),
    requires: z.string().regex(/^(area|aggravator|quality):[a-z-]+$|^any-area$|^no-area$/).optional(),
    weight: z.number().positive(),
    reason: z.string().min(10),
  })
  .refine((c) => (c.feature === undefined) !== (c.pattern === undefined), { message: 'a cue has exactly one of feature or pattern' });

/** Schema of src/nlp/data/lexicon.json. */
export const LexiconSchema = z.object({
  $comment: z.string().optional(),
  rewrites: z.record(z.string().regex(/^[a-z0-9']+$/), z.string().regex(/^[a-z0-9' ]*$/)),
  fuzzyTargets: z.array(z.string().regex(/^[a-z]{4,}$/)).min(10),
  muscles: partialRecord(MUSCLE_IDS),
  techniques: partialRecord(TECHNIQUE_IDS),
  areas: partialRecord(BODY_AREAS),
  aggravators: partialRecord(AGGRAVATORS),
  qualities: partialRecord(QUALITIES),
  findings: partialRecord(FINDINGS),
  domain: patterns,
  painWords: patterns,
  otherBodyParts: patterns,
  muscleCues: z.array(muscleCue).min(5),
});
export type LexiconData = z.infer<typeof LexiconSchema>;
export type MuscleCueData = z.infer<typeof muscleCue>;

/**
 * Walks a regex source, skipping escapes and character classes: calls `at(i, depth)` at each `(`, `)` and `|` with the
 * group depth before it, and stops when `at` returns true.
 */
function walkSource(src: string, at: (i: number, depth: number) => boolean): void {
  let depth = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (c === '[') while (i < src.length && src[i] !== ']') i += src[i] === '\\' ? 2 : 1;
    else if ((c === '(' || c === ')' || c === '|') && at(i, depth)) return;
    if (c === '(') depth++;
    else if (c === ')') depth--;
  }
}

/** The top-level alternatives of a regex source (`|` outside groups and classes). */
function alternatives(src: string): string[] {
  const out: string[] = [];
  let from = 0;
  walkSource(src, (i, depth) => {
    if (src[i] === '|' && depth === 0) {
      out.push(src.slice(from, i));
      from = i + 1;
    }
    return false;
  });
  out.push(src.slice(from));
  return out;
}

/** Index of the `)` closing the group that opens at `src[0]`, or -1. */
function groupEnd(src: string): number {
  let end = -1;
  walkSource(src, (i, depth) => {
    if (src[i] === ')' && depth === 1) end = i;
    return end >= 0;
  });
  return end;
}

/**
 * Words one of which every match of `src` begins with (a prefix of its first word): `buttock` for `buttocks?`, `stand`
 * and `get` for `(?:stand|get)(?:ting)? up`, `my` and `back` for `(?:my )?back`. Lookarounds in front are skipped (they
 * never move where a match starts). null when a match may begin any other way (a class, an escape, an anchor, an
 * empty alternative): such a pattern always runs.
 */
export function firstWords(src: string): string[] | null {
  const out: string[] = [];
  for (const alt of alternatives(src)) {
    let rest = alt;
    while (/^\(\?<?[=!]/.test(rest)) {
      const end = groupEnd(rest);
      if (end < 0 || /^[?*+{]/.test(rest.slice(end + 1))) return null;
      rest = rest.slice(end + 1);
    }
    if (rest.startsWith('(?:')) {
      const end = groupEnd(rest);
      const inner = end < 0 ? null : firstWords(rest.slice(3, end));
      if (inner === null) return null;
      out.push(...inner);
      // An optional group ("(?:my )?back"): a match may also begin after it. Lazy or not, the same strings match.
      const optional = /^(?:\?|\*|\{0,?\d*\})\??/.exec(rest.slice(end + 1));
      if (optional !== null) {
        const after = firstWords(rest.slice(end + 1 + optional[0].length));
        if (after === null) return null;
        out.push(...after);
      }
      continue;
    }
    let word = /^[a-z0-9']*/.exec(rest)?.[0] ?? '';
    // The last letter is optional before ?, * or {: "buttocks?" may end at "buttock".
    if (/^[?*{]/.test(rest.slice(word.length))) word = word.slice(0, -1);
    if (word.length === 0) return null;
    out.push(word);
  }
  return out;
}

/** Inserts `id` in the ascending list (a handful: Array#sort with a comparator costs more than the rest of the walk). */
function insert(list: number[], id: number): void {
  let j = list.length;
  list.push(id);
  while (j > 0 && (list[j - 1] as number) > id) {
    list[j] = list[j - 1] as number;
    j--;
  }
  list[j] = id;
}

const isLetter = (c: number): boolean => c >= 97 && c <= 122;
const isWordCode = (c: number): boolean => isLetter(c) || (c >= 48 && c <= 57) || c === 39;
/** Trie symbol of a word character: a-z 0-25, 0-9 26-35, ' 36; -1 for anything else. */
const symbolOf = (c: number): number => (isLetter(c) ? c - 97 : c >= 48 && c <= 57 ? c - 22 : c === 39 ? 36 : -1);
const SYMBOLS = 37;

/**
 * Where the patterns of a text may begin: the word starts with candidates, ascending, the candidates of positions[p]
 * being ids[from[p] .. from[p + 1]) in ascending order; and one mark per id (1: the pattern may match the text).
 */
export interface Starts {
  positions: number[];
  from: number[];
  ids: number[];
  marks: Uint8Array;
}

/**
 * Where each registered pattern may begin in a text, from its first words (`firstWords`): one walk over the text's
 * word starts, along a character trie of every registered first word, lists the patterns that may begin at each.
 * A pattern listed nowhere cannot match. A word starts at a word character ([a-z0-9']) that follows anything but a
 * letter (so also inside "3weeks", where a pattern behind `(?<![a-z])` may begin). A pattern with no first words is
 * marked on every text and listed nowhere. Registering the same sources again returns the same ids, so building
 * analyzers again (tests, benchmarks) does not grow the index.
 */
export class FirstWordIndex {
  /** The trie while registering: words and the ids they start (listed at positions, or only marked). */
  private readonly words = new Map<string, { listed: number[]; marked: number[] }>();
  private readonly always: number[] = [];
  private readonly idOf = new Map<string, number>();
  private size = 0;
  /** The trie, built on first use: child of node n by symbol s at next[n * SYMBOLS + s] (0: none), ids ending at n. */
  private next = new Int32Array(SYMBOLS);
  private idsAt: number[][] = [[]];
  private markAt: number[][] = [[]];
  private built = false;
  private lastNorm: string | null = null;
  /** The last text's candidates; the buffers are refilled for the next text, so read them before asking about another. */
  private readonly last: Starts = { positions: [], from: [], ids: [], marks: new Uint8Array(0) };
  private readonly here: number[] = [];

  /**
   * Consecutive ids for pattern sources, in order. `listed`: `starts` lists where each may begin (PatternSet);
   * otherwise only its mark is kept (a regex that is run or skipped whole).
   */
  register(sources: readonly string[], listed = false): number {
    const key = `${listed}\u0000${sources.join('\u0000')}`;
    const known = this.idOf.get(key);
    if (known !== undefined) return known;
    const base = this.size;
    this.idOf.set(key, base);
    this.size += sources.length;
    this.built = false;
    sources.forEach((src, k) => {
      const words = firstWords(src);
      if (words === null) this.always.push(base + k);
      else {
        for (const w of new Set(words)) {
          let entry = this.words.get(w);
          if (entry === undefined) this.words.set(w, (entry = { listed: [], marked: [] }));
          (listed ? entry.listed : entry.marked).push(base + k);
        }
      }
    });
    return base;
  }

  private build(): void {
    const next: number[] = new Array<number>(SYMBOLS).fill(0);
    const idsAt: number[][] = [[]];
    const markAt: number[][] = [[]];
    for (const [word, { listed, marked }] of this.words) {
      let node = 0;
      for (let i = 0; i < word.length; i++) {
        const slot = node * SYMBOLS + symbolOf(word.charCodeAt(i));
        if (next[slot] === 0) {
          next[slot] = idsAt.length;
          idsAt.push([]);
          markAt.push([]);
          for (let s = 0; s < SYMBOLS; s++) next.push(0);
        }
        node = next[slot] as number;
      }
      (idsAt[node] as number[]).push(...listed);
      (markAt[node] as number[]).push(...marked);
    }
    this.next = Int32Array.from(next);
    this.idsAt = idsAt;
    this.markAt = markAt;
    this.last.marks = new Uint8Array(this.size);
    this.lastNorm = null;
    this.built = true;
  }

  /** The candidates of `norm` (the last text's are kept). */
  starts(norm: string): Starts {
    if (!this.built) this.build();
    const out = this.last;
    if (norm === this.lastNorm) return out;
    out.positions.length = 0;
    out.from.length = 0;
    out.ids.length = 0;
    out.marks.fill(0);
    for (const id of this.always) out.marks[id] = 1;
    const { next, idsAt, markAt, here } = this;
    const marks = out.marks;
    let previous = 32;
    for (let i = 0; i < norm.length; i++) {
      const c = norm.charCodeAt(i);
      if (!isLetter(previous) && isWordCode(c)) {
        here.length = 0;
        let node = 0;
        for (let k = i; k < norm.length; k++) {
          const s = symbolOf(norm.charCodeAt(k));
          node = s < 0 ? 0 : (next[node * SYMBOLS + s] as number);
          if (node === 0) break;
          const ending = idsAt[node] as number[];
          for (let e = 0; e < ending.length; e++) insert(here, ending[e] as number);
          const marked = markAt[node] as number[];
          for (let e = 0; e < marked.length; e++) marks[marked[e] as number] = 1;
        }
        if (here.length > 0) {
          out.positions.push(i);
          out.from.push(out.ids.length);
          for (let e = 0; e < here.length; e++) {
            const id = here[e] as number;
            out.ids.push(id);
            out.marks[id] = 1;
          }
        }
      }
      previous = c;
    }
    out.from.push(out.ids.length);
    this.lastNorm = norm;
    return out;
  }

  /** One mark (0 or 1) per id: 1 when the pattern may match `norm`. */
  marks(norm: string): Uint8Array {
    return this.starts(norm).marks;
  }
}

/** The process-wide index of the lexicon sets, muscle cues and the code's own phrase regexes. */
export const firstWordIndex = new FirstWordIndex();

/**
 * A regex in code, run only when one of its first words occurs. Only a source that is one alternative beginning with
 * a word boundary (`(?<![a-z])` or `(?<![a-z0-9'])`) is ever skipped; others, and sticky or case-blind ones, always run.
 */
export class GuardedPattern {
  /** Every guarded pattern made (the tests compare each with its plain regex). */
  static readonly all: GuardedPattern[] = [];
  private readonly owner: number;

  constructor(readonly re: RegExp) {
    const bounded = /^\(\?<!\[a-z(?:0-9')?\]\)/.test(re.source) && alternatives(re.source).length === 1 && /^g?$/.test(re.flags);
    this.owner = firstWordIndex.register([bounded ? re.source : '']);
    GuardedPattern.all.push(this);
  }

  /** False only when the pattern cannot match `norm`. */
  mayMatch(norm: string): boolean {
    return firstWordIndex.marks(norm)[this.owner] === 1;
  }

  /** `re.test(norm)`, skipped when the pattern cannot match. */
  test(norm: string): boolean {
    if (!this.mayMatch(norm)) return false;
    this.re.lastIndex = 0;
    const hit = this.re.test(norm);
    this.re.lastIndex = 0;
    return hit;
  }
}

/** One hit of a compiled pattern set in normalised text. */
export interface PatternHit<Id extends string = string> {
  id: Id;
  start: number;
  end: number;
  text: string;
}

/**
 * Several named pattern lists, longest source first, read as one alternation would: at each place a pattern may begin
 * (a word start where one of its first words begins, `FirstWordIndex`), the first pattern that matches there wins, and
 * the next hit starts after it. So "back of my thigh" wins over "back", and hits never overlap.
 */
export class PatternSet<Id extends string = string> {
  private readonly ids: Id[];
  /** Each pattern, sticky, with the set's word boundary after it (the one before it is checked by position). */
  private readonly res: RegExp[];
  /** The set's first id in the first-word index (its patterns have the next ones, in order). */
  private readonly base: number;

  constructor(entries: ReadonlyArray<readonly [Id, readonly string[]]>) {
    const alts: Array<{ id: Id; src: string }> = [];
    for (const [id, srcs] of entries) for (const src of srcs) alts.push({ id, src });
    alts.sort((a, b) => b.src.length - a.src.length);
    this.ids = alts.map((a) => a.id);
    this.res = alts.map((a) => new RegExp(`(?:${a.src})(?![a-z0-9])`, 'y'));
    this.base = firstWordIndex.register(alts.map((a) => a.src), true);
  }

  /** All hits, left to right (`first`: only the first). */
  scan(norm: string, first = false): Array<PatternHit<Id>> {
    const out: Array<PatternHit<Id>> = [];
    const { positions, from, ids } = firstWordIndex.starts(norm);
    const lo = this.base;
    const hi = lo + this.res.length;
    let next = 0;
    for (let p = 0; p < positions.length; p++) {
      const at = positions[p] as number;
      // The set's patterns begin where no word character ([a-z0-9']) comes before.
      if (at < next || (at > 0 && isWordCode(norm.charCodeAt(at - 1)))) continue;
      for (let k = from[p] as number; k < (from[p + 1] as number); k++) {
        const id = ids[k] as number;
        if (id < lo || id >= hi) continue;
        const re = this.res[id - lo] as RegExp;
        re.lastIndex = at;
        const m = re.exec(norm);
        if (m === null) continue;
        // The alternation stops at the first pattern that matches here, even when it matched nothing.
        if (m[0].length > 0) {
          out.push({ id: this.ids[id - lo] as Id, start: at, end: at + m[0].length, text: m[0] });
          next = at + m[0].length;
          if (first) return out;
        }
        break;
      }
    }
    return out;
  }

  /** True when any pattern has a hit (as `scan` counts them). */
  test(norm: string): boolean {
    return this.scan(norm, true).length > 0;
  }
}

/** A single pattern with the same word-boundary rules as PatternSet. */
export function wordPattern(src: string, flags = 'g'): RegExp {
  return new RegExp(`(?<![a-z0-9'])(?:${src})(?![a-z0-9])`, flags);
}

/** The lexicon, validated and compiled once. */
export interface CompiledLexicon {
  data: LexiconData;
  rewrites: ReadonlyMap<string, string>;
  muscles: PatternSet<(typeof MUSCLE_IDS)[number]>;
  techniques: PatternSet<(typeof TECHNIQUE_IDS)[number]>;
  areas: PatternSet<BodyArea>;
  aggravators: PatternSet<Aggravator>;
  qualities: PatternSet<PainQuality>;
  findings: PatternSet<(typeof FINDINGS)[number]>;
  domain: PatternSet<'domain'>;
  painWords: PatternSet<'pain'>;
  otherBodyParts: PatternSet<'other'>;
}

const entriesOf = <Id extends string>(r: Partial<Record<Id, string[]>>): Array<readonly [Id, string[]]> =>
  Object.entries(r).map(([k, v]) => [k as Id, v as string[]] as const);

/** Parses and compiles a lexicon; throws with the failing path when the data is invalid. */
export function compileLexicon(raw: unknown = lexiconJson): CompiledLexicon {
  const parsed = LexiconSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`src/nlp/data/lexicon.json is invalid: ${z.prettifyError(parsed.error)}`);
  const data = parsed.data;
  return {
    data,
    rewrites: new Map(Object.entries(data.rewrites).filter(([k, v]) => k !== v)),
    muscles: new PatternSet(entriesOf(data.muscles)),
    techniques: new PatternSet(entriesOf(data.techniques)),
    areas: new PatternSet(entriesOf(data.areas)),
    aggravators: new PatternSet(entriesOf(data.aggravators)),
    qualities: new PatternSet(entriesOf(data.qualities)),
    findings: new PatternSet(entriesOf(data.findings)),
    domain: new PatternSet([['domain', data.domain]]),
    painWords: new PatternSet([['pain', data.painWords]]),
    otherBodyParts: new PatternSet([['other', data.otherBodyParts]]),
  };
}
