import { describe, expect, it } from 'vitest';
import { adaptiveCardProblems } from './adaptiveCardSchema';
import { unwrapped } from './cardRules';

const card = (body: unknown[], actions: unknown[] = []) => ({ type: 'AdaptiveCard', version: '1.5', body, actions });

describe('the Adaptive Cards 1.5 check used on every card', () => {
  it('accepts the elements our cards use', () => {
    expect(
      adaptiveCardProblems(
        card(
          [
            { type: 'TextBlock', text: 'Hi', wrap: true, size: 'Large', weight: 'Bolder', style: 'heading' },
            { type: 'ActionSet', actions: [{ type: 'Action.ToggleVisibility', title: 'More', targetElements: ['more'] }] },
            { type: 'Container', id: 'more', isVisible: false, items: [{ type: 'TextBlock', text: 'x', wrap: true }] },
            { type: 'Input.ChoiceSet', id: 'text', style: 'expanded', isMultiSelect: true, wrap: true, choices: [{ title: 'A', value: 'a' }] },
          ],
          [
            { type: 'Action.Submit', title: 'Send', data: { text: 'x' } },
            { type: 'Action.ShowCard', title: 'Details', card: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'd', wrap: true }] } },
            { type: 'Action.OpenUrl', title: 'Book', url: 'https://example.com/book' },
          ],
        ),
      ),
    ).toEqual([]);
  });

  it.each([
    ['a misspelt property', card([{ type: 'TextBlock', text: 'x', wrapp: true }])],
    ['an element 1.5 does not have', card([{ type: 'Carousel', pages: [] }])],
    ['a wrong enum value', card([{ type: 'TextBlock', text: 'x', size: 'huge' }])],
    ['another version', { ...card([]), version: '1.6' }],
    ['a toggle aimed at nothing', card([{ type: 'ActionSet', actions: [{ type: 'Action.ToggleVisibility', title: 't', targetElements: ['gone'] }] }])],
    ['two elements with one id', card([{ type: 'Container', id: 'a', items: [] }, { type: 'Container', id: 'a', items: [] }])],
    ['an input without an id', card([{ type: 'Input.Text' }])],
  ])('rejects %s', (_why, bad) => {
    expect(adaptiveCardProblems(bad)).not.toEqual([]);
  });

  it('finds text that would truncate instead of wrapping', () => {
    expect(unwrapped(card([{ type: 'TextBlock', text: 'x' }, { type: 'Input.ChoiceSet', id: 'c', choices: [] }]))).toHaveLength(2);
    expect(unwrapped(card([{ type: 'TextBlock', text: 'x', wrap: true }]))).toEqual([]);
  });
});
