import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { formatTurn, renderTurn } from '../../src/bot/textRendering';

const card = (content: Record<string, unknown>): Partial<Activity> => ({
  type: 'message',
  attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', version: '1.5', ...content } }],
});

describe('renderTurn', () => {
  it('prints message text and suggested actions as numbered options', () => {
    const turn = renderTurn([
      {
        type: 'message',
        text: 'Hi there',
        suggestedActions: {
          to: [],
          actions: [
            { type: 'imBack', title: 'Help', value: 'help' },
            { type: 'openUrl', title: 'NHS', value: 'https://www.nhs.uk' },
          ],
        },
      },
    ]);
    expect(turn.lines).toEqual(['Hi there', 'NHS: https://www.nhs.uk']);
    expect(turn.options).toEqual([{ label: 'Help', text: 'help' }]);
    expect(formatTurn(turn)).toBe('Hi there\nNHS: https://www.nhs.uk\n  1. Help');
  });

  it('uses an Adaptive Card fallbackText and keeps its submit actions as options', () => {
    const turn = renderTurn([
      card({
        fallbackText: 'Piriformis: a deep buttock muscle.',
        body: [{ type: 'TextBlock', text: 'Piriformis' }],
        actions: [
          { type: 'Action.Submit', title: 'Techniques for it', data: { text: 'techniques for piriformis' } },
          { type: 'Action.OpenUrl', title: 'Book', url: 'https://example.org/book' },
        ],
      }),
    ]);
    expect(turn.lines).toEqual(['Piriformis: a deep buttock muscle.', 'Book: https://example.org/book']);
    expect(turn.options).toEqual([{ label: 'Techniques for it', value: { text: 'techniques for piriformis' } }]);
  });

  it('summarises text blocks, facts, containers and columns when there is no fallback', () => {
    const turn = renderTurn([
      card({
        body: [
          { type: 'TextBlock', text: 'Cupping' },
          { type: 'TextBlock', text: 'hidden', isVisible: false },
          { type: 'FactSet', facts: [{ title: 'Pressure', value: 'light' }] },
          { type: 'Container', items: [{ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'Leaves ' }, 'marks'] }] },
          { type: 'ColumnSet', columns: [{ items: [{ type: 'TextBlock', text: 'Left' }] }, { items: [{ type: 'TextBlock', text: 'Right' }] }] },
          { type: 'ActionSet', actions: [{ type: 'Action.Submit', title: 'More', data: { text: 'more' } }] },
        ],
      }),
    ]);
    expect(turn.lines).toEqual(['Cupping\n- Pressure: light\nLeaves marks\nLeft\nRight']);
    expect(turn.options.map((o) => o.label)).toEqual(['More']);
  });

  it('renders hero cards and unknown attachments', () => {
    const turn = renderTurn([
      {
        type: 'message',
        attachments: [
          {
            contentType: 'application/vnd.microsoft.card.hero',
            content: { title: 'Choose', buttons: [{ type: 'imBack', title: 'Yes', value: 'yes' }, { type: 'postBack', title: 'No', value: { text: 'no' } }] },
          },
          { contentType: 'image/png', name: 'diagram.png' },
        ],
      },
    ]);
    expect(turn.lines).toEqual(['Choose', '[diagram.png]']);
    expect(turn.options).toEqual([
      { label: 'Yes', text: 'yes' },
      { label: 'No', value: { text: 'no' } },
    ]);
  });

  it('skips typing and trace activities and survives junk content', () => {
    const turn = renderTurn([
      { type: 'typing' },
      { type: 'trace', text: 'internal' },
      card({ body: 'not an array', actions: [null, 3, { type: 'Action.Submit' }] }),
    ]);
    expect(turn).toEqual({ lines: [], options: [] });
  });
});
