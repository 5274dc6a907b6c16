import type { ContraindicationId, RedFlagId } from '../knowledge/vocabulary';
import { applyRules, FlagRulesSchema, outcome, type FlagOutcome, type FlagRule, type RuleHit } from './compose';
import { ConceptReader, type Mention, type Sentence } from './concepts';
import type { Word } from './text';
import type { Explanation } from './types';
import conceptsJson from './data/concepts.json';
import contextJson from './data/context.json';
import flagRulesJson from './data/flagRules.json';

const NO_CONCEPTS: ReadonlySet<string> = new Set();

/** What the concept layer read from one message. */
export interface ConceptFlags extends FlagOutcome {
  /** Explanations of every flag, possible flag and contraindication, in that order. */
  explanations: Explanation[];
  /** The words that carried each hit, from its first mention to its last. */
  evidence: (h: RuleHit) => string;
  /** Concepts mentioned and not denied (the intent rules read topics such as `topic.admin`). */
  concepts: ReadonlySet<string>;
  /** The tokens a hit was read in and its words there, first mention to last (null for a hit with no mention); `only` picks the mentions. */
  span: (h: RuleHit, only?: (m: Mention) => boolean) => { tokens: readonly string[]; start: number; end: number } | null;
}

export interface ConceptData {
  concepts?: unknown;
  context?: unknown;
  flagRules?: unknown;
}

/** Lexicon + context + compositions, compiled once; `read` is a pure function of the tokens. */
export class ConceptFlagReader {
  readonly reader: ConceptReader;
  readonly rules: readonly FlagRule[];

