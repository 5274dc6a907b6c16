import type { Attachment } from 'botbuilder';
import { registerListOptions } from '../turn';
import { adaptiveCard, submitAction, textBlock, type CardElement } from './common';

/**
 * Cards for questions with more answers than Teams' three suggested actions allow.
 * Button titles are our own text; every button sends its text as if the person typed it.
 */

/** One button per answer (keep to six: the Teams action limit); `value(i)` is the typed answer choice i carries. */
export function choiceButtonsCard(question: string, choices: readonly string[], value?: (index: number) => Record<string, unknown>): Attachment {
  const fallback = `${question}\n${choices.map((c, i) => `${i + 1}. ${c}`).join('\n')}`;
  return adaptiveCard([textBlock(question)], choices.slice(0, 6).map((c, i) => submitAction(c, c, value?.(i))), fallback);
}

/**
 * A list to tick (Input.ChoiceSet, id `inputId`) and one Send button carrying the typed `action`. The
 * ticked values (IDs) arrive comma-joined under `inputId` beside the action; the button's text
 * (`emptyText`) is what the chat shows.
 */
export function choiceSetCard(
  question: string,
  choices: readonly { title: string; value: string }[],
  options: { multiSelect: boolean; submitTitle: string; emptyText: string; note?: string; inputId?: string; action?: Record<string, unknown> },
): Attachment {
  const body: CardElement[] = [
    textBlock(question),
    {
      type: 'Input.ChoiceSet',
      id: options.inputId ?? 'text',
      style: 'expanded',
      isMultiSelect: options.multiSelect,
      // Long labels ("Numbness around or under the genitals, …") wrap instead of ending in "…".
      wrap: true,
      choices: choices.map((c) => ({ title: c.title, value: c.value })),
    },
  ];
  // Each item typed back as shown (a channel without cards lists them as text) is that item ticked; the answers
  // every list shares ("Not sure", "None of them") are read as answers instead.
  const { action } = options;
  if (action) registerListOptions(choices.filter((c) => c.value !== 'unsure' && c.value !== 'none').map((c) => [c.title, { ...action, [options.inputId ?? 'text']: c.value }] as const));
  if (options.note) body.push(textBlock(options.note, { isSubtle: true, size: 'Small' }));
  const fallback = `${question}\n${choices.map((c, i) => `${i + 1}. ${c.title}`).join('\n')}`;
  return adaptiveCard(body, [submitAction(options.submitTitle, options.emptyText, options.action)], fallback);
}
