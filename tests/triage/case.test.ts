import { describe, expect, it } from 'vitest';
import {
  anotherPain,
  changesAdvice,
  emptyCase,
  markAsked,
  recordContraScreen,
  recordPossibleRedFlag,
  recordRedFlagScreen,
  restartCase,
  updateCase,
  type Case,
} from '../../src/triage/case';
import { analyze, caseOf } from './scenario';

describe('updateCase: every message adds to the case', () => {
  it('keeps where it hurts, aggravators and the person’s words', () => {
    const c = caseOf(['my bum hurts', 'worse when I sit']);
    expect(c.symptoms.locations).toEqual(['buttock']);
    expect(c.symptoms.aggravators).toEqual(['sitting']);
    expect(c.symptoms.muscles.map((m) => m.id)).toContain('piriformis');
  });

  it('keeps a red flag for good, with a short quote, and reports only what is new', () => {
    const c = emptyCase();
    expect(updateCase(c, analyze('I had cancer years ago')).redFlags).toEqual(['cancer']);
    expect(updateCase(c, analyze('I had cancer years ago')).redFlags).toEqual([]);
    updateCase(c, analyze('it is probably nothing'));
    expect(c.redFlags).toEqual([{ id: 'cancer', evidence: 'had cancer' }]);
  });

  it('a possible red flag is kept until answered; its answer is stored; "yes" makes it a red flag', () => {
    const c = caseOf(['my leg feels a bit numb']);
    expect(c.possibleRedFlags).toEqual([{ id: 'leg-weakness', evidence: 'leg feels a bit numb' }]);
    recordPossibleRedFlag(c, 'leg-weakness', 'no');
    expect(c.possibleRedFlags?.[0]?.answer).toBe('no');
    expect(c.redFlags).toBeUndefined();
    recordPossibleRedFlag(c, 'leg-weakness', 'yes');
    expect(c.redFlags?.map((f) => f.id)).toEqual(['leg-weakness']);
  });

  it('contraindications stated late are new; a denial takes one back (a small correction)', () => {
    const c = caseOf(['my bum hurts']);
    const late = updateCase(c, analyze('oh wait, I take clopidogrel'));
    expect(late.contraindications).toEqual(['blood-thinners']);
    expect(changesAdvice(late)).toBe(true);
    const correction = updateCase(c, analyze("sorry, I don't take blood thinners"));
    expect(correction.withdrawn).toEqual(['blood-thinners']);
    expect(c.contraindications).toBeUndefined();
    expect(c.deniedContraindications).toEqual(['blood-thinners']);
  });

  it('a nerve-root picture that appears later changes the advice', () => {
    const c = caseOf(['my bum hurts']);
    expect(updateCase(c, analyze('now I get pins and needles in my calf')).nerveRoot).toBe(true);
  });

  it('a change in where the pain goes changes the advice; saying the same again changes nothing', () => {
    const c = caseOf(['my bum hurts when I sit', 'it does not go below my knee']);
    const same = updateCase(c, analyze('my bum hurts when I sit'));
    expect(same.spread).toBe(false);
    expect(same.symptoms).toBe(false);
    expect(changesAdvice(same)).toBe(false);
    const corrected = updateCase(c, analyze('sorry, it does go down into my calf'));
    expect(corrected.spread).toBe(true);
    expect(corrected.symptoms).toBe(true);
    expect(changesAdvice(corrected)).toBe(true);
  });

  it('anything new about the pain is a change to acknowledge, even when it changes no advice', () => {
    const c = caseOf(['my bum hurts']);
    const worse = updateCase(c, analyze('worse when I sit'));
    expect(worse.symptoms).toBe(true);
    expect(worse.spread).toBe(false);
  });

  it('screening answers: "none" denies only what was not said; ticks are added', () => {
    const c = caseOf(["I'm pregnant and my bum hurts"]);
    recordContraScreen(c, 'none');
    expect(c.contraindications).toEqual(['pregnancy']);
    expect(c.contraScreen).toBe('none');
    const d = caseOf(['my bum hurts']);
    recordContraScreen(d, { yes: ['osteoporosis-fracture-surgery'] });
    expect(d.contraindications).toEqual(['osteoporosis-fracture-surgery']);
    expect(d.redFlags).toBeUndefined();
  });

  it.each<[string, 'open' | 'denied' | 'unsure' | undefined, Case['contraScreen']]>([
    ['ticked from the whole list: complete', undefined, 'yes'],
    ['named in words, nothing said of the rest: the rest open', 'open', 'some'],
    ['named with "only that": the rest denied', 'denied', 'none'],
    ['named with "not sure about the rest": not sure', 'unsure', 'unsure'],
  ])('named items and the rest: %s', (_name, rest, screen) => {
    const c = caseOf(['my bum hurts']);
    recordContraScreen(c, { yes: ['blood-thinners'], ...(rest ? { rest } : {}) });
    expect(c.contraindications).toEqual(['blood-thinners']);
    expect(c.contraScreen).toBe(screen);
  });

  it('cancer now or before, ticked by someone with back or leg pain, is the cancer red flag too', () => {
    const c = caseOf(['my bum hurts']);
    recordContraScreen(c, { yes: ['cancer-history', 'pregnancy'] }, 'which');
    expect(c.contraindications).toEqual(['cancer-history', 'pregnancy']);
    expect(c.redFlags?.map((f) => f.id)).toEqual(['cancer']);
  });

  it('the red-flag screen: yes → which one; a pick is a red flag; not sure at the list is kept', () => {
    const c = emptyCase();
    recordRedFlagScreen(c, 'yes', 'list');
    expect(c.redFlagScreen).toBe('pending');
    recordRedFlagScreen(c, 'unsure', 'which');
    expect(c.redFlagScreen).toBe('unsure');
    recordRedFlagScreen(c, { flags: ['fever'] }, 'which');
    expect(c.redFlags?.map((f) => f.id)).toEqual(['fever']);
  });

  it('start over forgets the pain and answers but keeps red flags', () => {
    const c = caseOf(['I had cancer', 'my bum hurts']);
    markAsked(c, 'where');
    const fresh = restartCase(c);
    expect(fresh.redFlags?.map((f) => f.id)).toEqual(['cancer']);
    expect(fresh.symptoms.muscles).toEqual([]);
    expect(fresh.asked).toBeUndefined();
  });

  it('another pain keeps what is known about the person, the red-flag screen answered "none" too, and forgets the pain', () => {
    const c = caseOf(["I'm pregnant", 'my bum hurts']);
    recordRedFlagScreen(c, 'none', 'list');
    recordContraScreen(c, 'none');
    markAsked(c, 'spread');
    const next = anotherPain(c);
    expect(next.redFlagScreen).toBe('none');
    expect(next.contraindications).toEqual(['pregnancy']);
    expect(next.contraScreen).toBe('none');
    expect(next.symptoms.muscles).toEqual([]);
    expect(next.asked).toBeUndefined();
    const unsure = caseOf(['my bum hurts'], { redFlagScreen: 'pending' });
    expect(anotherPain(unsure).redFlagScreen).toBeUndefined();
  });

  it('stays small: quotes are capped whatever the person types', () => {
    const c = caseOf([`I had cancer ${'x'.repeat(5000)}`, `my bum hurts ${'y'.repeat(5000)}`]);
    expect(JSON.stringify(c).length).toBeLessThan(800);
  });
});
