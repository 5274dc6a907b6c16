import { ActionTypes, ActivityTypes, type Activity, type CardAction } from 'botbuilder';
import { registerButtonTexts } from './turn';

/**
 * Small message helpers shared by the dialogs. Teams shows at most three suggested actions, and none on a
 * message that carries an attachment, so both rules are enforced here rather than at every call site.
 */

export const MAX_SUGGESTED_ACTIONS = 3;

/** A plain markdown message. */
export function message(text: string): Partial<Activity> {
  return { type: ActivityTypes.Message, text, textFormat: 'markdown' };
}

/**
 * Add up to three suggested actions (imBack: the button sends its own text), never on a message with attachments.
 * They are the bot's own options: tapped, each is read as the answer or route it offers, never as facts.
 */
export function withSuggestions(activity: Partial<Activity>, texts: readonly string[]): Partial<Activity> {
  const shown = texts.slice(0, MAX_SUGGESTED_ACTIONS);
  if ((activity.attachments?.length ?? 0) === 0) registerButtonTexts(shown);
  return withExamples(activity, shown);
}

/**
 * Suggested actions that are examples of what a person may say ("My buttock hurts when I sit"): tapped, each is
 * read in full like typed text, so the example's pain is the description and its question is asked.
 */
export function withExamples(activity: Partial<Activity>, texts: readonly string[]): Partial<Activity> {
  if ((activity.attachments?.length ?? 0) > 0 || texts.length === 0) return activity;
  const shown = texts.slice(0, MAX_SUGGESTED_ACTIONS);
  const actions: CardAction[] = shown.map((t) => ({ type: ActionTypes.ImBack, title: t, value: t }));
  return { ...activity, suggestedActions: { actions, to: [] } };
}

/**
 * A question asked by a card whose first line is the question: the card alone, so the question is not shown
 * twice (above the card and in it). `summary` carries the question for notifications and for channels that
 * show no cards.
 */
export function cardQuestion(question: string, attachment: NonNullable<Activity['attachments']>[number]): Partial<Activity> {
  return { type: ActivityTypes.Message, summary: question, attachments: [attachment] };
}

/** A message carrying one card; its text doubles as the plain-text fallback for channels without cards. */
export function cardMessage(text: string, attachment: NonNullable<Activity['attachments']>[number]): Partial<Activity> {
  return { type: ActivityTypes.Message, text, textFormat: 'markdown', attachments: [attachment] };
}
