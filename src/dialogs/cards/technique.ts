import type { Attachment } from 'botbuilder';
import type { KnowledgeBase } from '../../knowledge/types';
import type { TechniqueId } from '../../knowledge/vocabulary';
import { adaptiveCard, bullets, heading, shortName, subheading, submitAction, textBlock } from './common';

/**
 * Explainer card for one technique: what it is, what it does, which muscles it suits, what a session
 * feels like, what to expect afterwards, who should avoid it, and an evidence note where there is one.
 */
export function techniqueCard(knowledge: KnowledgeBase, id: TechniqueId): { attachment: Attachment; text: string } {
  const t = knowledge.technique(id);
  const suits = t.suits.map((m) => {
    const why = t.suitsWhy[m];
    return why ? `**${knowledge.muscle(m).name}**: ${why}` : `**${knowledge.muscle(m).name}**`;
  });
  const body = [
    heading(t.name),
    subheading('What it is'),
    textBlock(t.what),
    subheading('What it does'),
    textBlock(t.does),
  ];
  if (suits.length > 0) body.push(subheading('Muscles it suits'), bullets(suits));
  body.push(subheading('What a session feels like'), textBlock(t.sessionFeel));
  body.push(subheading('Afterwards'), textBlock(t.afterwards));
  if (t.avoidIf.length > 0) body.push(subheading('Who should avoid it or check first'), bullets(t.avoidIf));
  if (t.evidenceNote) body.push(subheading('Evidence'), textBlock(t.evidenceNote));

  const actions = t.suits.slice(0, 2).map((m) => {
    const name = shortName(knowledge.muscle(m).name);
    return submitAction(`About ${name}`, `About ${name}`);
  });
  actions.push(submitAction('Describe my pain', 'Describe my pain'));

  const text = [
    t.name,
    `What it is: ${t.what}`,
    `What it does: ${t.does}`,
    suits.length > 0 ? `Suits: ${t.suits.map((m) => knowledge.muscle(m).name).join(', ')}.` : '',
    `Afterwards: ${t.afterwards}`,
    t.avoidIf.length > 0 ? `Avoid or check first if: ${t.avoidIf.join(' ')}` : '',
    t.evidenceNote ?? '',
  ]
    .filter((l) => l !== '')
    .join('\n\n');
  return { attachment: adaptiveCard(body, actions, text), text };
}

/** Short overview of all techniques, one line each. */
export function techniquesOverviewText(knowledge: KnowledgeBase): string {
  return [
    'These massage techniques are used for sciatica-type pain:',
    ...knowledge.techniques.map((t) => `- **${t.name}**: ${t.what.split(/(?<=\.)\s/)[0] ?? t.what}`),
  ].join('\n');
}
