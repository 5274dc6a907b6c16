import type { TurnContext } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { submitAction } from '../../src/dialogs/cards/common';
import { message, withSuggestions } from '../../src/dialogs/messages';
import { analyzeTurn, isCancel, isDecline, isForgetMe, isHelp, isLastTime, isQuestion, normalise, registerButtonTexts } from '../../src/dialogs/turn';
import { fakeAnalyzer } from './fakeAnalyzer';

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

describe('analyzeTurn', () => {
  const counting = () => {
    const seen: string[] = [];
    const analyzer = { analyze: (text: string) => (seen.push(text), fakeAnalyzer().analyze(text)) };
    return { analyzer, seen };
  };
  const turn = (text: string) => ({ activity: { type: 'message', text }, turnState: new Map() }) as unknown as TurnContext;

  it('analyses a message once per turn, however many checks ask', () => {
    const { analyzer, seen } = counting();
    const context = turn('my bum hurts when I sit');
    expect(analyzeTurn(context, analyzer)).toBe(analyzeTurn(context, analyzer));
    expect(seen).toEqual(['my bum hurts when I sit']);
  });

  it('analyses typed text afresh every turn, but each of the bot’s own button texts once per analyzer', () => {
    const { analyzer, seen } = counting();
    registerButtonTexts(['A button of ours']);
    const first = analyzeTurn(turn('A button of ours'), analyzer);
    expect(analyzeTurn(turn('A button of ours'), analyzer)).toBe(first);
    analyzeTurn(turn('typed by a person'), analyzer);
    analyzeTurn(turn('typed by a person'), analyzer);
    expect(seen).toEqual(['A button of ours', 'typed by a person', 'typed by a person']);
    // Another analyzer (another bot) gets its own analysis.
    const other = counting();
    analyzeTurn(turn('A button of ours'), other.analyzer);
    expect(other.seen).toEqual(['A button of ours']);
  });

  it('suggested actions and card buttons register their texts', () => {
    const { analyzer, seen } = counting();
    withSuggestions(message('Pick one'), ['Suggested answer X']);
    submitAction('Card button Y', 'Card button Y');
    for (let i = 0; i < 3; i++) {
      analyzeTurn(turn('Suggested answer X'), analyzer);
      analyzeTurn(turn('Card button Y'), analyzer);
    }
    expect(seen).toEqual(['Suggested answer X', 'Card button Y']);
  });
});
