import type { RedFlagId } from '../knowledge/vocabulary';
import type { RedFlagRuleData } from './lexicon';
import { firstWordIndex, wordPattern } from './lexicon';
import { computeScopes, isCarerReport } from './negation';
import type { PreparedText } from './text';
import { tokenAt } from './text';
import type { RedFlagMatch } from './types';

interface CompiledRule {
  flag: RedFlagId;
  re: RegExp;
  /** The rule's pattern source, as in the data file. */
  src: string;
  /** Owner id in the first-word index (a rule with no first words is marked on every text). */
  owner: number;
  unlessBefore: RegExp | null;
  unlessAfter: RegExp | null;
  unlessSentence: RegExp | null;
  requires: RegExp | null;
}

/** What the red-flag layer read from one text. */
export interface RedFlagScan {
  /** Asserted flags, first evidence each, in rule order. */
  flags: RedFlagMatch[];
  /** Flags mentioned only in denied form ("no fever", "I haven't fallen"). */
  negated: RedFlagId[];
  /** Character spans in the scanned text of the asserting phrases (so other steps can ignore those words). */
  spans: Array<readonly [number, number]>;
  /** Flags only asked about or imagined ("what if my leg ever gives way?"): not raised, but the topic is health. */
  hypothetical: RedFlagId[];
}

const CONTEXT = 40;

/** "cancer? no." / "falls - none": a questionnaire-style answer right after the phrase denies it. */
const QA_DENIAL = /^ (?:[?:] )?(?:no|nope|nah|none|never|negative|not really|not at all)(?= [.,;!?]| and | or |$)/;
/**
 * Hypothetical or general questions ("what should I do if my leg ever gives way?", "in case I lose bladder
 * control"): the flag is mentioned, not asserted. Checked on the sentence up to and just after the phrase.
 */
const HYPOTHETICAL_BEFORE =
  /(?:^|[^a-z])(?:what (?:should|do|would|could|will|shall|must) (?:i|we|you|one) (?:do )?(?:if|when|in case)|what (?:happens|would happen|will happen|if)|what to do (?:if|when)|in case|suppos(?:e|ing)|hypothetically|just wondering if|how (?:do|would|will|can|could) (?:i|you|one) (?:know|tell) (?:if|when)|if (?:i|you|my [a-z]+|it|they|someone) (?:[a-z]+ ){0,3}ever|should (?:i|my [a-z]+|it|they) ever|in the event)(?:[^a-z]|$)/;
const HYPOTHETICAL_AFTER = /^(?: [a-z]+){0,3} ever(?: [a-z]+){0,4} (?:what|should|do|would|is|how)|^ (?:at all|ever) ?\?/;

function isAsserted(flags: readonly RedFlagMatch[], id: RedFlagId): boolean {
  for (const f of flags) if (f.id === id) return true;
  return false;
}

/** Sentence start up to `start`. */
function sentenceBefore(norm: string, start: number): string {
  let a = start;
  while (a > 0 && !'.!?;'.includes(norm[a - 1] as string)) a--;
  return norm.slice(a, start);
}

/** Sentence around [start, end): from the previous . ! ? ; to the next. */
function sentenceAround(norm: string, start: number, end: number): string {
  let a = start;
  while (a > 0 && !'.!?;'.includes(norm[a - 1] as string)) a--;
  let b = end;
  while (b < norm.length && !'.!?;'.includes(norm[b] as string)) b++;
  return norm.slice(a, b);
}

/**
 * The red-flag rule layer (NICE CKS sciatica red flags), run on every message whatever its intent. A pattern hit
 * asserts its flag unless a negation cue governs its first word, it is about someone else, or an exception
 * pattern matches around it. Rules are data (src/nlp/data/redFlags.json).
 */
export class RedFlagDetector {
  private readonly rules: CompiledRule[];
  /** Each rule's owner in the first-word index, by rule index (the scan's skip test reads only these). */
  private readonly owners: Int32Array;
  private readonly prefilter: boolean;

