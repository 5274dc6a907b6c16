import type { Attachment } from 'botbuilder';
import { expect } from 'vitest';
import { MAX_CARD_BYTES, byteSize } from '../../../src/dialogs/cards/common';
import { checkChannelRules } from '../harness';

/** Version 1.5, a fallback, contract submits, and well under Teams' size limit. */
export function expectValidCard(attachment: Attachment): Record<string, unknown> {
  expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
  const card = attachment.content as Record<string, unknown>;
  expect(card.version).toBe('1.5');
  expect(typeof card.fallbackText).toBe('string');
  expect(byteSize(attachment)).toBeLessThan(MAX_CARD_BYTES);
  checkChannelRules({ type: 'message', attachments: [attachment] });
  return card;
}
