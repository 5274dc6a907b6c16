import { describe, expect, it } from 'vitest';
import { isCancel, isForgetMe, isHelp, isLastTime, normalise } from '../../src/dialogs/turn';

describe('command patterns', () => {
  it.each(['stop', 'Quit', 'start over', 'Start again!', 'never mind', 'nevermind', 'cancel', 'please stop'])('cancel: %j', (t) => {
    expect(isCancel(t)).toBe(true);
  });
  it.each(["it won't stop hurting", 'I stopped running', 'cancelled my physio', 'no'])('not cancel: %j', (t) => {
    expect(isCancel(t)).toBe(false);
  });
  it.each(['help', 'Help!', 'what can you do?', 'menu'])('help: %j', (t) => expect(isHelp(t)).toBe(true));
  it.each(['help me with my back pain', 'does heat help?'])('not help: %j', (t) => expect(isHelp(t)).toBe(false));
  it.each(['forget me', 'Please delete my data', 'erase my data'])('forget: %j', (t) => expect(isForgetMe(t)).toBe(true));
  it.each(['I forget things', 'delete'])('not forget: %j', (t) => expect(isForgetMe(t)).toBe(false));
  it.each(['what did you suggest last time?', 'last time', 'What did you recommend?'])('last time: %j', (t) => expect(isLastTime(t)).toBe(true));
  it.each(['what should I do before a massage', 'my last massage hurt'])('not last time: %j', (t) => expect(isLastTime(t)).toBe(false));
  it('normalise strips punctuation and case', () => expect(normalise("  Don't   STOP!! ")).toBe('dont stop'));
});