  /** `options.prefilter: false` runs every rule on every text (the reference the tests compare with). */
  constructor(rules: readonly RedFlagRuleData[], options: { prefilter?: boolean } = {}) {
    this.prefilter = options.prefilter ?? true;
    this.rules = rules.map((r) => ({
      flag: r.flag,
      re: wordPattern(r.pattern),
      src: r.pattern,
      owner: firstWordIndex.register([r.pattern]),
      unlessBefore: r.unlessBefore ? new RegExp(`(?:^|[^a-z0-9])${r.unlessBefore}`) : null,
      unlessAfter: r.unlessAfter ? new RegExp(r.unlessAfter) : null,
      unlessSentence: r.unlessSentence ? wordPattern(r.unlessSentence, '') : null,
      requires: r.requires ? wordPattern(r.requires) : null,
    }));
    this.owners = Int32Array.from(this.rules, (r) => r.owner);
  }

  /** True when the prefilter lets the rule run on this text (its trigger words occur, or it has none). */
  mayMatch(ruleIndex: number, norm: string): boolean {
    const rule = this.rules[ruleIndex];
    if (rule === undefined) return false;
    return !this.prefilter || firstWordIndex.marks(norm)[rule.owner] === 1;
  }

  /** Scans prepared text; negation scopes are computed once for all rules. */
  scan(text: PreparedText): RedFlagScan {
    const { norm, starts, tokens } = text;
    // Flags in the order first seen, as lists: a message names a few at most.
    const flags: RedFlagMatch[] = [];
    const denied: RedFlagId[] = [];
    const spans: Array<readonly [number, number]> = [];
    const hypothetical: RedFlagId[] = [];
    if (norm.length === 0) return { flags, negated: denied, spans, hypothetical };
    const marks = this.prefilter ? firstWordIndex.marks(norm) : null;
    const { owners } = this;
    let scopes: ReturnType<typeof computeScopes> | null = null;
    let caring: boolean | undefined;
    for (let i = 0; i < owners.length; i++) {
      if (marks !== null && marks[owners[i] as number] === 0) continue;
      const rule = this.rules[i] as CompiledRule;
      if (isAsserted(flags, rule.flag)) continue;
      rule.re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = rule.re.exec(norm)) !== null) {
        if (m[0].length === 0) {
          rule.re.lastIndex++;
          continue;
        }
        const start = m.index;
        const end = start + m[0].length;
        if (rule.unlessBefore && rule.unlessBefore.test(norm.slice(Math.max(0, start - CONTEXT), start))) continue;
        if (rule.unlessAfter && rule.unlessAfter.test(norm.slice(end, end + CONTEXT))) continue;
        if (rule.unlessSentence && rule.unlessSentence.test(sentenceAround(norm, start, end))) continue;
        scopes ??= computeScopes(tokens);
        if (rule.requires && !this.assertedAnywhere(rule.requires, text, scopes, start, end)) continue;
        const ti = tokenAt(starts, start);
        if (scopes.other[ti] && !(caring ??= isCarerReport(norm))) continue;
        const after = norm.slice(end, end + CONTEXT);
        if (scopes.negated[ti] || QA_DENIAL.test(after)) {
          if (!denied.includes(rule.flag)) denied.push(rule.flag);
          continue;
        }
        if (HYPOTHETICAL_BEFORE.test(sentenceBefore(norm, start)) || HYPOTHETICAL_AFTER.test(after)) {
          if (!hypothetical.includes(rule.flag)) hypothetical.push(rule.flag);
          continue;
        }
        flags.push({ id: rule.flag, evidence: m[0] });
        spans.push([start, end]);
        break;
      }
    }
    return {
      flags,
      negated: denied.filter((f) => !isAsserted(flags, f)),
      spans,
      hypothetical: hypothetical.filter((f) => !isAsserted(flags, f) && !denied.includes(f)),
    };
  }

  /**
   * True when `re` occurs somewhere in the text outside a negation or other-person scope. Inside or right after the
   * phrase itself it always counts: "nothing comes out of my bladder" has its own "nothing" in front of the context word.
   */
  private assertedAnywhere(re: RegExp, text: PreparedText, scopes: ReturnType<typeof computeScopes>, phraseStart: number, phraseEnd: number): boolean {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text.norm)) !== null) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const ti = tokenAt(text.starts, m.index);
      if (scopes.other[ti]) continue;
      if (!scopes.negated[ti] || (m.index >= phraseStart && m.index <= phraseEnd + CONTEXT)) return true;
    }
    return false;
  }
}
