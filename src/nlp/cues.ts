import { z } from 'zod';
import { RED_FLAG_IDS, type RedFlagId } from '../knowledge/vocabulary';
import { PhraseMatcher, compileTerm } from './concepts';

/**
 * The intent rules' phrase cues as data (src/nlp/data/cues.json, issue 9): "my back is fine", "what helps", "is
 * massage worth a try", the words of a greeting ... Each cue is a list of terms read by the concept layer's matcher
 * over the same normalised tokens, so a content editor adds a phrase without touching TypeScript. Terms are the
 * concept terms (words, `word*` for a prefix, `~` for a gap of up to three words) plus a shorter gap, `~1` or `~2`
 * ("what ~1 helps": one word at most), and groups: `(a|b|)` stands for "a", "b" or nothing ("back (is|feels) (completely|) fine"). Every cue carries examples that must show it and
 * notExamples that must not (tests/nlp/cues.test.ts runs them).
 */

/** The cues the analyzer's intent rules read: a missing or unknown cue fails at load. */
export const CUE_NAMES = [
  'not-back',
  'own-trouble',
  'what-helps',
  'care-words',
  'home-care',
  'recurs',
  'massage-worth',
  'off-topic',
  'just-tell-me',
  'request-object',
  'care-request',
  'outside-topic',
  'other-treatment',
  'medicine',
  'other-therapy',
  'equipment-ask',
  'other-condition',
  'relation-ask',
  'selfcare-ask',
  'efficacy-doubt',
  'muscle-ask',
  'term-question',
  'knee',
  'other-limb',
  'greeting',
  'thanks',
  'cancel',
  'help',
] as const;
export type CueName = (typeof CUE_NAMES)[number];

// One bit a cue in a 32-bit number: a 32nd cue would share the first one's bit and read as it.
if (CUE_NAMES.length > 31) throw new Error(`cues.ts: ${CUE_NAMES.length} cues do not fit the 31 bits CueReading holds`);
const CUE_BIT = Object.fromEntries(CUE_NAMES.map((n, i) => [n, 1 << i])) as Record<CueName, number>;

/** Lists of concept ids (concepts.json) the intent rules read. */
export const CONCEPT_SET_NAMES = ['in-scope-sites', 'disclaimer-keeps', 'knee-keeps', 'relation-keeps'] as const;
export type ConceptSetName = (typeof CONCEPT_SET_NAMES)[number];

/** Most plain terms one grouped term may stand for. */
const MAX_EXPANSIONS = 2000;
const GROUP = /\(([^()]*)\)/;

/** The plain terms a term with `(a|b|)` groups stands for (no nesting), spaces tidied; empty alternatives drop out. */
export function expandTerm(term: string): string[] {
  let out = [term];
  while (out.some((t) => GROUP.test(t))) {
    const next: string[] = [];
    for (const t of out) {
      const m = GROUP.exec(t);
      if (m === null) {
        next.push(t);
        continue;
      }
      for (const alt of (m[1] as string).split('|')) next.push(t.slice(0, m.index) + alt + t.slice(m.index + m[0].length));
    }
    if (next.length > MAX_EXPANSIONS) throw new Error(`"${term}" stands for more than ${MAX_EXPANSIONS} terms`);
    out = next;
  }
  return out.map((t) => t.trim().replace(/ +/g, ' '));
}

/**
 * What is wrong with a term, or null: checked on the term as written (its groups are not expanded, so a data file of
 * thousands of plain terms validates in a few milliseconds).
 */
