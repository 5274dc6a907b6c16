import { describe, expect, it } from 'vitest';
import type { TechniqueId } from '../../src/knowledge/vocabulary';
import type { Case } from '../../src/triage/case';
import type { FollowUpAsk } from '../../src/nlp/types';
import { answerFollowUp } from '../../src/triage/followUp';
import { caseOf, knowledge } from './scenario';

describe('follow-ups are answered from the case, answer first', () => {
  it.each<[string, string[], FollowUpAsk, TechniqueId[], RegExp]>([
    ['deep tissue on blood thinners', ['my bum hurts', 'I take warfarin'], 'technique-safety', ['deep-tissue'], /^No, not for you.*blood thinners/],
    ['cupping when pregnant', ["I'm pregnant"], 'technique-safety', ['cupping'], /^No, not for you at the moment: you told me about your pregnancy, so leave out cupping/],
    ['deep tissue with nothing against, not screened', ['my bum hurts'], 'technique-safety', ['deep-tissue'], /^Possibly, but first check/],
    ['deep tissue, screened clear', ['my bum hurts'], 'technique-safety', ['deep-tissue'], /^Yes/],
    ['massage while pregnant', [], 'pregnancy-massage', [], /^Yes, but only gentle massage.*maternity provider/],
    ['massage in my pregnancy', ["I'm pregnant"], 'pregnancy-massage', [], /^In your pregnancy, yes/],
    ['how often', ['my bum hurts'], 'frequency', [], /^No guideline sets a number of massage sessions/],
    ['heat or ice', ['my bum hurts'], 'heat-or-ice', [], /^Heat/],
    ['heat or ice with numbness', ['my bum hurts and my foot is numb'], 'heat-or-ice', [], /not on skin that feels numb/],
    ['sore the next day', [], 'soreness-after', [], /^Yes, that is normal: some soreness/],
    ['deep tissue vs Swedish on blood thinners', ['I take warfarin'], 'compare', ['deep-tissue', 'swedish'], /^For you, swedish massage rather than deep tissue/i],
    ['deep tissue vs Swedish', [], 'compare', ['deep-tissue', 'swedish'], /firmer and deeper/],
    ['is cupping worth it', [], 'worth-it', ['cupping'], /^It may help some people, but the evidence is weak/],
  ])('%s', (_name, said, ask, techniques, expected) => {
    const edit = _name.includes('screened clear') ? { deniedContraindications: knowledge.contraindications.map((c) => c.id), contraScreen: 'none' as const } : {};
    const c = caseOf(said, edit);
    const { answer, detail } = answerFollowUp(c, ask, techniques, knowledge);
    expect(answer).toMatch(expected);
    expect(answer.split(/(?<=[.!?])\s/).length).toBeLessThanOrEqual(2);
    expect(detail.every((d) => d.trim() !== '')).toBe(true);
  });

  it('"which massage should I get?" after a clear screen: what was suggested, answer first; before the screen, what to check', () => {
    const screened = caseOf(['my bum hurts'], { contraScreen: 'none', recommended: { techniques: ['trigger-point', 'deep-tissue'] } });
    expect(answerFollowUp(screened, 'technique-safety', [], knowledge).answer).toBe(
      'For you, trigger point therapy and deep tissue massage: that is what I suggested, and nothing you told me rules them out.',
    );
    expect(answerFollowUp(caseOf(['my bum hurts']), 'technique-safety', [], knowledge).answer).toMatch(/^Gentle massage is fine for most people, but check these first/);
  });

  it('"is deep tissue worth it?" when deep tissue is ruled out for the person: not for them first, then the evidence', () => {
    const c = caseOf(["I'm pregnant", 'my bum hurts']);
    expect(answerFollowUp(c, 'worth-it', ['deep-tissue'], knowledge).answer).toMatch(/^Not for you at the moment: you told me about your pregnancy\. In general, the evidence is weak/);
    expect(answerFollowUp(caseOf(['my bum hurts']), 'worth-it', ['deep-tissue'], knowledge).answer).toMatch(/^It may help some people, but the evidence is weak/);
  });

  it('after a red flag, no technique is "ok for me"', () => {
    const c = caseOf(['I have a fever and my bum hurts']);
    expect(answerFollowUp(c, 'technique-safety', ['swedish'], knowledge).answer).toMatch(/^No.*doctor first/);
  });

  it.each([
    ['"not sure" at the red-flag list', { redFlagScreen: 'unsure' }],
    ['"not sure" to the pointed question about a possible flag', { possibleRedFlags: [{ id: 'leg-weakness', evidence: 'leg a bit numb', answer: 'unsure' }] }],
  ] as const)('after %s (told: see a doctor today first), no massage is "fine"', (_what, edit) => {
    const c = caseOf(['my bum hurts'], edit as Partial<Case>);
    expect(answerFollowUp(c, 'technique-safety', [], knowledge).answer).toMatch(/^Not for now: .*doctor first/);
    expect(answerFollowUp(c, 'technique-safety', ['swedish'], knowledge).answer).toMatch(/^No.*doctor first/);
  });
});
