import { describe, expect, it } from 'vitest';
import { muscleCard, musclesOverviewText } from '../../../src/dialogs/cards/muscle';
import { loadKnowledge } from '../../../src/knowledge';
import { MUSCLE_IDS } from '../../../src/knowledge/vocabulary';
import { expectValidCard } from './cardRules';

const knowledge = loadKnowledge();

describe('muscleCard', () => {
  it.each(MUSCLE_IDS)('%s: where it is, the sciatic link, what people feel, from the knowledge', (id) => {
    const { attachment, text } = muscleCard(knowledge, id);
    const card = JSON.stringify(expectValidCard(attachment));
    const m = knowledge.muscle(id);
    for (const part of [m.name, m.location, m.sciaticLink, ...m.feelsLike]) {
      expect(card).toContain(JSON.stringify(part).slice(1, -1));
    }
    expect(text).toContain(m.location);
    // The disclaimer is said at first contact and beside recommendations, not on every explainer.
    expect(card).not.toContain(knowledge.framing.disclaimer);
  });

  it('overview lists every muscle', () => {
    const text = musclesOverviewText(knowledge);
    for (const m of knowledge.muscles) expect(text).toContain(m.name);
  });
});
