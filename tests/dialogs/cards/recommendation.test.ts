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

  it('leads with a short summary; the detail is folded behind one button per section', () => {
    const { attachment } = recommendationCard(largest(), { more: [] });
    const body = (attachment.content as { body: Array<Record<string, unknown>> }).body;
    const visibleText = body.filter((e) => e.type === 'TextBlock').map((e) => String(e.text));
    expect(visibleText.some((t) => t.startsWith('**Muscles that may be involved:**'))).toBe(true);
    expect(visibleText.some((t) => t.startsWith('**Gentle options, only if your clinician agrees:**'))).toBe(true);
    const folded = body.filter((e) => e.type === 'ActionSet').flatMap((e) => e.actions as Array<{ type: string; title: string }>);
    expect(folded.map((a) => a.type)).toEqual(['Action.ShowCard', 'Action.ShowCard', 'Action.ShowCard', 'Action.ShowCard']);
    expect(folded.map((a) => a.title)).toEqual(['Why these muscles?', 'How each technique helps', 'Why some are left out', 'Before and after a massage']);
    // The person's quoted words and the long reasons are in the folded part, not the summary.
    expect(visibleText.join(' ')).not.toContain('you said');
  });

  it('says a reason shared by several left-out techniques once', () => {
    const r = largest();
    r.avoid = TECHNIQUE_IDS.map((id) => ({ id, name: knowledge.technique(id).name, why: 'left out because of what you told me (blood thinners).' }));
    const { attachment, text } = recommendationCard(r, { more: [] });
    const json = JSON.stringify((attachment.content as { body: unknown }).body);
    expect(json.match(/because of what you told me/gi)).toHaveLength(1);
    expect(text.match(/because of what you told me/gi)).toHaveLength(1);
    // Different reasons: the shared lead is said once above them.
    r.avoid = TECHNIQUE_IDS.map((id, i) => ({ id, name: knowledge.technique(id).name, why: `left out because of what you told me (${i % 2 ? 'pregnancy' : 'blood thinners'}).` }));
    const mixed = JSON.stringify((recommendationCard(r, { more: [] }).attachment.content as { body: unknown }).body);
    expect(mixed.match(/because of what you told me/gi)).toHaveLength(1);
    expect(mixed).toContain('pregnancy');
    expect(mixed).toContain('blood thinners');
  });
});
