import { describe, expect, it } from 'vitest';
import { choiceButtonsCard, choiceSetCard } from '../../../src/dialogs/cards/choices';
import { submitActions } from '../harness';
import { expectValidCard } from './cardRules';

describe('choice cards', () => {
  it('one contract submit per choice, at most six', () => {
    const card = expectValidCard(choiceButtonsCard('Which?', ['a', 'b', 'c', 'd', 'e', 'f', 'g']));
    const submits = submitActions(card);
    expect(submits.map((s) => s.data.text)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('a tick list posts its ticks as text (Input.ChoiceSet id "text") with a default', () => {
    const card = expectValidCard(
      choiceSetCard('Which ones?', [{ title: 'A', value: 'A' }, { title: 'B', value: 'B' }], { multiSelect: true, submitTitle: 'Send', emptyText: 'Not sure' }),
    );
    const json = JSON.stringify(card);
    expect(json).toContain('"id":"text"');
    expect(json).toContain('"isMultiSelect":true');
    expect(submitActions(card)[0]?.data.text).toBe('Not sure');
    expect(card.fallbackText).toMatch(/1\. A\n2\. B/);
  });
});
