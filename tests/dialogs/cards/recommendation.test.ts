import { describe, expect, it } from 'vitest';
import { recommendationCard, type Recommendation } from '../../../src/dialogs/cards/recommendation';
import { loadKnowledge } from '../../../src/knowledge';
import { MUSCLE_IDS, TECHNIQUE_IDS } from '../../../src/knowledge/vocabulary';
import { expectValidCard } from './cardRules';

const knowledge = loadKnowledge();

/** The biggest recommendation the triage can produce: every muscle, technique, warning and tip, long quotes. */
function largest(): Recommendation {
  return {
    muscles: MUSCLE_IDS.map((id) => ({
      id,
      name: knowledge.muscle(id).name,
      evidence: ['x'.repeat(5000), '<b>*y*</b>'],
      reasons: ['r'.repeat(300), 'reason two'],
      sciaticLink: knowledge.muscle(id).sciaticLink,
    })),
    techniques: knowledge.techniquesFor([...MUSCLE_IDS]).map((s) => ({ id: s.technique.id, name: s.technique.name, reason: s.reason })),
    avoid: TECHNIQUE_IDS.map((id) => ({ id, name: knowledge.technique(id).name, why: 'because' })),
    warnings: [knowledge.framing.nerveRoot, ...knowledge.contraindications.map((c) => c.advice)],
    conditional: true,
    noMassage: false,
    aftercare: knowledge.aftercareFor([...MUSCLE_IDS], [...TECHNIQUE_IDS]),
    disclaimer: knowledge.framing.disclaimer,
    evidence: knowledge.framing.evidence,
  };
}

describe('recommendationCard', () => {
  it('even the largest recommendation is a valid 1.5 card well under the Teams limit', () => {
    const { attachment, text } = recommendationCard(largest(), {
      more: [{ title: 'a', text: 'a' }, { title: 'b', text: 'b' }],
      bookingUrl: 'https://example.com/book',
    });
    const card = expectValidCard(attachment);
    expect(card.fallbackText).toBe(text);
    expect(JSON.stringify(card)).toContain('Action.OpenUrl');
  });

  it('escapes quotes and shows framing', () => {
    const { attachment } = recommendationCard(largest(), { more: [] });
    const json = JSON.stringify(attachment.content);
    expect(json).not.toContain('<b>');
    expect(json).toContain('&lt;b&gt;\\\\*y\\\\*&lt;/b&gt;');
    expect(json).toContain(knowledge.framing.disclaimer);
    expect(json).toContain('only if your clinician agrees');
    expect(json).not.toContain('Action.OpenUrl');
  });
});
