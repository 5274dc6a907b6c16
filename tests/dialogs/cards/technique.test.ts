import { describe, expect, it } from 'vitest';
import { techniqueCard, techniquesOverviewText } from '../../../src/dialogs/cards/technique';
import { loadKnowledge } from '../../../src/knowledge';
import { TECHNIQUE_IDS } from '../../../src/knowledge/vocabulary';
import { expectValidCard } from './cardRules';

const knowledge = loadKnowledge();
const j = (s: string) => JSON.stringify(s).slice(1, -1);

describe('techniqueCard', () => {
  it.each(TECHNIQUE_IDS)('%s: what, does, suits, feel, afterwards, who should avoid', (id) => {
    const { attachment } = techniqueCard(knowledge, id);
    const card = JSON.stringify(expectValidCard(attachment));
    const t = knowledge.technique(id);
    for (const part of [t.name, t.what, t.does, t.sessionFeel, t.afterwards, ...t.avoidIf]) expect(card).toContain(j(part));
    if (t.evidenceNote) expect(card).toContain(j(t.evidenceNote));
  });

  it('cupping carries its evidence note', () => {
    const note = knowledge.technique('cupping').evidenceNote;
    expect(note).toBeTruthy();
    expect(techniqueCard(knowledge, 'cupping').text).toContain(note);
  });

  it('overview lists every technique', () => {
    const text = techniquesOverviewText(knowledge);
    for (const t of knowledge.techniques) expect(text).toContain(t.name);
  });
});
