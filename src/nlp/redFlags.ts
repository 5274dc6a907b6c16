import type { RedFlagId } from '../knowledge/vocabulary';
import type { RedFlagRuleData } from './lexicon';
import { wordPattern } from './lexicon';
import { computeScopes } from './negation';
import type { PreparedText } from './text';
import { tokenAt } from './text';
import type { RedFlagMatch } from './types';

interface CompiledRule {
  flag: RedFlagId;
  re: RegExp;
  unlessBefore: RegExp | null;
  unlessAfter: RegExp | null;
  unlessSentence: RegExp | null;
}

/** What the red-flag layer read from one text. */
export interface RedFlagScan {
  /** Asserted flags, first evidence each, in rule order. */
  flags: RedFlagMatch[];
  /** Flags mentioned only in denied form ("no fever", "I haven't fallen"). */
  negated: RedFlagId[];
  /** Character spans in the scanned text of the asserting phrases (so other steps can ignore those words). */
  spans: Array<readonly [number, number]>;
}

const CONTEXT = 40;

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
  /** Union of every rule's pattern: most messages fail this one test and skip the rules entirely. */
  private readonly any: RegExp;

  constructor(rules: readonly RedFlagRuleData[]) {
    this.any = wordPattern(rules.map((r) => r.pattern).join('|'), '');
    this.rules = rules.map((r) => ({
      flag: r.flag,
      re: wordPattern(r.pattern),
      unlessBefore: r.unlessBefore ? new RegExp(`(?:^|[^a-z0-9])${r.unlessBefore}`) : null,
      unlessAfter: r.unlessAfter ? new RegExp(r.unlessAfter) : null,
      unlessSentence: r.unlessSentence ? wordPattern(r.unlessSentence, '') : null,
    }));
  }

  /** Scans prepared text; negation scopes are computed once for all rules. */
  scan(text: PreparedText): RedFlagScan {
    const { norm, starts, tokens } = text;
    const asserted = new Map<RedFlagId, string>();
    const denied = new Set<RedFlagId>();
    const spans: Array<readonly [number, number]> = [];
    if (norm.length === 0 || !this.any.test(norm)) return { flags: [], negated: [], spans };
    let scopes: ReturnType<typeof computeScopes> | null = null;
    for (const rule of this.rules) {
      if (asserted.has(rule.flag)) continue;
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
        const ti = tokenAt(starts, start);
        if (scopes.other[ti]) continue;
        if (scopes.negated[ti]) {
          denied.add(rule.flag);
          continue;
        }
        asserted.set(rule.flag, m[0]);
        spans.push([start, end]);
        break;
      }
    }
    const flags: RedFlagMatch[] = [];
    for (const [id, evidence] of asserted) flags.push({ id, evidence });
    return { flags, negated: [...denied].filter((f) => !asserted.has(f)), spans };
  }
}
