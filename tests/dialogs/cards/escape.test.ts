import { describe, expect, it } from 'vitest';
import { MAX_ECHO_LENGTH, escapeText, quote } from '../../../src/dialogs/cards/escape';

describe('escapeText', () => {
  it.each([
    ['<b>bold</b>', '&lt;b&gt;bold&lt;/b&gt;'],
    ['a & b', 'a &amp; b'],
    ['*sit*', '\\*sit\\*'],
    ['_under_', '\\_under\\_'],
    ['[link](http://x)', '\\[link\\](http://x)'],
    ['`code`', '\\`code\\`'],
    ['# heading', '\\# heading'],
    ['back\\slash', 'back\\\\slash'],
    ['line\nbreak', 'line break'],
    ['plain words stay plain', 'plain words stay plain'],
  ])('%j → %j', (raw, escaped) => {
    expect(escapeText(raw)).toBe(escaped);
  });

  it('shortens long text', () => {
    expect(escapeText('a'.repeat(10_000)).length).toBeLessThanOrEqual(MAX_ECHO_LENGTH);
  });

  it('quotes with curly quotes', () => {
    expect(quote('*x*')).toBe('“\\*x\\*”');
  });
});
