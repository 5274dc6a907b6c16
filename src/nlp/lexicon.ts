import { z } from 'zod';
import { MUSCLE_IDS, TECHNIQUE_IDS } from '../knowledge/vocabulary';
import type { Aggravator, BodyArea, PainQuality } from './types';
import lexiconJson from './data/lexicon.json';
import { TriggerIndex, firstChars, neverMatchesEmpty, sharedTriggers, triggersOf } from './triggers';

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

const patterns = z.array(patternSource).min(1);
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

/** One hit of a compiled pattern set in normalised text. */
export interface PatternHit<Id extends string = string> {
  id: Id;
  start: number;
  end: number;
  text: string;
}

/**
 * Several named pattern lists compiled into ONE alternation, longest source first, so a single pass finds the most
 * specific non-overlapping phrases ("back of my thigh" before "back").
 *
 * Speed without changing a result: when none of the set's trigger words (`triggers.ts`) occurs in a message, no
 * pattern can match and the set is not run. The scanning alternation has no capture groups (with 50 of them every
 * step of the scan saves and restores registers); the pattern behind a hit is read by running the capturing
 * alternation once, sticky, at the hit's start, where it takes the same alternative as the scan did.
 */
export class PatternSet<Id extends string = string> {
  private readonly re: RegExp;
  private readonly ids: Id[];
  /** The same alternation with one group per pattern, sticky: run only where a hit starts, to name its pattern. */
  private readonly capturing: RegExp;
  /** The pattern sources, longest first (`original` as written, `sources` as compiled). */
  private readonly original: string[];
  private readonly sources: string[];
  /**
   * Per first character of a hit (ASCII), the capturing alternation over only the patterns that can start with it, in
   * their order, built on first use: it takes the same alternative as the full one (the others cannot match there)
   * and clears a few capture registers instead of one per pattern.
   */
  private readonly byFirst: Array<{ re: RegExp; ids: Id[] } | undefined> = [];
  /** The one id when every pattern has it (domain, pain and other-body words): no need to ask which pattern hit. */
  private readonly singleId: Id | null;
  /** Owner of the whole set in the trigger index (marked when any of its patterns may match). */
  private readonly owner: number;
  private readonly index: TriggerIndex;
  /** No pattern can match the empty string, so `test` is true exactly when `scan` finds a hit. */
  readonly neverEmpty: boolean;

  constructor(entries: ReadonlyArray<readonly [Id, readonly string[]]>, index: TriggerIndex = new TriggerIndex()) {
    const alts: Array<{ id: Id; src: string }> = [];
    for (const [id, srcs] of entries) for (const src of srcs) alts.push({ id, src });
    alts.sort((a, b) => b.src.length - a.src.length);
    this.index = index;
    const sources = alts.map((a) => a.src);
    this.ids = alts.map((a) => a.id);
    this.singleId = this.ids.every((id) => id === this.ids[0]) && this.ids.length > 0 ? (this.ids[0] as Id) : null;
    const words = new Set<string>();
    let always = false;
    for (const a of alts) {
      const w = triggersOf(a.src);
      if (w === null) always = true;
      else for (const x of w) words.add(x);
    }
    this.owner = always || words.size === 0 ? index.registerAlways() : index.registerWords([...words]);
    this.original = sources;
    this.sources = sources.map(hoistLookbehind);
    this.re = new RegExp(`(?<![a-z0-9'])(?:${this.sources.join('|')})(?![a-z0-9])`, 'g');
    this.capturing = new RegExp(`(?:${this.sources.map((s) => `(${s})`).join('|')})(?![a-z0-9])`, 'y');
    this.neverEmpty = sources.every(neverMatchesEmpty);
  }

