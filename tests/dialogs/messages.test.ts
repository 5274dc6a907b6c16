import { describe, expect, it } from 'vitest';
import { cardMessage, message, withSuggestions } from '../../src/dialogs/messages';
import { choiceButtonsCard } from '../../src/dialogs/cards/choices';

describe('messages', () => {
  it('never more than three suggested actions', () => {
    expect(withSuggestions(message('x'), ['a', 'b', 'c', 'd']).suggestedActions?.actions).toHaveLength(3);
  });
  it('no suggested actions beside an attachment', () => {
    const m = withSuggestions(cardMessage('x', choiceButtonsCard('q', ['a'])), ['a']);
    expect(m.suggestedActions).toBeUndefined();
  });
});
