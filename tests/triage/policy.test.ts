import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/triage/case';
import { doctorFirst, nextQuestion, recommend, revisionNote, screenLeftOpen, unknownContraindications, type Next } from '../../src/triage/policy';
import { caseOf, knowledge } from './scenario';

const cleared: Partial<Case> = { redFlagScreen: 'none' };
const screened: Partial<Case> = { redFlagScreen: 'none', contraScreen: 'none' };

describe('nextQuestion: what to ask, in clinical order', () => {
  it.each<[string, string[], Partial<Case>, Next]>([
    ['nothing said yet: a description', [], {}, { kind: 'ask', question: 'description' }],
    ['a description: the red-flag screen before anything else', ['my bum hurts when I sit'], {}, { kind: 'ask', question: 'red-flag-screen' }],
    ['a possible red flag: one pointed question first', ['my bum hurts', 'my leg feels a bit numb'], cleared, { kind: 'possible-red-flag', flag: 'leg-weakness' }],
    ['a red flag: urgent advice, nothing else', ['my bum hurts and I have a fever'], cleared, { kind: 'red-flag', flags: ['fever'] }],
    ['"yes" at the red-flag list: which one', ['my bum hurts'], { redFlagScreen: 'pending' }, { kind: 'ask', question: 'which-red-flag' }],
    ['"not sure" which: see a clinician first', ['my bum hurts'], { redFlagScreen: 'unsure' }, { kind: 'unsure-red-flag' }],
    ['where it hurts is not known', ['my leg hurts when I walk'], cleared, { kind: 'ask', question: 'where' }],
    ['a named muscle says where', ['my hamstring hurts'], { ...cleared, namedMuscles: ['hamstrings'] }, { kind: 'ask', question: 'spread' }],
    ['spread known from the text: what makes it worse', ['my bum hurts and it does not go below my knee'], cleared, { kind: 'ask', question: 'worse' }],
    ['everything known: the contraindication screen', ['my bum hurts when I sit and it does not go below my knee'], cleared, { kind: 'ask', question: 'contra-screen' }],
    ['an intake question asked once is not asked again', ['my leg hurts'], { ...cleared, asked: ['description', 'where', 'spread', 'worse'] }, { kind: 'ask', question: 'contra-screen' }],
    ['"yes" at the screen: which ones', ['my bum hurts when I sit below my knee'], { ...cleared, contraScreen: 'pending' }, { kind: 'ask', question: 'which-contra' }],
    ['screened: recommend', ['my bum hurts when I sit below my knee'], screened, { kind: 'recommend' }],
  ])('%s', (_name, said, edit, expected) => {
    expect(nextQuestion(caseOf(said, edit))).toEqual(expected);
  });

  it('every contraindication known: no screen at all', () => {
    const all = unknownContraindications(caseOf([]));
    expect(nextQuestion(caseOf(['my bum hurts when I sit below my knee'], { ...cleared, deniedContraindications: all }))).toEqual({ kind: 'recommend' });
  });
});

describe('doctorFirst: when no massage advice may be given, whatever is asked', () => {
  it.each<[string, Partial<Case>, ReturnType<typeof doctorFirst>]>([
    ['a red flag on the case', { redFlags: [{ id: 'fever', evidence: 'fever' }] }, 'red-flag'],
    ['"not sure" at the red-flag list', { redFlagScreen: 'unsure' }, 'unsure'],
    ['"not sure" to the pointed question', { possibleRedFlags: [{ id: 'leg-weakness', evidence: 'numb', answer: 'unsure' }] }, 'unsure'],
    ['"no" to the pointed question', { possibleRedFlags: [{ id: 'leg-weakness', evidence: 'numb', answer: 'no' }] }, undefined],
    ['the screen answered "none"', { redFlagScreen: 'none' }, undefined],
  ])('%s', (_what, edit, expected) => {
    expect(doctorFirst(caseOf(['my bum hurts'], edit))).toBe(expected);
  });
});

describe('screenLeftOpen: the screen items still open after a typed answer that named some', () => {
  const pain = 'my bum hurts when I sit below my knee';
  it.each<[string, string[], Partial<Case>, string[], Next]>([
    ['named one in words: every other item, asked once more', ['I take warfarin'], { ...cleared, contraScreen: 'some' }, ['blood-clot', 'pregnancy', 'cancer-history', 'osteoporosis-fracture-surgery', 'fever-unwell-skin', 'diabetes-numbness'], { kind: 'ask', question: 'other-contra' }],
    ['what was denied is not asked', ['I take warfarin', "I'm not pregnant"], { ...cleared, contraScreen: 'some' }, ['blood-clot', 'cancer-history', 'osteoporosis-fracture-surgery', 'fever-unwell-skin', 'diabetes-numbness'], { kind: 'ask', question: 'other-contra' }],
    ['nothing left open (all stated or denied): recommend', ['I take warfarin'], { ...cleared, contraScreen: 'some', deniedContraindications: ['blood-clot', 'pregnancy', 'cancer-history', 'osteoporosis-fracture-surgery', 'fever-unwell-skin', 'diabetes-numbness'] }, [], { kind: 'recommend' }],
    ['ticked from the whole list (complete): recommend', ['I take warfarin'], { ...cleared, contraScreen: 'yes' }, [], { kind: 'recommend' }],
    ['"only that" (the rest denied): recommend', ['I take warfarin'], { ...cleared, contraScreen: 'none' }, [], { kind: 'recommend' }],
    ['"not sure" about the rest: recommend (gentle only)', ['I take warfarin'], { ...cleared, contraScreen: 'unsure' }, [], { kind: 'recommend' }],
    ['"yes" at the follow-up: which ones', ['I take warfarin'], { ...cleared, contraScreen: 'pending' }, [], { kind: 'ask', question: 'which-contra' }],
  ])('%s', (_name, said, edit, open, next) => {
    const c = caseOf([pain, ...said], edit);
    expect(screenLeftOpen(c)).toEqual(open);
    expect(nextQuestion(c)).toEqual(next);
  });

  it('a clot told at the follow-up: no massage at all', () => {
    const c = caseOf([pain, 'I take warfarin'], { ...cleared, contraScreen: 'some' });
    c.contraindications = [...(c.contraindications ?? []), 'blood-clot'];
    c.contraScreen = 'yes';
    expect(nextQuestion(c)).toEqual({ kind: 'recommend' });
    expect(recommend(c, knowledge).noMassage).toBe(true);
  });
});

