import { ActivityTypes, type Activity } from 'botbuilder';
import type { KnowledgeBase } from '../../knowledge/types';
import { withExamples } from '../messages';

/** The texts behind the welcome's suggested actions: things people may type, routed like any message. */
export const WELCOME_SUGGESTIONS = [
  'My buttock hurts when I sit',
  'Which muscles can cause sciatica?',
  'What is trigger point therapy?',
] as const;

/**
 * First-contact message: who the bot is, that it gives information not a diagnosis, and what to try,
 * with three suggested actions (the Teams maximum).
 */
export function welcomeActivity(knowledge: KnowledgeBase): Partial<Activity> {
  const text = [
    "Hi! I'm a massage-advice bot for sciatica-type pain in the buttock, leg or low back.",
    // Short on purpose: on a phone the whole welcome and its suggestions fit on one screen.
    "Tell me where it hurts and what makes it worse, and I'll suggest which muscles may be involved, which massage may help, and how to look after yourself.",
    knowledge.framing.disclaimer,
    'Try one of these, or type in your own words.',
  ].join('\n\n');
  return withExamples({ type: ActivityTypes.Message, text, textFormat: 'markdown' }, WELCOME_SUGGESTIONS);
}
