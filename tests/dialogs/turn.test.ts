import type { TurnContext } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { submitAction } from '../../src/dialogs/cards/common';
import { message, withSuggestions } from '../../src/dialogs/messages';
import { cardAnswer, readTurn, registerButtonTexts } from '../../src/dialogs/turn';
import { fakeAnalyzer } from './fakeAnalyzer';

const turn = (activity: Record<string, unknown>) => ({ activity: { type: 'message', ...activity }, turnState: new Map() }) as unknown as TurnContext;

describe('cardAnswer: the typed values of our own options', () => {
  it.each([
    [{ action: 'screening', contraindications: 'osteoporosis-fracture-surgery,pregnancy', text: 'Not sure' }, { action: 'screening', contraindications: ['pregnancy', 'osteoporosis-fracture-surgery'], unsure: false }],
    [{ action: 'screening', text: 'Not sure' }, { action: 'screening', contraindications: [], unsure: true }],
    [{ action: 'red-flags', redFlags: 'fever' }, { action: 'red-flags', flags: ['fever'], none: false, unsure: false }],
    [{ action: 'red-flags', redFlags: 'none' }, { action: 'red-flags', flags: [], none: true, unsure: false }],
    [{ action: 'intake', question: 'where', choice: 2 }, { action: 'intake', question: 'where', choice: 2 }],
    [{ action: 'go', route: 'Stretches for Glutes' }, { action: 'go', route: 'Stretches for Glutes' }],
  ])('%j', (value, expected) => expect(cardAnswer(turn({ value }))).toEqual(expected));

  it.each([
    [{ text: 'help' }],
    [{ action: 'nonsense' }],
    [{ action: 'intake', question: 'where', choice: 'two' }],
    [{ action: 'screening', contraindications: 42 }],
    ['a string'],
  ])('not one of ours: %j', (value) => expect(cardAnswer(turn({ value }))).toBeUndefined());

  it('unknown IDs in a tick are dropped, never guessed', () => {
    expect(cardAnswer(turn({ value: { action: 'screening', contraindications: 'fracture,<b>x</b>' } }))).toEqual({ action: 'screening', contraindications: [], unsure: false });
  });
});

describe('readTurn', () => {
  const counting = () => {
    const seen: string[] = [];
    const analyzer = { analyze: (text: string) => (seen.push(text), fakeAnalyzer().analyze(text)) };
    return { analyzer, seen };
  };

  it('a card submit is never read as free text: its button text is not analysed', () => {
    const { analyzer, seen } = counting();
    const reading = readTurn(turn({ text: 'Osteoporosis, a recent fracture or surgery', value: { action: 'screening', contraindications: 'osteoporosis-fracture-surgery' } }), analyzer);
    expect(reading.card?.action).toBe('screening');
    expect(reading.analysis.redFlags).toEqual([]);
    expect(seen.filter((t) => t !== '')).toEqual([]);
  });

  it('typed text is analysed once per turn; each of our own button texts once per analyzer', () => {
    const { analyzer, seen } = counting();
    registerButtonTexts(['A button of ours']);
    readTurn(turn({ text: 'A button of ours' }), analyzer);
    readTurn(turn({ text: 'A button of ours' }), analyzer);
    readTurn(turn({ text: 'typed by a person' }), analyzer);
    readTurn(turn({ text: 'typed by a person' }), analyzer);
    expect(seen.filter((t) => t !== '')).toEqual(['A button of ours', 'typed by a person', 'typed by a person']);
  });

  it('one of our own option texts says only what it answers, never facts about the person', () => {
    const { analyzer } = counting();
    withSuggestions(message('Does it spread?'), ['Yes, with numbness or tingling', 'No thanks']);
    const spread = readTurn(turn({ text: 'Yes, with numbness or tingling' }), analyzer).analysis;
    expect(fakeAnalyzer().analyze('Yes, with numbness or tingling').features.tingling).toBe(true);
    expect(spread.answer.yesNo).toBe('yes');
    expect(spread.features.tingling).toBeNull();
    expect([spread.redFlags, spread.possibleRedFlags, spread.contraindications, spread.muscles, spread.features.locations]).toEqual([[], [], [], [], []]);
    expect(readTurn(turn({ text: 'No thanks' }), analyzer).analysis.command).toBe('decline');
    // The same words typed with anything else are the person's own: read in full.
    expect(readTurn(turn({ text: 'yes with numbness or tingling in my calf' }), analyzer).analysis.features.tingling).toBe(true);
  });

  it('suggested actions and card buttons register their texts', () => {
    const { analyzer, seen } = counting();
    withSuggestions(message('Pick one'), ['Suggested answer X']);
    submitAction('Card button Y', 'Card button Y');
    for (let i = 0; i < 3; i++) {
      readTurn(turn({ text: 'Suggested answer X' }), analyzer);
      readTurn(turn({ text: 'Card button Y' }), analyzer);
    }
    expect(seen.filter((t) => t !== '')).toEqual(['Suggested answer X', 'Card button Y']);
  });
});
