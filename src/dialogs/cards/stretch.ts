import type { Attachment } from 'botbuilder';
import type { KnowledgeBase } from '../../knowledge/types';
import type { MuscleId } from '../../knowledge/vocabulary';
import { adaptiveCard, heading, shortName, subheading, submitAction, textBlock, type CardElement } from './common';

/** Step-by-step stretch card for one muscle: every stretch the knowledge has for it, with hold and cautions. */
export function stretchCard(knowledge: KnowledgeBase, id: MuscleId): { attachment: Attachment; text: string } {
  const muscle = knowledge.muscle(id);
  const stretches = knowledge.stretchesFor(id);
  const body: CardElement[] = [heading(`Stretches for the ${shortName(muscle.name).toLowerCase()}`)];
  const lines: string[] = [`Stretches for the ${shortName(muscle.name).toLowerCase()}`];
  for (const s of stretches) {
    body.push(subheading(s.name), textBlock(s.steps.map((step, i) => `${i + 1}. ${step}`).join('\n')), textBlock(s.hold, { weight: 'Bolder' }));
    if (s.cautions.length > 0) body.push(textBlock(s.cautions.map((c) => `- ${c}`).join('\n'), { isSubtle: true }));
    lines.push(`${s.name}: ${s.steps.map((step, i) => `${i + 1}. ${step}`).join(' ')} ${s.hold} ${s.cautions.join(' ')}`);
  }
  if (stretches.length === 0) {
    body.push(textBlock('I have no stretches for this muscle yet. A physiotherapist can show you some.'));
    lines.push('I have no stretches for this muscle yet. A physiotherapist can show you some.');
  }
  body.push(textBlock(knowledge.framing.disclaimer, { isSubtle: true, size: 'Small', spacing: 'Medium' }));
  lines.push(knowledge.framing.disclaimer);
  const short = shortName(muscle.name);
  const actions = [submitAction(`About ${short}`, `About ${short}`), submitAction('Describe my pain', 'Describe my pain')];
  const text = lines.join('\n\n');
  return { attachment: adaptiveCard(body, actions, text), text };
}