  /** All hits, left to right. */
  scan(norm: string): Array<PatternHit<Id>> {
    const out: Array<PatternHit<Id>> = [];
    const marks = this.index.marks(norm);
    if (marks[this.owner] === 0) return out;
    const re = this.re;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(norm)) !== null) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const start = m.index;
      const end = start + m[0].length;
      out.push({ id: this.idAt(norm, start), start, end, text: m[0] });
    }
    return out;
  }

  /** The pattern the alternation took for the hit at `start`: the capturing alternation, tried at that place only. */
  private idAt(norm: string, start: number): Id {
    if (this.singleId !== null) return this.singleId;
    const c = norm.charCodeAt(start);
    const narrow = c < 128 ? (this.byFirst[c] ??= this.startingWith(c)) : undefined;
    const re = narrow?.re ?? this.capturing;
    const ids = narrow?.ids ?? this.ids;
    re.lastIndex = start;
    const m = re.exec(norm) as RegExpExecArray;
    for (let g = 1; g < m.length; g++) if (m[g] !== undefined) return ids[g - 1] as Id;
    throw new Error('PatternSet: hit without a pattern');
  }

  /** The capturing alternation over the patterns whose matches can start with character `c`. */
  private startingWith(c: number): { re: RegExp; ids: Id[] } {
    const picked: number[] = [];
    this.original.forEach((src, i) => {
      const first = firstChars(src);
      if (first === null || first[c] === 1) picked.push(i);
    });
    const alternation = picked.map((i) => `(${this.sources[i] as string})`).join('|');
    return { re: new RegExp(`(?:${alternation})(?![a-z0-9])`, 'y'), ids: picked.map((i) => this.ids[i] as Id) };
  }

  /** True when any pattern occurs. */
  test(norm: string): boolean {
    if (this.index.marks(norm)[this.owner] === 0) return false;
    this.re.lastIndex = 0;
    const hit = this.re.test(norm);
    this.re.lastIndex = 0;
    return hit;
  }
}

/** `(?<=my )behind...`: a leading lookbehind, its contents, and the plain character after it (not quantified). */
const LEADING_LOOKBEHIND = /^\(\?<([=!])([^()[\]\\]*)\)([a-z0-9 ])(?![?*+{])/;

/**
 * The same pattern with a leading lookbehind moved past the literal character after it: `(?<=my )behind` becomes
 * `b(?<=(?:my )b)ehind`, which matches exactly the same. One alternative that starts with an assertion stops V8
 * from pre-checking the first characters of a whole alternation, which made the body-area scan about 2.5x slower.
 */
export function hoistLookbehind(src: string): string {
  const m = LEADING_LOOKBEHIND.exec(src);
  if (m === null) return src;
  const [whole, kind, inside, ch] = m as unknown as [string, string, string, string];
  return `${ch}(?<${kind}(?:${inside})${ch})${src.slice(whole.length)}`;
}

/** A single pattern with the same word-boundary rules as PatternSet. */
export function wordPattern(src: string, flags = 'g'): RegExp {
  return new RegExp(`(?<![a-z0-9'])(?:${src})(?![a-z0-9])`, flags);
}

/** The lexicon, validated and compiled once. */
export interface CompiledLexicon {
  data: LexiconData;
  /** Trigger words of every lexicon pattern and muscle cue: the process-wide `sharedTriggers`. */
  triggers: TriggerIndex;
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
  const triggers = sharedTriggers;
  return {
    data,
    triggers,
    rewrites: new Map(Object.entries(data.rewrites).filter(([k, v]) => k !== v)),
    muscles: new PatternSet(entriesOf(data.muscles), triggers),
    techniques: new PatternSet(entriesOf(data.techniques), triggers),
    areas: new PatternSet(entriesOf(data.areas), triggers),
    aggravators: new PatternSet(entriesOf(data.aggravators), triggers),
    qualities: new PatternSet(entriesOf(data.qualities), triggers),
    findings: new PatternSet(entriesOf(data.findings), triggers),
    domain: new PatternSet([['domain', data.domain]], triggers),
    painWords: new PatternSet([['pain', data.painWords]], triggers),
    otherBodyParts: new PatternSet([['other', data.otherBodyParts]], triggers),
  };
}
