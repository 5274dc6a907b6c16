import type { Attachment } from 'botbuilder';
import { adaptiveCard, submitAction, textBlock, type CardElement } from './common';

/**
 * Cards for questions with more answers than Teams' three suggested actions allow.
 * Button titles are our own text; every button sends its text as if the person typed it.
 */

/** One button per answer (keep to six: the Teams action limit). */
export function choiceButtonsCard(question: string, choices: readonly string[]): Attachment {
  const fallback = `${question}\n${choices.map((c, i) => `${i + 1}. ${c}`).join('\n')}`;
  return adaptiveCard([textBlock(question)], choices.slice(0, 6).map((c) => submitAction(c, c)), fallback);
}

/**
 * A list to tick (Input.ChoiceSet with id "text") and one Send button. The ticked values override the
 * button's own `text` when the card is submitted ("blood thinners,pregnancy"); with nothing ticked the
 * button's text (`emptyText`) is sent.
 */
export function choiceSetCard(
  question: string,
  choices: readonly { title: string; value: string }[],
  options: { multiSelect: boolean; submitTitle: string; emptyText: string; note?: string },
): Attachment {
  const body: CardElement[] = [
    textBlock(question),
    {
      type: 'Input.ChoiceSet',
      id: 'text',
      style: 'expanded',
      isMultiSelect: options.multiSelect,
      // Long labels ("Numbness around or under the genitals, …") wrap instead of ending in "…".
      wrap: true,
      choices: choices.map((c) => ({ title: c.title, value: c.value })),
    },
  ];
  if (options.note) body.push(textBlock(options.note, { isSubtle: true, size: 'Small' }));
  const fallback = `${question}\n${choices.map((c, i) => `${i + 1}. ${c.title}`).join('\n')}`;
  return adaptiveCard(body, [submitAction(options.submitTitle, options.emptyText)], fallback);
}
