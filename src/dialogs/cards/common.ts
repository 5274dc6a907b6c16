import { CardFactory, type Attachment } from 'botbuilder';
import { registerButtonTexts } from '../turn';

/**
 * Shared Adaptive Card building blocks. Every card is version 1.5; every Action.Submit carries the text the
 * person would have typed (plus the Teams messageBack twin), so dialogs only ever read `activity.text`.
 */

export const CARD_VERSION = '1.5';

/** Teams rejects messages over ~28 KB; we keep every card well under this. */
export const MAX_CARD_BYTES = 24 * 1024;

export type CardElement = Record<string, unknown>;

/**
 * An Action.Submit. `text` is what the chat shows as sent (and what a channel without cards would type);
 * `value` is the typed answer the bot routes first (`{ action: ..., ... }`), so a tap is never re-read as text.
 */
export function submitAction(title: string, text: string, value: Record<string, unknown> = {}): CardElement {
  registerButtonTexts([text]);
  return {
    type: 'Action.Submit',
    title,
    data: { ...value, text, msteams: { type: 'messageBack', text, displayText: text } },
  };
}

/** An Action.OpenUrl (booking page and other links we configure, never typed by the person). */
export function openUrlAction(title: string, url: string): CardElement {
  return { type: 'Action.OpenUrl', title, url };
}

export function textBlock(text: string, extra: CardElement = {}): CardElement {
  return { type: 'TextBlock', text, wrap: true, ...extra };
}

export function heading(text: string): CardElement {
  return textBlock(text, { size: 'Large', weight: 'Bolder', style: 'heading' });
}

export function subheading(text: string): CardElement {
  return textBlock(text, { size: 'Medium', weight: 'Bolder', spacing: 'Medium' });
}

/**
 * Markdown bullet list as one TextBlock (items are already escaped or our own text). A list is always a
 * block of its own: a heading or sentence glued to it renders as part of the last bullet in Web Chat.
 */
export function bullets(items: readonly string[]): CardElement {
  return textBlock(items.map((i) => `- ${i}`).join('\n'));
}

/**
 * A section that starts folded: one full-width button that opens the items below it (Action.ShowCard in
 * an ActionSet of its own: keyboard-operable, announced as expanded or collapsed, and rendered by Web Chat
 * and Teams alike). Keeps long answers to a short summary on a phone, with the detail one tap away.
 */
export function foldedSection(title: string, items: CardElement[]): CardElement {
  return {
    type: 'ActionSet',
    spacing: 'Small',
    actions: [{ type: 'Action.ShowCard', title, card: { type: 'AdaptiveCard', body: items } }],
  };
}

/** Wrap body and actions in an Adaptive Card 1.5 attachment with a plain-text fallback. */
export function adaptiveCard(body: CardElement[], actions: CardElement[], fallbackText: string): Attachment {
  return CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_VERSION,
    fallbackText,
    body,
    ...(actions.length > 0 ? { actions } : {}),
  });
}

/** "Glutes" from "Glutes (gluteus maximus, medius and minimus)": short enough for a button. */
export function shortName(name: string): string {
  return name.replace(/\s*\([^)]*\)\s*$/, '').trim() || name;
}

/** Size of what will go over the wire, in bytes (for the Teams ~28 KB limit). */
export function byteSize(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}
