import type { Attachment } from 'botbuilder';
import type { KnowledgeBase } from '../../knowledge/types';
import type { MuscleId } from '../../knowledge/vocabulary';
import { adaptiveCard, bullets, heading, shortName, subheading, submitAction, textBlock } from './common';

/**
 * Explainer card for one muscle: where it is, how it can affect the sciatic nerve, what people may feel,
 * and which techniques target it; buttons for its stretches and the top technique.
 */
export function muscleCard(knowledge: KnowledgeBase, id: MuscleId): { attachment: Attachment; text: string } {
  const muscle = knowledge.muscle(id);
  const techniques = knowledge.techniquesFor([id]).slice(0, 3);
  const body = [
    heading(muscle.name),
    subheading('Where it is'),
    textBlock(muscle.location),
    subheading('How it can affect the sciatic nerve'),
    textBlock(muscle.sciaticLink),
    subheading('What people may feel'),
    bullets(muscle.feelsLike),
  ];
  if (techniques.length > 0) {
    body.push(subheading('Massage techniques that target it'), bullets(techniques.map((s) => `**${s.technique.name}**: ${s.reason}`)));
  }

  const short = shortName(muscle.name);
  const actions = [submitAction(`Stretches for ${short}`, `Stretches for ${short}`)];
  const top = techniques[0];
  if (top) actions.push(submitAction(`About ${shortName(top.technique.name)}`, `About ${shortName(top.technique.name)}`));
  actions.push(submitAction('Describe my pain', 'Describe my pain'));

  const text = [
    muscle.name,
    `Where it is: ${muscle.location}`,
    `How it can affect the sciatic nerve: ${muscle.sciaticLink}`,
    `What people may feel: ${muscle.feelsLike.join(' ')}`,
    techniques.length > 0 ? `Techniques that target it: ${techniques.map((s) => s.technique.name).join(', ')}.` : '',
  ]
    .filter((l) => l !== '')
    .join('\n\n');
  return { attachment: adaptiveCard(body, actions, text), text };
}

/** Short overview of all muscles, one line each, for "which muscles can cause sciatica?". */
export function musclesOverviewText(knowledge: KnowledgeBase): string {
  return [
    'These muscles may be involved in sciatica-type pain:',
    ...knowledge.muscles.map((m) => `- **${m.name}**: ${m.location.split(/(?<=\.)\s/)[0] ?? m.location}`),
  ].join('\n');
}
