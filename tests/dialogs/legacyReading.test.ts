import { describe, expect, it } from 'vitest';
import { isCancel, isDecline, isForgetMe, isHelp, isLastTime, isQuestionText as isQuestion, withLegacyReading } from '../../src/dialogs/legacyReading';
import { normalise } from '../../src/dialogs/turn';
import { fakeAnalyzer } from './fakeAnalyzer';

describe('command patterns', () => {
  it.each(['stop', 'Quit', 'never mind', 'never mind, cancel', 'no, cancel that', 'nevermind', 'cancel', 'please stop'])('cancel: %j', (t) => {
    expect(isCancel(t)).toBe(true);
  });
  it.each(["it won't stop hurting", 'I stopped running', 'cancelled my physio', 'no'])('not cancel: %j', (t) => {
    expect(isCancel(t)).toBe(false);
  });
  it.each(['help', 'Help!', 'what can you do?', 'menu'])('help: %j', (t) => expect(isHelp(t)).toBe(true));
  it.each(['help me with my back pain', 'does heat help?'])('not help: %j', (t) => expect(isHelp(t)).toBe(false));
  it.each(['forget me', 'Please delete my data', 'erase my data'])('forget: %j', (t) => expect(isForgetMe(t)).toBe(true));
  it.each(['I forget things', 'delete'])('not forget: %j', (t) => expect(isForgetMe(t)).toBe(false));
  it.each(['what is cupping?', 'what is cupping', 'Tell me about the piriformis', 'does massage help', 'the glutes?'])('question: %j', (t) => expect(isQuestion(t)).toBe(true));
  it.each(['in my hamstring', 'it stays above the knee', 'sitting makes it worse'])('not a question: %j', (t) => expect(isQuestion(t)).toBe(false));
  it.each(['no', 'No thanks!', 'nothing else', "I'm good, thanks", "that's all for now"])('decline: %j', (t) => expect(isDecline(t)).toBe(true));
  it.each(['no, my bum hurts', 'nothing helps the pain', 'not sure'])('not a decline: %j', (t) => expect(isDecline(t)).toBe(false));
  it.each([
    'what did you suggest last time?',
    'last time',
    'What did you recommend?',
    'remind me what you said last time',
    'show me my last results',
    'what was your previous advice',
    'can I see my last assessment',
    'what were your suggestions last time',
    'previous session please',
  ])('last time: %j', (t) => expect(isLastTime(t)).toBe(true));
  it.each([
    'what should I do before a massage',
    'my last massage hurt',
    // Pain described with "last time" in it is a description, not a question about earlier advice.
    'the last time I ran my bum ached',
    'last time I sat for long my leg went numb',
    'it hurts more than last time',
    'tell me why my last massage hurt',
    'you said to use heat before the massage',
  ])('not last time: %j', (t) => expect(isLastTime(t)).toBe(false));
  it('normalise strips punctuation and case', () => expect(normalise("  Don't   STOP!! ")).toBe('dont stop'));
});

describe('withLegacyReading', () => {
  it.each([
    ['never mind, cancel', 'cancel'],
    ['no, cancel that', 'cancel'],
    ['start over', 'start-over'],
    ['help', 'help'],
    ['delete my data', 'forget-me'],
    ['what did you suggest last time?', 'last-time'],
    ['no thanks', 'decline'],
    ['None of these', null],
  ])('%j → command %s', (text, command) => expect(legacy(text).command).toBe(command));

  it('fills only what the analyzer left neutral, in a new object', () => {
    const analysis = { ...fakeAnalyzer().analyze('none, I already told you'), command: null, answer: { yesNo: null, screening: null, alreadyTold: false } };
    const read = withLegacyReading(analysis);
    expect(read).not.toBe(analysis);
    expect(read.answer).toEqual({ yesNo: 'no', screening: 'none', alreadyTold: true });
  });

  it('contraindications said in passing, and denied', () => {
    const neutral = (text: string) => ({ ...fakeAnalyzer().analyze(text), contraindications: [], deniedContraindications: [] });
    expect(withLegacyReading(neutral("I'm 24 weeks pregnant")).contraindications.map((c) => c.id)).toEqual(['pregnancy']);
    expect(withLegacyReading(neutral("I'm not pregnant")).deniedContraindications).toEqual(['pregnancy']);
  });
});

function legacy(text: string) {
  return withLegacyReading({ ...fakeAnalyzer().analyze(text), command: null });
}
