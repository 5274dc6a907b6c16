import { z } from 'zod';
import type { Word } from './text';

/**
 * The concept layer (issue 9): a phrase lexicon (src/nlp/data/concepts.json) finds concept mentions in the
 * normalised tokens; context rules (src/nlp/data/context.json, NegEx/ConText style) mark each mention negated,
 * someone else's, past, hypothetical, asked about or hedged. Red flags and contraindications are compositions of
 * concepts (src/nlp/data/flagRules.json, `compose.ts`). Plain loops over tokens: time is linear in the text.
 */

export const CONCEPT_KINDS = ['site', 'sensation', 'function', 'control', 'event', 'history', 'time', 'laterality', 'person', 'hedge', 'degree'] as const;

/**
 * What is wrong with a concept or context term (every problem, none when it is fine). One plain check per term instead
 * of a chain of zod checks: the data holds some ten thousand terms and the analyzer validates them at every build.
 */
export function conceptTermProblems(t: string): string[] {
  const out: string[] = [];
  if (t.length < 1 || t.length > 120) out.push('a term has 1 to 120 characters');
  if (!/^[a-z0-9' *~&-]+$/.test(t)) out.push('lower-case words, digits, apostrophes, * (prefix) and ~ (gap) only');
  const trimmed = t.trim();
  if (trimmed.startsWith('~') || trimmed.endsWith('~')) out.push('a term cannot start or end with a gap');
  if (/(?:^| )[^ ]{0,2}\*(?= |$)/.test(t)) out.push('a prefix needs at least 3 letters before *');
  return out;
}

const TermSchema = z.string().check((ctx) => {
  for (const message of conceptTermProblems(ctx.value)) ctx.issues.push({ code: 'custom', message, input: ctx.value });
});

export const ConceptLexiconSchema = z.object({
  $comment: z.string().optional(),
  concepts: z.record(
    z.string().regex(/^[a-z]+\.[a-z0-9-]+$/, 'concept ids are kind.name'),
    z.object({ kind: z.enum(CONCEPT_KINDS), terms: z.array(TermSchema).min(1) }),
  ),
});
export type ConceptLexicon = z.infer<typeof ConceptLexiconSchema>;

/**
 * STOPPED: a medicine or treatment the person has come off ("I stopped the warfarin last year", "used to be on blood
 * thinners"). Its triggers reach only a few words, so the drug is the stopped thing and not the clause ("came off my bike
 * and I'm on warfarin"); only the rules that list it in `suppressedBy` read it.
 */
export const MODIFIER_CATEGORIES = ['NEGATED', 'OTHER', 'PAST', 'HYPOTHETICAL', 'QUESTION', 'HEDGE', 'INTENTIONAL', 'EXERCISE', 'FIGURATIVE', 'PSEUDO', 'POSITIONAL', 'STOPPED'] as const;
export type ModifierCategory = (typeof MODIFIER_CATEGORIES)[number];
/** One bit per category: a token's marks and a mention's modifiers are small integers, not sets. */
const BIT = Object.fromEntries(MODIFIER_CATEGORIES.map((c, i) => [c, 1 << i])) as Record<ModifierCategory, number>;
/** The bits of a list of categories, or-ed (`Modifiers.bits & mask` asks about all of them at once). */
export function modifierMask(categories: readonly ModifierCategory[]): number {
  let mask = 0;
  for (const c of categories) mask |= BIT[c];
  return mask;
}
/** The shared terminators' bit in a token's stop marks (the categories' bits sit below it). */
const SHARED_STOP = 1 << MODIFIER_CATEGORIES.length;

/** The context categories that govern a mention. */
export class Modifiers {
  constructor(public bits = 0) {}
  has(c: ModifierCategory): boolean {
    return (this.bits & BIT[c]) !== 0;
  }
  delete(c: ModifierCategory): void {
    this.bits &= ~BIT[c];
  }
  list(): ModifierCategory[] {
    return MODIFIER_CATEGORIES.filter((c) => this.has(c));
  }
}

export const ContextRulesSchema = z.object({
  $comment: z.string().optional(),
  terminators: z.partialRecord(z.union([z.literal("ALL"), z.enum(MODIFIER_CATEGORIES)]), z.array(TermSchema)),
  rules: z.array(
    z.object({
      category: z.enum(MODIFIER_CATEGORIES),
      direction: z.enum(['forward', 'backward', 'bidirectional', 'sentence']),
      maxScope: z.number().int().min(0).max(40),
      triggers: z.array(TermSchema).min(1),
      /** Only in a sentence that asks something ("if my legs go numb should I call someone?"). */
      requiresQuestion: z.boolean().optional(),
      /** The scope runs over clause words ("the physio asked about bladder trouble and I told her none"). */
      ignoreTerminators: z.boolean().optional(),
      /** Only at the end of a clause, followed by punctuation, "and" / "or" or nothing ("cancer? no", "bladder: none"). */
      atClauseEnd: z.boolean().optional(),
      /** Not in a sentence that asks ("is massage on my lower back ok?" denies nothing). */
      notInQuestion: z.boolean().optional(),
      /** Only the category's own terminators stop the scope, not the shared ones ("my friend was ill and it turned out to be myeloma"). */
      ownTerminatorsOnly: z.boolean().optional(),
    }),
  ),
});
export type ContextRules = z.infer<typeof ContextRulesSchema>;

/** One token pattern of a compiled term. */
type Tok = { w: string; prefix: boolean } | null; // null: a gap of 0..MAX_GAP words

const MAX_GAP = 3;
/** Most words a matcher keeps the root steps of before it starts again. */
const ROOT_STEPS_LIMIT = 20_000;
const PUNCT = new Set(['.', ',', ';', '!', '?', ':']);
const SENTENCE_END = new Set(['.', ';', '!', '?']);

/** Splits a term into token patterns, each word normalised by `normalise` (the analyzer's own word rewriting). */
export function compileTerm(term: string, normalise: (word: string) => string[]): Tok[] {
  const out: Tok[] = [];
  for (const raw of term.trim().split(/ +/)) {
    if (raw === '~') out.push(null);
    else if (raw.endsWith('*')) out.push({ w: raw.slice(0, -1), prefix: true });
    else for (const w of normalise(raw)) out.push({ w, prefix: false });
  }
  return out;
}

export interface PhraseHit<T> {
  value: T;
  start: number;
  /** Exclusive. */
  end: number;
}

/**
 * A node of the term trie: the words that may come next, and the terms that end here. The tries hold some 23,000
 * nodes, most of them with no next word or one: a node gets its own map and lists only when it needs them (an
 * analyzer build made 46,000 maps and arrays, mostly empty, before).
 */
interface TrieNode<T> {
  /**
   * The next words: with just one, `onlyWord` and `onlyNext` (the walk compares instead of asking a map); with two or
   * more, `exact` holds them all and `manyNext` says the map must be asked. `exact` is null until a second word comes.
   */
  exact: Map<string, TrieNode<T>> | null;
  onlyWord: string | null;
  onlyNext: TrieNode<T> | null;
  manyNext: boolean;
  /** NONE until the node's first prefix step. */
  prefixes: Array<{ p: string; node: TrieNode<T> }>;
  /** A gap of 0..MAX_GAP words, then this node. */
  gap: TrieNode<T> | null;
  /** Terms ending here (NONE until the first), with a per-scan id so each term is reported once per start (shortest end). */
  values: T[];
  id: number;
}

/** The shared empty list of a node's prefixes or values until it has one (frozen: a push on it throws). */
const NONE = Object.freeze([]) as never[];

/**
 * Finds every occurrence of every term in a token list: the terms share one trie, so each start position walks the
 * words once whatever the number of terms beginning with "my" or "can". Each term is reported once per start, at its
 * shortest match. Gaps (bounded, never across punctuation) are the only branching.
 */
export class PhraseMatcher<T> {
  private nodes = 0;
  private readonly root: TrieNode<T> = this.node();

  private node(): TrieNode<T> {
    return { exact: null, onlyWord: null, onlyNext: null, manyNext: false, prefixes: NONE, gap: null, values: NONE, id: this.nodes++ };
  }

  add(toks: Tok[], value: T): void {
    const first = toks[0];
    if (first === undefined || first === null) throw new Error('a term must start with a word');
    let n = this.root;
    for (const tok of toks) {
      if (tok === null) n = n.gap ??= this.node();
      else if (tok.prefix) {
        let e = n.prefixes.find((x) => x.p === tok.w);
        if (!e) {
          e = { p: tok.w, node: this.node() };
          if (n.prefixes === NONE) n.prefixes = [e];
          else n.prefixes.push(e);
        }
        n = e.node;
      } else {
        let next = n.onlyWord === tok.w ? n.onlyNext : n.exact?.get(tok.w);
        if (next === null || next === undefined) {
          next = this.node();
          if (n.exact !== null) n.exact.set(tok.w, next);
          else if (n.onlyNext === null) {
            n.onlyWord = tok.w;
            n.onlyNext = next;
          } else {
            n.exact = new Map([[n.onlyWord as string, n.onlyNext], [tok.w, next]]);
            n.onlyWord = null;
            n.onlyNext = null;
            n.manyNext = true;
          }
        }
        n = next;
      }
    }
    if (n.values === NONE) n.values = [value];
    else if (!n.values.includes(value)) n.values.push(value);
    this.stampOf = null;
    this.rootPrefixCache = null;
    if (this.rootSteps.size > 0) this.rootSteps.clear();
  }

  /**
   * Per-scan scratch, by node id: the start position a node was last reached from (`stampOf`) and its shortest end
   * then (`endOf`), plus the nodes reached, in order of first reach (`reached`, its first `reachedCount`). Typed
   * arrays instead of a Map per start: the scan runs on every message, over every token, for three matchers.
   */
  private stampOf: Float64Array | null = null;
  private endOf: Int32Array = new Int32Array(0);
  private nodeById: Array<TrieNode<T>> = [];
  private reached: Int32Array = new Int32Array(0);
  private reachedCount = 0;
  private epoch = 0;

  /**
   * All hits, in order of start. `given[i][slot]`, when the caller has them, are token i's steps from the root
   * (`stepsOf`): the concept reader looks each word up once for its three matchers.
   */
  scan(tokens: readonly string[], given?: ReadonlyArray<ReadonlyArray<RootSteps>>, slot = 0): Array<PhraseHit<T>> {
    const hits: Array<PhraseHit<T>> = [];
    if (this.stampOf === null || this.stampOf.length !== this.nodes) this.prepareScratch();
    const root = this.root;
    const rootPrefixes = this.rootPrefixes;
    const endOf = this.endOf;
    const nodeById = this.nodeById;
    const rootSteps = this.rootSteps;
    for (let i = 0; i < tokens.length; i++) {
      // The root has no terms and no gap (a term starts with a word): step from it here, so the walk never asks.
      let steps: ReadonlyArray<TrieNode<T>>;
      if (given !== undefined) steps = (given[i] as ReadonlyArray<RootSteps>)[slot] as ReadonlyArray<TrieNode<T>>;
      else {
        const t = tokens[i] as string;
        steps = rootSteps.get(t) ?? this.cacheSteps(t);
      }
      if (steps.length === 0) continue;
      this.epoch++;
      this.reachedCount = 0;
      for (let k = 0; k < steps.length; k++) this.walk(tokens, i + 1, steps[k] as TrieNode<T>);
      for (let r = 0; r < this.reachedCount; r++) {
        const id = this.reached[r] as number;
        for (const value of (nodeById[id] as TrieNode<T>).values) hits.push({ value, start: i, end: endOf[id] as number });
      }
    }
    return hits;
  }

  /**
   * The nodes one word leads to from the root (its exact node, then the prefixes it begins with), by word: the root has
   * hundreds of prefix terms, and people repeat their words, so each word's steps are worked out once.
   */
  private readonly rootSteps = new Map<string, ReadonlyArray<TrieNode<T>>>();

  private cacheSteps(t: string): ReadonlyArray<TrieNode<T>> {
    const steps = this.stepsOf(t) as ReadonlyArray<TrieNode<T>>;
    if (this.rootSteps.size >= ROOT_STEPS_LIMIT) this.rootSteps.clear();
    this.rootSteps.set(t, steps);
    return steps;
  }

  /** The nodes a word leads to from the root: its exact node, then the prefixes it begins with (not kept; see `scan`). */
  stepsOf(t: string): RootSteps {
    const steps: Array<TrieNode<T>> = [];
    const root = this.root;
    const next = root.onlyWord === t ? root.onlyNext : root.exact?.get(t);
    if (next !== null && next !== undefined) steps.push(next);
    const prefixes = this.rootPrefixes.get(t.charCodeAt(0));
    if (prefixes !== undefined) for (const e of prefixes) if (t.startsWith(e.p)) steps.push(e.node);
    return steps;
  }

  private prepareScratch(): void {
    this.stampOf = new Float64Array(this.nodes);
    this.endOf = new Int32Array(this.nodes);
    this.reached = new Int32Array(this.nodes); // a node is reached once per start at most
    this.epoch = 0;
    const byId: Array<TrieNode<T>> = [];
    const visit = (n: TrieNode<T>) => {
      byId[n.id] = n;
      if (n.onlyNext !== null) visit(n.onlyNext);
      if (n.exact !== null) for (const c of n.exact.values()) visit(c);
      for (const c of n.prefixes) visit(c.node);
      if (n.gap) visit(n.gap);
    };
    visit(this.root);
    this.nodeById = byId;
  }

  /** Walks the trie from `node` at tokens[pos]; records each term node reached with its shortest end. */
  private walk(tokens: readonly string[], pos: number, node: TrieNode<T>): void {
    if (node.values.length > 0) {
      const id = node.id;
      const endOf = this.endOf;
      const stampOf = this.stampOf as Float64Array;
      if (stampOf[id] !== this.epoch) {
        stampOf[id] = this.epoch;
        endOf[id] = pos;
        this.reached[this.reachedCount++] = id;
      } else if (pos < (endOf[id] as number)) endOf[id] = pos;
    }
    if (node.gap !== null) {
      for (let g = 0; g <= MAX_GAP; g++) {
        if (g > 0 && (pos + g - 1 >= tokens.length || PUNCT.has(tokens[pos + g - 1] as string))) break;
        this.walk(tokens, pos + g, node.gap);
      }
    }
    const t = tokens[pos];
    if (t === undefined) return;
    if (node.onlyWord !== null) {
      if (t === node.onlyWord) this.walk(tokens, pos + 1, node.onlyNext as TrieNode<T>);
    } else if (node.manyNext) {
      const next = (node.exact as Map<string, TrieNode<T>>).get(t);
      if (next !== undefined) this.walk(tokens, pos + 1, next);
    }
    const prefixes = node.prefixes;
    for (let k = 0; k < prefixes.length; k++) {
      const e = prefixes[k] as { p: string; node: TrieNode<T> };
      if (t.startsWith(e.p)) this.walk(tokens, pos + 1, e.node);
    }
  }

  /** The root's prefix words by first letter (the root has many; inner nodes have one or two). */
  private rootPrefixCache: Map<number, Array<{ p: string; node: TrieNode<T> }>> | null = null;
  private get rootPrefixes(): Map<number, Array<{ p: string; node: TrieNode<T> }>> {
    if (this.rootPrefixCache === null) {
      const m = new Map<number, Array<{ p: string; node: TrieNode<T> }>>();
      for (const e of this.root.prefixes) {
        const c = e.p.charCodeAt(0);
        const list = m.get(c);
        if (list) list.push(e);
        else m.set(c, [e]);
      }
      this.rootPrefixCache = m;
    }
    return this.rootPrefixCache;
  }
}

/** Where a word leads from a matcher's root (opaque outside the matcher). */
export type RootSteps = readonly object[];

/** A word's root steps in the concept reader's three matchers: concepts, context triggers, terminators. */
export type WordSteps = readonly [RootSteps, RootSteps, RootSteps];

/** One concept found in the text. */
export interface Mention {
  concept: string;
  kind: (typeof CONCEPT_KINDS)[number];
  start: number;
  end: number;
  /** Index of its sentence. */
  sentence: number;
  /** The context categories that govern it. */
  modifiers: Modifiers;
}

export interface Sentence {
  start: number;
  end: number;
  /** Asks something: ends with "?" or opens with a question word. */
  question: boolean;
  /** Where the asking starts: "sciatica in both legs now, is that normal?" reports first and asks after the comma. */
  questionStart: number;
  /** The writer speaks of themself (i, me, my) in it. */
  self: boolean;
}

const QUESTION_OPENERS = new Set(['what', 'how', 'is', 'are', 'can', 'could', 'should', 'would', 'does', 'do', 'did', 'why', 'when', 'where', 'which', 'will', 'am', 'any', 'anyone']);
const SELF_WORDS = new Set(['i', 'me', 'my', 'myself', 'mine']);
const NEG_WORDS = new Set(['no', 'not', 'never', 'nothing', 'none', 'without']);
const SELF_OBJECTS = new Set(['me', 'myself']);
const BARE_DENIALS = new Set(['no', 'nope', 'nah', 'never', 'none', 'not really', 'no never', 'not at all', 'no no']);
/** Kinds of concept a "not" phrase ("do not feel") may run into and then deny instead ("do not feel unwell"). */
const FINDING_KINDS = new Set(['sensation', 'function', 'control', 'history']);
/** Kinds of concept that are context themselves ("a bit", "my", "years ago"): a trigger inside one still acts. */
const MODIFIER_KINDS = new Set(['hedge', 'person', 'time', 'degree']);
/** Categories a denial turns around ("I'm not dieting", "not worried about", "don't stretch"): their triggers inside a denial do nothing. */
const FLIPPED_BY_DENIAL: ReadonlySet<ModifierCategory> = new Set(['INTENTIONAL', 'HYPOTHETICAL', 'EXERCISE']);

interface CompiledModifier {
  category: ModifierCategory;
  direction: 'forward' | 'backward' | 'bidirectional' | 'sentence';
  maxScope: number;
  requiresQuestion: boolean;
  ignoreTerminators: boolean;
  atClauseEnd: boolean;
  notInQuestion: boolean;
  ownTerminatorsOnly: boolean;
}

/** Sentences of a token list (split at . ; ! ?), with whether each asks and whether the writer is in it. */
export function splitSentences(tokens: readonly string[]): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  for (let i = 0; i <= tokens.length; i++) {
    if (i === tokens.length || SENTENCE_END.has(tokens[i] as string)) {
      const end = i === tokens.length ? i : i + 1;
      if (end > start) {
        let self = false;
        for (let k = start; k < end; k++) if (SELF_WORDS.has(tokens[k] as string)) self = true;
        // "can't wee." opens with an auxiliary but states: an opener followed by "not" asks nothing.
        const opens = QUESTION_OPENERS.has(tokens[start] as string) && tokens[start + 1] !== 'not';
        const question = tokens[i] === '?' || opens;
        let questionStart = question ? start : end;
        if (question && !opens) {
          for (let k = end - 1; k > start; k--) {
            if (tokens[k - 1] === ',' && QUESTION_OPENERS.has(tokens[k] as string)) {
              questionStart = k;
              break;
            }
          }
        }
        out.push({ start, end, question, questionStart, self });
      }
      start = i + 1;
    }
  }
  return out;
}

/** The compiled lexicon and context rules. */
export class ConceptReader {
  private readonly concepts = new PhraseMatcher<string>();
  private readonly kinds = new Map<string, Mention['kind']>();
  private readonly triggers = new PhraseMatcher<number>();
  private readonly modifiers: CompiledModifier[] = [];
  /** Terminator phrases, by category ('ALL' for every category). */
  private readonly terminators = new PhraseMatcher<string>();
  readonly conceptIds: readonly string[];

  constructor(lexicon: unknown, context: unknown, normalise: (word: string) => string[]) {
    const lex = ConceptLexiconSchema.safeParse(lexicon);
    if (!lex.success) throw new Error(`src/nlp/data/concepts.json is invalid: ${lex.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const ctx = ContextRulesSchema.safeParse(context);
    if (!ctx.success) throw new Error(`src/nlp/data/context.json is invalid: ${ctx.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    for (const [id, c] of Object.entries(lex.data.concepts)) {
      this.kinds.set(id, c.kind);
      for (const term of c.terms) {
        const toks = compileTerm(term, normalise);
        if (toks.length === 0) throw new Error(`src/nlp/data/concepts.json: ${id} term "${term}" normalises to nothing`);
        this.concepts.add(toks, id);
      }
    }
    this.conceptIds = [...this.kinds.keys()];
    ctx.data.rules.forEach((r, i) => {
      this.modifiers.push({
        category: r.category,
        direction: r.direction,
        maxScope: r.maxScope,
        requiresQuestion: r.requiresQuestion ?? false,
        ignoreTerminators: r.ignoreTerminators ?? false,
        atClauseEnd: r.atClauseEnd ?? false,
        notInQuestion: r.notInQuestion ?? false,
        ownTerminatorsOnly: r.ownTerminatorsOnly ?? false,
      });
      for (const t of r.triggers) this.triggers.add(compileTerm(t, normalise), i);
    });
    for (const [cat, list] of Object.entries(ctx.data.terminators)) for (const t of list) this.terminators.add(compileTerm(t, normalise), cat);
  }

  private scratchSize = 0;
  private sentenceOf = new Int32Array(0);
  private dropped = new Uint8Array(0);
  private fwdStops = new Uint32Array(0);
  private backStops = new Uint32Array(0);
  private marks = new Uint16Array(0);

  private growScratch(size: number): void {
    this.scratchSize = size * 2;
    this.sentenceOf = new Int32Array(this.scratchSize);
    this.fwdStops = new Uint32Array(this.scratchSize);
    this.backStops = new Uint32Array(this.scratchSize);
    this.marks = new Uint16Array(this.scratchSize);
  }

  /** Concept mentions only (no context): the build check and the lexicon tests use it. */
  rawMentions(tokens: readonly string[]): Array<PhraseHit<string>> {
    return this.concepts.scan(tokens);
  }

  /** The three matchers' root steps of each token (kept on the tokens' prepared words when given: one lookup per word serves all three scans). */
  stepsOf(tokens: readonly string[], words?: readonly Word[]): WordSteps[] {
    const out: WordSteps[] = new Array<WordSteps>(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i] as string;
      const word = words?.[i];
      if (word !== undefined && word.conceptsOf === this) {
        out[i] = word.concepts as WordSteps;
        continue;
      }
      const w: WordSteps = [this.concepts.stepsOf(t), this.triggers.stepsOf(t), this.terminators.stepsOf(t)];
      if (word !== undefined) {
        word.concepts = w;
        word.conceptsOf = this;
      }
      out[i] = w;
    }
    return out;
  }

  /** Concept mentions of the tokens whose steps `stepsOf` gave. */
  mentionsFrom(tokens: readonly string[], steps: readonly WordSteps[]): Array<PhraseHit<string>> {
    return this.concepts.scan(tokens, steps, 0);
  }

  /**
   * Concept mentions with their context, the sentences, and the PSEUDO spans (words that only look like a finding:
   * "fell asleep", "crash course"). `carer`: the text may be a carer's report; another person's mentions then count as
   * the person's, unless the writer also tells of their own trouble.
   */
  read(
    tokens: readonly string[],
    carerReport: boolean | (() => boolean) = false,
    found: Array<PhraseHit<string>> | null = null,
    steps: readonly WordSteps[] | null = null,
  ): { mentions: Mention[]; sentences: Sentence[]; pseudo: Array<{ start: number; end: number }> } {
    const sentences = splitSentences(tokens);
    const n = tokens.length;
    if (this.scratchSize < n + 1) this.growScratch(n + 1);
    // Scratch arrays kept between calls (a typed array per call cost more than the reading): only their first n are used.
    const sentenceOf = this.sentenceOf.fill(0, 0, n);
    for (let si = 0; si < sentences.length; si++) {
      const s = sentences[si] as Sentence;
      for (let k = s.start; k < s.end; k++) sentenceOf[k] = si;
    }
    const hits = found ?? this.concepts.scan(tokens);
    // A concept phrase that carries its own "not" ("can not feel") but runs straight into another of its kind
    // ("I do not feel numb", "can not feel any tingling") is the negation of that one, not a finding.
    // Plain index loops over `hits` (sorted by start) rather than closures per hit: this runs on every message that
    // could raise a flag.
    const kinds = this.kinds;
    if (this.dropped.length < hits.length) this.dropped = new Uint8Array(hits.length * 2);
    const dropped = this.dropped.fill(0, 0, hits.length);
    for (let i = 0; i < hits.length; i++) {
      const h = hits[i] as PhraseHit<string>;
      if (!hasNeg(tokens, h)) continue;
      for (let j = firstStartingAt(hits, h.end); j < hits.length && (hits[j] as PhraseHit<string>).start <= h.end + 2; j++) {
        const o = hits[j] as PhraseHit<string>;
        if (o.value !== h.value && FINDING_KINDS.has(kinds.get(o.value) as string) && !hasNeg(tokens, o)) dropped[i] = 1;
      }
    }
    // Triggers first: PSEUDO phrases ("fell asleep", "slipped disc") also hide the concept words inside them.
    const rawTriggers = this.triggers.scan(tokens, steps ?? undefined, 1);
    const pseudo: Array<PhraseHit<number>> = [];
    for (const t of rawTriggers) if (this.modifiers[t.value]?.category === 'PSEUDO') pseudo.push(t);
    // Longest reading wins: "inner thighs" is the saddle area, not the thighs; "weight falling off me" is no fall.
    for (let i = 0; i < hits.length; i++) {
      const h = hits[i] as PhraseHit<string>;
      const kind = kinds.get(h.value);
      for (let j = firstStartingAt(hits, h.start - MAX_SPAN); j < hits.length && (hits[j] as PhraseHit<string>).start <= h.start; j++) {
        const o = hits[j] as PhraseHit<string>;
        if (o === h || o.end - o.start <= h.end - h.start || h.end > o.end) continue;
        const okind = kinds.get(o.value);
        // A history or event phrase hides the findings inside it ("weight falling off me" is no fall), not the body
        // site or the person it names ("landed on my back").
        const hides = okind !== kind && (okind === 'history' || okind === 'event') && kind !== 'site' && kind !== 'person';
        if (hides || (kind === 'site' && okind === 'site' && o.value !== h.value)) dropped[i] = 1;
      }
      // Two body sites sharing a word: the longer reading wins ("in both" vs "both bum cheeks").
      if (kind === 'site') {
        for (let j = firstStartingAt(hits, h.start + 1); j < hits.length && (hits[j] as PhraseHit<string>).start <= h.end - 1; j++) {
          const o = hits[j] as PhraseHit<string>;
          if (kinds.get(o.value) === 'site' && o.value !== h.value && o.end - o.start > h.end - h.start) dropped[i] = 1;
        }
      }
      if (pseudo.length > 0 && (longerAround(pseudo, h) || startsInside(pseudo, h))) dropped[i] = 1;
    }
    const kept: Array<PhraseHit<string>> = [];
    for (let i = 0; i < hits.length; i++) if (dropped[i] === 0) kept.push(hits[i] as PhraseHit<string>);

    // Triggers: not inside a PSEUDO phrase (other than hedges), not inside a concept phrase ("no feeling", "no control",
    // "like it belongs to someone else").
    const triggers: Array<PhraseHit<number>> = [];
    for (const t of rawTriggers) {
      const m = this.modifiers[t.value] as CompiledModifier;
      if (m.category === 'PSEUDO') continue;
      if (m.category !== 'HEDGE' && longerAround(pseudo, t)) continue;
      if (m.category === 'NEGATED' || m.category === 'HYPOTHETICAL' || m.category === 'PAST' || m.category === 'OTHER' || m.category === 'STOPPED') {
        let inConcept = false;
        for (let j = firstStartingAt(kept, t.start - MAX_SPAN); j < kept.length && (kept[j] as PhraseHit<string>).start <= t.start; j++) {
          const h = kept[j] as PhraseHit<string>;
          if (t.end <= h.end && !MODIFIER_KINDS.has(kinds.get(h.value) as string)) inConcept = true;
        }
        if (inConcept) continue;
      }
      triggers.push(t);
    }

    // Where each category's scope stops (bits per token): a terminator's first word, or its last walking backward.
    // The shared terminators ('ALL') get a bit of their own, above the categories', so a rule can ignore them.
    const fwdStops = this.fwdStops.fill(0, 0, n + 1);
    const backStops = this.backStops.fill(0, 0, n + 1);
    for (const h of this.terminators.scan(tokens, steps ?? undefined, 2)) {
      const bits = h.value === 'ALL' ? SHARED_STOP : BIT[h.value as ModifierCategory];
      fwdStops[h.start] = (fwdStops[h.start] as number) | bits;
      backStops[h.end - 1] = (backStops[h.end - 1] as number) | bits;
    }
    // Scope marks: one bit per category, per token.
    const marks = this.marks.fill(0, 0, n);
    // Denials first: a trigger inside a denial ("I am not dieting", "without trying") modifies nothing.
    for (let pass = 0; pass < 2; pass++) {

      for (const t of triggers) {
        const m = this.modifiers[t.value] as CompiledModifier;
        if ((m.category === 'NEGATED') !== (pass === 0)) continue;
        if (pass === 1 && ((marks[t.start] as number) & BIT.NEGATED) !== 0 && FLIPPED_BY_DENIAL.has(m.category)) continue;
        this.markScope(t, m, tokens, sentences[sentenceOf[t.start] as number] as Sentence, fwdStops, backStops, marks);
      }
    }

    // "does my leg give way? no.": a bare "no" after a question denies the question.
    for (let si = 1; si < sentences.length; si++) {
      const prev = sentences[si - 1] as Sentence;
      if (!prev.question) continue;
      const sen = sentences[si] as Sentence;
      const words = tokens.slice(sen.start, sen.end).filter((w) => !PUNCT.has(w));
      if (words.length > 0 && words.length <= 3 && BARE_DENIALS.has(words.join(' '))) for (let k = prev.start; k < prev.end; k++) marks[k] = (marks[k] as number) | BIT.NEGATED;
    }
    // A carer's report only when the writer's own trouble is not told too ("my dad had cancer, I'm 45 with a sore bum").
    // Asked only when someone else is in the text: the test reads the whole text.
    let anyOther = false;
    for (const h of kept) for (let k = h.start; k < h.end; k++) if (((marks[k] as number) & BIT.OTHER) !== 0) anyOther = true;
    let carer = anyOther && (typeof carerReport === 'function' ? carerReport() : carerReport);
    if (carer) {
      for (const h of kept) {
        const kind = kinds.get(h.value);
        if ((kind === 'site' || kind === 'sensation' || kind === 'function') && ((marks[h.start] as number) & BIT.OTHER) === 0 && (sentences[sentenceOf[h.start] as number] as Sentence).self) {
          // "my sore bum", "I'm 45 with a sore bum", "I'm 30 and just have a sore back": the writer's own words before it,
          // in the same clause.
          let before = tokens[h.start - 1] === 'my' || tokens[h.start - 2] === 'my';
          for (let k = h.start - 1; k >= Math.max(0, h.start - 9) && tokens[k] !== ','; k--) if (tokens[k] === 'i' || tokens[k] === 'me') before = true;
          if (before) carer = false;
        }
      }
    }
    const mentions: Mention[] = kept.map((h) => {
      let bits = 0;
      for (let k = h.start; k < h.end; k++) bits |= marks[k] as number;
      const modifiers = new Modifiers(bits);
      // "kicked me", "hurt myself", "the dog knocked me over": a phrase with the writer in it or right after it is the
      // writer's, whoever else the clause names.
      if (modifiers.has('OTHER')) {
        let own = carer || SELF_OBJECTS.has(tokens[h.end] as string);
        for (let k = h.start; k < h.end; k++) if (SELF_WORDS.has(tokens[k] as string)) own = true;
        if (own) modifiers.delete('OTHER');
      }
      return { concept: h.value, kind: kinds.get(h.value) as Mention['kind'], start: h.start, end: h.end, sentence: sentenceOf[h.start] as number, modifiers };
    });
    // Idioms and exertion ("legs turned to jelly on stage", "legs are dead after a long run") void a phrase rule's hit too.
    const voids = pseudo.map((p) => ({ start: p.start, end: p.end }));
    for (let k = 0; k < tokens.length; k++) if (((marks[k] as number) & BIT.FIGURATIVE) !== 0) voids.push({ start: k, end: k + 1 });
    return { mentions, sentences, pseudo: voids };
  }

  /** Marks the words a trigger governs: its own words, then forward and/or backward to the scope's end. */
  private markScope(
    t: PhraseHit<number>,
    m: CompiledModifier,
    tokens: readonly string[],
    s: Sentence,
    fwdStops: Uint32Array,
    backStops: Uint32Array,
    marks: Uint16Array,
  ): void {
    if (m.requiresQuestion && !s.question) return;
    if (m.notInQuestion && s.question) return;
    if (m.atClauseEnd) {
      const next = tokens[t.end];
      if (next !== undefined && !PUNCT.has(next) && next !== 'and' && next !== 'or' && next !== 'but') return;
    }
    const bit = BIT[m.category] | (m.ownTerminatorsOnly ? 0 : SHARED_STOP);
    const own = BIT[m.category];
    for (let k = t.start; k < t.end; k++) marks[k] = (marks[k] as number) | own;
    if (m.direction === 'sentence') {
      for (let k = s.start; k < s.end; k++) marks[k] = (marks[k] as number) | own;
      return;
    }
    if (m.direction === 'forward' || m.direction === 'bidirectional') {
      for (let k = t.end, n = 0; k < s.end && n < m.maxScope; k++, n++) {
        const w = tokens[k] as string;
        if (SENTENCE_END.has(w)) break;
        if (!m.ignoreTerminators) {
          if (((fwdStops[k] as number) & bit) !== 0) break;
          if (w === ',' && !(m.category === 'NEGATED' && listGoesOn(tokens, k)) && !(m.category === 'HYPOTHETICAL' && EXAMPLE_OPENERS.has(tokens[k + 1] as string))) break;
        }
        marks[k] = (marks[k] as number) | own;
      }
    }
    if (m.direction === 'backward' || m.direction === 'bidirectional') {
      for (let k = t.start - 1, n = 0; k >= s.start && n < m.maxScope; k--, n++) {
        const w = tokens[k] as string;
        if (SENTENCE_END.has(w)) break;
        if (!m.ignoreTerminators) {
          if (((backStops[k] as number) & bit) !== 0) break;
          // A denial reaches back over a comma only from the end of a list ("fever, chills: none"), not from a
          // new clause ("leg gives way sometimes, bladder ok").
          if (w === ',' && (m.category !== 'NEGATED' || m.direction === 'bidirectional')) break;
        }
        marks[k] = (marks[k] as number) | own;
      }
    }
  }
}

/** Longest a matched phrase can be, in words (a term of ten words with gaps): bounds every look-around. */
const MAX_SPAN = 24;

/** First index of `list` (sorted by start) whose start is at least `from`. */
function firstStartingAt(list: ReadonlyArray<{ start: number }>, from: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as { start: number }).start < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** True when a word of the span is a denial word. */
function hasNeg(tokens: readonly string[], h: { start: number; end: number }): boolean {
  for (let k = h.start; k < h.end; k++) if (NEG_WORDS.has(tokens[k] as string)) return true;
  return false;
}

/** True when a longer span of `list` (sorted by start) covers `x`. */
function longerAround(list: ReadonlyArray<{ start: number; end: number }>, x: { start: number; end: number }): boolean {
  // Plain loops over the window (no callback per span): these run for every concept hit of a message with a PSEUDO phrase.
  for (let i = firstStartingAt(list, x.start - MAX_SPAN); i < list.length && (list[i] as { start: number }).start <= x.start; i++) {
    const p = list[i] as { start: number; end: number };
    if (x.end <= p.end && p.end - p.start > x.end - x.start) return true;
  }
  return false;
}

/** True when `x` begins after the first word of a span of three words or more of `list` (sorted by start) and inside it: "nearly slipped on the ice". */
function startsInside(list: ReadonlyArray<{ start: number; end: number }>, x: { start: number; end: number }): boolean {
  for (let i = firstStartingAt(list, x.start - MAX_SPAN); i < list.length && (list[i] as { start: number }).start <= x.start - 1; i++) {
    const p = list[i] as { start: number; end: number };
    if (x.start < p.end && p.end - p.start >= 3) return true;
  }
  return false;
}

/** "what should I look out for, like weak legs or wetting yourself?": examples after a comma are still what is asked about. */
const EXAMPLE_OPENERS: ReadonlySet<string> = new Set(['like', 'such', 'eg', 'e.g', 'say', 'including']);

/** "no fever, chills or sweats": a comma inside a list that ends in "or" keeps a denial going. */
function listGoesOn(tokens: readonly string[], i: number): boolean {
  for (let k = i + 1; k < tokens.length && k <= i + 5; k++) {
    const t = tokens[k] as string;
    if (t === 'or' || t === 'nor') return true;
    if (PUNCT.has(t) && t !== ',') return false;
  }
  return false;
}