describe('nextQuestion: known facts', () => {
  it('never asks about a contraindication already stated or denied', () => {
    const c = caseOf(["I'm 24 weeks pregnant, my bum hurts when I sit", "I don't take blood thinners"], cleared);
    expect(unknownContraindications(c)).not.toContain('pregnancy');
    expect(unknownContraindications(c)).not.toContain('blood-thinners');
  });
});

const techniques = (c: Case) => recommend(c, knowledge).techniques.map((t) => t.id);
const leftOut = (c: Case) => recommend(c, knowledge).ids.excluded;

describe('recommend: clinical scenarios', () => {
  it.each<[string, string[], Partial<Case>, { has?: string[]; not?: string[]; noMassage?: boolean; conditional?: boolean }]>([
    ['sitting buttock pain, nothing against: firm work allowed', ['my bum hurts when I sit in the car'], screened, { has: ['trigger-point'], conditional: false }],
    ['blood thinners: no deep tissue, trigger point or cupping', ['my bum hurts when I sit', 'I take warfarin'], screened, { not: ['deep-tissue', 'trigger-point', 'cupping'], conditional: true }],
    ['pregnancy: gentle only', ["I'm pregnant and my bum hurts when I sit"], screened, { not: ['deep-tissue', 'trigger-point', 'cupping'], conditional: true }],
    ['a possible clot: no massage at all', ['my bum hurts when I sit', 'I have a DVT'], screened, { noMassage: true }],
    ['nerve-root picture: gentle only', ['my bum hurts and I get pins and needles in my calf'], screened, { not: ['deep-tissue', 'trigger-point'], conditional: true }],
    ['not sure about the health questions: gentle only', ['my bum hurts when I sit'], { ...cleared, contraScreen: 'unsure' }, { not: ['deep-tissue', 'trigger-point', 'cupping'], conditional: true }],
  ])('%s', (_name, said, edit, expected) => {
    const c = caseOf(said, edit);
    const advice = recommend(c, knowledge);
    for (const id of expected.has ?? []) expect(techniques(c)).toContain(id);
    for (const id of expected.not ?? []) {
      expect(techniques(c)).not.toContain(id);
    }
    if (expected.noMassage !== undefined) expect(advice.noMassage).toBe(expected.noMassage);
    if (expected.conditional !== undefined) expect(advice.conditional).toBe(expected.conditional);
  });

  it('quotes the person and says why something is left out', () => {
    const advice = recommend(caseOf(['my bum hurts when I sit', 'I take warfarin'], screened), knowledge);
    expect(advice.muscles[0]?.evidence.length).toBeGreaterThan(0);
    expect(advice.avoid.map((a) => a.why).join(' ')).toMatch(/blood thinners/);
    expect(advice.summary).toMatch(/Left out for you/);
  });

  it('a late contraindication: the revision note names it and what is now left out', () => {
    const before = recommend(caseOf(['my bum hurts when I sit'], screened), knowledge).ids;
    const late = caseOf(['my bum hurts when I sit', 'oh wait, I take clopidogrel'], screened);
    const note = revisionNote(before, recommend(late, knowledge), late, knowledge);
    expect(note).toMatch(/blood thinners/);
    expect(note).toMatch(/trigger point/i);
    expect(leftOut(late)).toContain('cupping');
  });

  it('a contraindication taken back: the revision note names what is an option again', () => {
    const before = recommend(caseOf(["I'm pregnant and my bum hurts when I sit"], screened), knowledge).ids;
    const corrected = caseOf(["I'm pregnant and my bum hurts when I sit", "sorry, I'm not pregnant"], screened);
    expect(revisionNote(before, recommend(corrected, knowledge), corrected, knowledge)).toMatch(/^With that taken into account, trigger point therapy.* are an option again\.$/);
  });

  it('no revision note when nothing suggested is now left out', () => {
    const c = caseOf(['my bum hurts when I sit'], screened);
    const advice = recommend(c, knowledge);
    expect(revisionNote(advice.ids, advice, c, knowledge)).toBeUndefined();
  });
});
