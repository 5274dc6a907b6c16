import type { Attachment } from 'botbuilder';
import { expect } from 'vitest';
import { MAX_CARD_BYTES, byteSize } from '../../../src/dialogs/cards/common';
import { checkChannelRules } from '../harness';
import { adaptiveCardProblems } from './adaptiveCardSchema';

/**
 * Version 1.5 and valid against the 1.5 element set, a fallback, contract submits, well under Teams' size
 * limit, and nothing that truncates on a narrow screen: every TextBlock, choice list and toggle wraps.
 */
export function expectValidCard(attachment: Attachment): Record<string, unknown> {
  expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
  const card = attachment.content as Record<string, unknown>;
  expect(card.version).toBe('1.5');
  expect(typeof card.fallbackText).toBe('string');
  expect(adaptiveCardProblems(card)).toEqual([]);
  expect(unwrapped(card)).toEqual([]);
  expect(byteSize(attachment)).toBeLessThan(MAX_CARD_BYTES);
  checkChannelRules({ type: 'message', attachments: [attachment] });
  return card;
}

/** Elements that would cut their text off with "…" instead of wrapping. */
export function unwrapped(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(unwrapped);
  if (typeof node !== 'object' || node === null) return [];
  const o = node as Record<string, unknown>;
  const own = ['TextBlock', 'Input.ChoiceSet', 'Input.Toggle'].includes(String(o.type)) && o.wrap !== true ? [`${String(o.type)} ${JSON.stringify(o).slice(0, 80)}`] : [];
  return [...own, ...Object.entries(o).flatMap(([key, value]) => (key === 'data' ? [] : unwrapped(value)))];
}