export function termProblem(term: string): string | null {
  if (!/^[a-z0-9' *~&|()-]+$/.test(term)) return `"${term}": lower-case words, digits, apostrophes, * (prefix), ~ or ~1 ~2 (gap) and (a|b|) groups only`;
  let depth = 0;
  let count = 1;
  let alternatives = 1;
  for (const c of term) {
    if (c === '(') {
      if (depth++ > 0) return `"${term}": groups are (a|b) pairs, not nested`;
      alternatives = 1;
    } else if (c === ')') {
      if (depth-- === 0) return `"${term}": a ) without its (`;
      count *= alternatives;
    } else if (c === '|') {
      if (depth === 0) return `"${term}": | only inside a group`;
      alternatives++;
    }
  }
  if (depth !== 0) return `"${term}": a ( without its )`;
  if (count > MAX_EXPANSIONS) return `"${term}" stands for more than ${MAX_EXPANSIONS} terms`;
  // Words as written, the group marks taken for spaces: gaps stand alone, prefixes keep three letters.
  const words = term.replace(/[()|]/g, ' ').trim().split(/ +/);
  if (words.some((w) => w.includes('~') && !/^~[12]?$/.test(w))) return `"${term}": a gap is ~, ~1 or ~2 on its own`;
  if (words.some((w) => w.endsWith('*') && w.length < 4)) return `"${term}": a prefix needs at least 3 letters before *`;
  if (/^\(?~|~[12]?\)?$/.test(term.trim())) return `"${term}": a term cannot start or end with a gap`;
  return null;
}

const CueTermSchema = z
  .string()
  .min(1)
  .max(600)
  .superRefine((term, ctx) => {
    const problem = termProblem(term);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });

const CueSchema = z.object({
  note: z.string().min(1),
  terms: z.array(CueTermSchema).min(1),
  /** Messages that must show the cue, and messages that must not (tests/nlp/cues.test.ts). */
  examples: z.array(z.string().min(1)).min(1),
  notExamples: z.array(z.string().min(1)).default([]),
});

/** A name of a red flag's emergency as a whole ("cauda equina"): asked what it means, the answer is those flags. */
const FlagTermSchema = CueSchema.extend({ flags: z.array(z.enum(RED_FLAG_IDS)).min(1) });

export const CueDataSchema = z
  .object({
    $comment: z.string().optional(),
    cues: z.object(Object.fromEntries(CUE_NAMES.map((n) => [n, CueSchema])) as Record<CueName, typeof CueSchema>).strict(),
    flagTerms: z.record(z.string().regex(/^[a-z]+(?:-[a-z]+)*$/), FlagTermSchema),
    conceptSets: z
      .object(Object.fromEntries(CONCEPT_SET_NAMES.map((n) => [n, z.object({ note: z.string().min(1), concepts: z.array(z.string()).min(1) })])) as Record<ConceptSetName, z.ZodObject<{ note: z.ZodString; concepts: z.ZodArray<z.ZodString> }>>)
      .strict(),
  })
  .strict();
export type CueData = z.infer<typeof CueDataSchema>;

/** The compiled cues: one matcher over every cue's terms, read at most once per message. */
export class CueReader {
  /** Values: the cue's bit and the most words a hit may span (a term with a `~1` / `~2` gap is held to it). */
  private readonly matcher = new PhraseMatcher<{ bit: number; maxSpan: number }>();
  /** flagTerms' terms, valued by the flags each stands for. */
  private readonly flagTermMatcher = new PhraseMatcher<readonly RedFlagId[]>();
  readonly data: CueData;
  readonly conceptSets: Readonly<Record<ConceptSetName, readonly string[]>>;

  /**
   * `normalise`: the analyzer's word rewriting, called once per word of every expanded term (the analyzer memoises it
   * for the concept and cue readers together). `conceptIds`: the concept layer's ids, so a concept set naming an
   * unknown concept fails at load.
   */
  constructor(json: unknown, normalise: (word: string) => string[], conceptIds: readonly string[]) {
    const parsed = CueDataSchema.safeParse(json);
    if (!parsed.success) throw new Error(`src/nlp/data/cues.json is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    this.data = parsed.data;
    const add = <T>(matcher: PhraseMatcher<T>, where: string, terms: readonly string[], value: (maxSpan: number) => T): void => {
      for (const term of terms) {
        for (const plain of expandTerm(term)) {
          // A short gap is the matcher's gap with a bound on the whole hit: the matcher reports each term at its
          // shortest end per start, so a hit longer than the bound has no shorter reading.
          // Most of the 6,000 expanded phrases have no gap: they skip the gap's split and replace.
          let maxSpan = 0;
          let words = plain;
          if (plain.includes('~')) {
            for (const w of plain.split(' ')) if (w === '~1' || w === '~2') maxSpan += Number(w[1]) - 3;
            words = plain.replace(/~[12]/g, '~');
          }
          const toks = compileTerm(words, normalise);
          if (toks.length === 0 || toks[0] === null) throw new Error(`src/nlp/data/cues.json: ${where} term "${plain}" normalises to nothing`);
          for (const t of toks) maxSpan += t === null ? 3 : 1;
          matcher.add(toks, value(maxSpan));
        }
      }
    };
    CUE_NAMES.forEach((name, bit) => add(this.matcher, name, this.data.cues[name].terms, (maxSpan) => ({ bit, maxSpan })));
    for (const [name, entry] of Object.entries(this.data.flagTerms)) add(this.flagTermMatcher, name, entry.terms, () => entry.flags);
    const known = new Set(conceptIds);
    const sets = {} as Record<ConceptSetName, readonly string[]>;
    for (const name of CONCEPT_SET_NAMES) {
      const ids = this.data.conceptSets[name].concepts;
      const unknown = ids.filter((c) => !known.has(c));
      if (unknown.length > 0) throw new Error(`src/nlp/data/cues.json: conceptSets.${name} names unknown concepts ${unknown.join(', ')}`);
      sets[name] = ids;
    }
    this.conceptSets = sets;
  }

  /** The cues present in a token list, one bit per cue (CUE_NAMES order). */
  bits(tokens: readonly string[]): number {
    let bits = 0;
    for (const h of this.matcher.scan(tokens)) if (h.end - h.start <= h.value.maxSpan) bits |= 1 << h.value.bit;
    return bits;
  }

  /** The red flags the flagTerms named in a token list stand for, each once, in the order named. */
  flagTerms(tokens: readonly string[]): RedFlagId[] {
    const out: RedFlagId[] = [];
    for (const h of this.flagTermMatcher.scan(tokens)) for (const id of h.value) if (!out.includes(id)) out.push(id);
    return out;
  }

  /** A lazy reading of one message: the tokens are scanned on the first question, once. */
  reading(tokens: readonly string[]): CueReading {
    return new CueReading(this, tokens);
  }
}

/** Which cues one message shows, scanned on first use. */
export class CueReading {
  private found = -1;
  constructor(
    private readonly reader: CueReader,
    private readonly tokens: readonly string[],
  ) {}

  has(name: CueName): boolean {
    if (this.found < 0) this.found = this.reader.bits(this.tokens);
    return (this.found & CUE_BIT[name]) !== 0;
  }
}