  constructor(normalise: (word: string) => string[], data: ConceptData = {}) {
    this.reader = new ConceptReader(data.concepts ?? conceptsJson, data.context ?? contextJson, normalise);
    const parsed = FlagRulesSchema.safeParse(data.flagRules ?? flagRulesJson);
    if (!parsed.success) throw new Error(`src/nlp/data/flagRules.json is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const known = new Set(this.reader.conceptIds);
    for (const rule of parsed.data.rules) {
      for (const c of [...rule.all.flat(), ...(rule.unless ?? [])]) {
        if (!known.has(c)) throw new Error(`src/nlp/data/flagRules.json rule ${rule.id}: unknown concept ${c}`);
      }
    }
    this.rules = parsed.data.rules;
    this.acrossRules = this.rules.filter((r) => r.acrossSentences === true);
    // Every group of every rule gets an index; each concept lists the groups it is in (see anyRuleCanHold).
    const ruleOfGroup: number[] = [];
    this.rules.forEach((rule, r) => {
      for (const group of rule.all) {
        const g = ruleOfGroup.length;
        ruleOfGroup.push(r);
        for (const c of group) {
          const list = this.groupsOf.get(c);
          if (list === undefined) this.groupsOf.set(c, [g]);
          else if (!list.includes(g)) list.push(g);
        }
      }
    });
    this.ruleOfGroup = Int32Array.from(ruleOfGroup);
    this.groupStamp = new Float64Array(ruleOfGroup.length);
    this.ruleStamp = new Float64Array(this.rules.length);
    this.groupsMet = new Int32Array(this.rules.length);
  }

  private readonly groupsOf = new Map<string, number[]>();
  private readonly ruleOfGroup: Int32Array;
  private readonly groupStamp: Float64Array;
  private readonly ruleStamp: Float64Array;
  private readonly groupsMet: Int32Array;
  private stamp = 0;

  /** Rule hits of one token list (a message, or one piece of a long one) and the concepts found. */
  hits(tokens: readonly string[], carer: boolean | (() => boolean), words?: readonly Word[]): { hits: RuleHit[]; concepts: ReadonlySet<string> } {
    // Most messages hold no rule's concepts at all: then the context is not worth reading.
    const steps = this.reader.stepsOf(tokens, words);
    const found = this.reader.mentionsFrom(tokens, steps);
    const present = new Set<string>();
    for (const h of found) present.add(h.value);
    if (present.size === 0 || !this.anyRuleCanHold(present)) {
      return { hits: [], concepts: present.size === 0 ? NO_CONCEPTS : present };
    }
    const { mentions, sentences } = this.reader.read(tokens, carer, found, steps);
    if (mentions.length === 0) return { hits: [], concepts: NO_CONCEPTS };
    const concepts = new Set<string>();
    for (const m of mentions) if (!m.modifiers.has('NEGATED')) concepts.add(m.concept);
    const hits = applyRules(this.rules, mentions, sentences, tokens);
    if (sentences.length > 1 && this.acrossRules.length > 0) for (const h of this.acrossSentences(mentions, sentences, tokens)) hits.push(h);
    return { hits, concepts };
  }

  /** The rules marked `acrossSentences`, read once more over the whole message as one sentence. */
  private readonly acrossRules: readonly FlagRule[];

  /**
   * Hits of the `acrossSentences` rules over the message as one sentence ("Had prostate cancer in 2019. Now my back
   * aches."). A mention asked about in a general question ("is back pain after cancer serious?") stays out: its own
   * sentence already made it a question, and the merged sentence would not know.
   */
  private acrossSentences(mentions: readonly Mention[], sentences: readonly Sentence[], tokens: readonly string[]): RuleHit[] {
    const kept: Mention[] = [];
    let self = false;
    for (const s of sentences) if (s.self) self = true;
    for (const m of mentions) {
      const s = sentences[m.sentence] as Sentence;
      if (s.question && m.start >= s.questionStart && !s.self) continue;
      kept.push({ ...m, sentence: 0 });
    }
    const whole: Sentence = { start: 0, end: tokens.length, question: false, questionStart: tokens.length, self };
    return applyRules(this.acrossRules, kept, [whole], tokens);
  }

  /**
   * True when some rule has a concept of each of its groups in `present`. Runs on every message, so it goes from the
   * concepts present to the groups that hold them (`groupsOf`), counting each rule's groups met once (stamps), instead
   * of asking the set about every concept of every rule.
   */
  private anyRuleCanHold(present: ReadonlySet<string>): boolean {
    const stamp = ++this.stamp;
    for (const c of present) {
      const groups = this.groupsOf.get(c);
      if (groups === undefined) continue;
      for (const g of groups) {
        if (this.groupStamp[g] === stamp) continue;
        this.groupStamp[g] = stamp;
        const r = this.ruleOfGroup[g] as number;
        if (this.ruleStamp[r] !== stamp) {
          this.ruleStamp[r] = stamp;
          this.groupsMet[r] = 0;
        }
        this.groupsMet[r] = (this.groupsMet[r] as number) + 1;
        if (this.groupsMet[r] === (this.rules[r] as FlagRule).all.length) return true;
      }
    }
    return false;
  }

  /** Sorts the hits of all pieces into tiers and explains each output. `pieces` pairs hits with their tokens. */
  resolve(pieces: ReadonlyArray<{ tokens: readonly string[]; hits: RuleHit[]; concepts: ReadonlySet<string> }>): ConceptFlags {
    return new ConceptReading(pieces);
  }
}

/**
 * What `resolve` returns: a class rather than an object of closures, because the closures were made (and named) again
 * for every message.
 */
class ConceptReading implements ConceptFlags {
  readonly redFlags: FlagOutcome['redFlags'];
  readonly possible: FlagOutcome['possible'];
  readonly asked: FlagOutcome['asked'];
  readonly denied: FlagOutcome['denied'];
  readonly contraindications: FlagOutcome['contraindications'];
  readonly deniedContraindications: FlagOutcome['deniedContraindications'];
  readonly dismissed: FlagOutcome['dismissed'];
  readonly explanations: Explanation[] = [];
  readonly concepts: ReadonlySet<string>;
  /** The tokens each hit was read in: `only` when there is one piece, else by hit. */
  private readonly only: readonly string[] | null;
  private readonly tokensOf: Map<RuleHit, readonly string[]> | null;

  constructor(pieces: ReadonlyArray<{ tokens: readonly string[]; hits: RuleHit[]; concepts: ReadonlySet<string> }>) {
    let all: RuleHit[];
    if (pieces.length === 1) {
      const p = pieces[0] as { tokens: readonly string[]; hits: RuleHit[] };
      all = p.hits;
      this.only = p.tokens;
      this.tokensOf = null;
    } else {
      all = [];
      this.only = null;
      this.tokensOf = new Map();
      for (const p of pieces) {
        for (const h of p.hits) {
          all.push(h);
          this.tokensOf.set(h, p.tokens);
        }
      }
    }
    const o = outcome(all);
    this.redFlags = o.redFlags;
    this.possible = o.possible;
    this.asked = o.asked;
    this.denied = o.denied;
    this.contraindications = o.contraindications;
    this.deniedContraindications = o.deniedContraindications;
    this.dismissed = o.dismissed;
    for (const [id, h] of o.redFlags) this.explanations.push(this.explain('redFlag', id, h));
    for (const [id, h] of o.possible) this.explanations.push(this.explain('possibleRedFlag', id, h));
    for (const [id, h] of o.contraindications) this.explanations.push(this.explain('contraindication', id, h));
    let concepts = pieces[0]?.concepts ?? NO_CONCEPTS;
    if (pieces.length > 1) {
      const every = new Set<string>();
      for (const p of pieces) for (const c of p.concepts) every.add(c);
      concepts = every;
    }
    this.concepts = concepts;
  }

  private tokens(h: RuleHit): readonly string[] {
    return this.only ?? this.tokensOf?.get(h) ?? [];
  }

  private explain(kind: Explanation['kind'], id: string, h: RuleHit): Explanation {
    const tokens = this.tokens(h);
    return { kind, id, rule: h.rule.id, concepts: h.mentions.map((m) => ({ concept: m.concept, text: tokens.slice(m.start, m.end).join(' ') })) };
  }

  span(h: RuleHit, only?: (m: Mention) => boolean): { tokens: readonly string[]; start: number; end: number } | null {
    const tokens = this.tokens(h);
    let a = Infinity;
    let b = -1;
    for (const m of h.mentions) {
      if (only !== undefined && !only(m)) continue;
      a = Math.min(a, m.start);
      b = Math.max(b, m.end);
    }
    return b < 0 ? null : { tokens, start: a, end: b };
  }

  evidence(h: RuleHit): string {
    const s = this.span(h);
    return s === null ? '' : s.tokens.slice(s.start, s.end).join(' ');
  }
}

export type { RedFlagId, ContraindicationId };
