import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/nlp';
import flagRulesJson from '../../src/nlp/data/flagRules.json';
import { FlagRulesSchema, type FlagRule } from '../../src/nlp/compose';
import type { Analysis } from '../../src/nlp/types';

// One generic test: every composition rule's own examples yield its output, its notExamples do not.
// The rules are tested alone: the learned possible-flag net (flagModel.ts, its own tests) is off, as in concepts.test.ts.
const analyzer = createAnalyzer({ flagModel: null });
const rules = FlagRulesSchema.parse(flagRulesJson).rules;

/** What a rule's tier promises for its examples. */
function yields(rule: FlagRule, a: Analysis): boolean {
  if (rule.contraindication !== undefined) return a.contraindications.some((c) => c.id === rule.contraindication);
  const flag = rule.flag as string;
  if (rule.tier === 'asked') return a.askedAboutRedFlags.includes(flag as never);
  if (rule.tier === 'possible') return a.redFlags.some((f) => f.id === flag) || a.possibleRedFlags.some((f) => f.id === flag);
  return a.redFlags.some((f) => f.id === flag);
}

/** A notExample must not raise the output at all (asserted or possible; asked-about for an asked rule). */
function raises(rule: FlagRule, a: Analysis): boolean {
  if (rule.contraindication !== undefined) return a.contraindications.some((c) => c.id === rule.contraindication);
  const flag = rule.flag as string;
  if (rule.tier === 'asked') return a.askedAboutRedFlags.includes(flag as never) || a.redFlags.some((f) => f.id === flag);
  return a.redFlags.some((f) => f.id === flag) || (rule.tier === 'possible' && a.possibleRedFlags.some((f) => f.id === flag));
}

describe('flag and contraindication rules (src/nlp/data/flagRules.json)', () => {
  it('covers all eight red flags and all seven contraindications', () => {
    expect(new Set(rules.flatMap((r) => (r.flag ? [r.flag] : []))).size).toBe(8);
    expect(new Set(rules.flatMap((r) => (r.contraindication ? [r.contraindication] : []))).size).toBe(7);
  });

  it('has unique rule ids', () => {
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
  });

  describe.each(rules.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
    it.each(rule.examples)('yields it for "%s"', (text) => {
      const a = analyzer.analyze(text);
      expect(yields(rule, a), JSON.stringify({ redFlags: a.redFlags, possible: a.possibleRedFlags, asked: a.askedAboutRedFlags, ci: a.contraindications, why: a.explanations })).toBe(true);
    });
    it.each(rule.notExamples)('does not raise it for "%s"', (text) => {
      const a = analyzer.analyze(text);
      expect(raises(rule, a), JSON.stringify({ redFlags: a.redFlags, possible: a.possibleRedFlags, ci: a.contraindications, why: a.explanations })).toBe(false);
    });
  });
});
