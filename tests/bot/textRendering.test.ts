import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { formatTurn, pickOption, renderMarkdown, renderTurn } from '../../src/bot/textRendering';

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

  it("prints an Adaptive Card's own text and keeps its submit actions as options; the fallback only for a card with no text", () => {
    const actions = [
      { type: 'Action.Submit', title: 'Techniques for it', data: { text: 'techniques for piriformis' } },
      { type: 'Action.OpenUrl', title: 'Book', url: 'https://example.org/book' },
    ];
    const turn = renderTurn([card({ fallbackText: 'Piriformis: a deep buttock muscle.', body: [{ type: 'TextBlock', text: 'Piriformis' }], actions })]);
    expect(turn.lines).toEqual(['Piriformis', 'Book: https://example.org/book']);
    expect(turn.options).toEqual([{ label: 'Techniques for it', value: { text: 'techniques for piriformis' } }]);
    const textless = renderTurn([card({ fallbackText: 'Piriformis: a deep buttock muscle.', body: [{ type: 'Image', url: 'https://example.org/p.png' }], actions })]);
    expect(textless.lines).toEqual(['Piriformis: a deep buttock muscle.', 'Book: https://example.org/book']);
  });

  it('prints folded sections (Action.ShowCard) once, after the summary, under their titles, and not the fallback that repeats them', () => {
    const turn = renderTurn([
      card({
        fallbackText: 'Summary. Why: the piriformis lies deep in the buttock.',
        body: [
          { type: 'TextBlock', text: 'Summary.' },
          { type: 'ActionSet', actions: [{ type: 'Action.ShowCard', title: 'Why these muscles?', card: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: '• the piriformis\nlies deep in the buttock' }] } }] },
        ],
      }),
    ]);
    expect(turn.lines).toEqual(['Summary.', 'Why these muscles?:\n  • the piriformis\n  lies deep in the buttock']);
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

describe('pick lists, numbers and markdown in the terminal', () => {
  const tickList = card({
    fallbackText: 'Which ones?\n1. Blood thinners\n2. Pregnancy\n3. Not sure',
    body: [
      { type: 'TextBlock', text: 'Which ones? Tick all that apply, then press Send.' },
      {
        type: 'Input.ChoiceSet',
        id: 'text',
        isMultiSelect: true,
        choices: [
          { title: 'Blood thinners', value: 'Blood thinners' },
          { title: 'Pregnancy', value: 'Pregnancy' },
          { title: 'Not sure', value: 'Not sure' },
        ],
      },
    ],
    actions: [{ type: 'Action.Submit', title: 'Send', data: { text: 'Not sure', msteams: { type: 'messageBack' } } }],
  });

  it('prints a tick list once, as the options, with no "Send" whose number clashes', () => {
    const turn = renderTurn([{ ...tickList, summary: 'Which ones?' }]);
    expect(turn.options.map((o) => o.label)).toEqual(['Blood thinners', 'Pregnancy', 'Not sure']);
    const printed = formatTurn(turn);
    expect(printed.match(/Pregnancy/g)).toHaveLength(1);
    expect(printed).not.toMatch(/^\s+\d+\. Send$/m);
    expect(printed).toMatch(/1, 3/);
    expect([...printed.matchAll(/^\s+(\d+)\. /gm)].map((m) => m[1])).toEqual(['1', '2', '3']);
  });

  it('"1, 3" ticks several; "2" picks one; other text is not a pick', () => {
    const { options } = renderTurn([tickList]);
    expect(pickOption(options, '1, 3')?.value).toEqual({ text: 'Blood thinners,Not sure', msteams: { type: 'messageBack' } });
    expect(pickOption(options, '1 and 2')?.value?.text).toBe('Blood thinners,Pregnancy');
    expect(pickOption(options, '2')?.value?.text).toBe('Pregnancy');
    expect(pickOption(options, '4')).toBeUndefined();
    expect(pickOption(options, '1, 9')).toBeUndefined();
    expect(pickOption(options, 'I take 2 pills')).toBeUndefined();
    // Several picks only from one multi-select list.
    const buttons = renderTurn([{ type: 'message', suggestedActions: { to: [], actions: [{ type: 'imBack', title: 'A', value: 'a' }, { type: 'imBack', title: 'B', value: 'b' }] } }]);
    expect(pickOption(buttons.options, '1, 2')).toBeUndefined();
  });

  it('prints a question sent as a message and as its card title once', () => {
    const turn = renderTurn([{ type: 'message', text: 'Which one?', attachments: card({ body: [{ type: 'TextBlock', text: 'Which one?' }], fallbackText: 'Which one?' }).attachments! }]);
    expect(turn.lines).toEqual(['Which one?']);
  });

  it('renders markdown for a terminal: no raw ** or escapes', () => {
    expect(renderMarkdown('**Needs help now:**\n\n- one\n- two')).toBe('Needs help now:\n\n• one\n• two');
    expect(renderMarkdown('**Bold**', { color: true })).toBe('\u001b[1mBold\u001b[22m');
    expect(renderMarkdown('you said “a \\*star\\* &lt;b&gt;”')).toBe('you said “a *star* <b>”');
    expect(renderMarkdown('see [NHS](https://www.nhs.uk) and _this_')).toBe('see NHS (https://www.nhs.uk) and this');
    expect(renderMarkdown('snake_case_name stays')).toBe('snake_case_name stays');
  });
});
