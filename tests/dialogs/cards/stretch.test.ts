import { describe, expect, it } from 'vitest';
import { stretchCard } from '../../../src/dialogs/cards/stretch';
import { loadKnowledge } from '../../../src/knowledge';
import { MUSCLE_IDS } from '../../../src/knowledge/vocabulary';
import { expectValidCard } from './cardRules';

const knowledge = loadKnowledge();

describe('stretchCard', () => {
  it.each(MUSCLE_IDS)('%s: every stretch, step by step, with hold and cautions', (id) => {
    const { attachment, text } = stretchCard(knowledge, id);
    const card = JSON.stringify(expectValidCard(attachment));
    const stretches = knowledge.stretchesFor(id);
    expect(stretches.length).toBeGreaterThan(0);
    for (const s of stretches) {
      expect(card).toContain(JSON.stringify(s.name).slice(1, -1));
      expect(text).toContain(s.hold);
      for (const c of s.cautions) expect(text).toContain(c);
      expect(card).toContain(`1. ${JSON.stringify(s.steps[0]).slice(1, -1)}`);
    }
  });
});
