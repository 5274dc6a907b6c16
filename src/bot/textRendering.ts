import type { Activity, Attachment, CardAction } from 'botbuilder';

/** Something the person can pick by number: sends `text`, or a card submit's `value`. */
export interface TextOption {
  label: string;
  text?: string;
  value?: Record<string, unknown>;
  /** A choice of a card's pick list: which input it fills, and whether several may be picked ("1, 3"). */
  choice?: { inputId: string; choiceValue: string; multiSelect: boolean };
}

/** A bot turn as plain text: lines to print and numbered options. */
export interface RenderedTurn {
  lines: string[];
  options: TextOption[];
}

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
const HERO = 'application/vnd.microsoft.card.hero';
const THUMBNAIL = 'application/vnd.microsoft.card.thumbnail';

/**
 * Renders a bot turn as plain text for the terminal: message text, each card as its fallback text
 * (or a summary of its text blocks and facts), links, and every button or suggested action as a
 * numbered option.
 */
export function renderTurn(activities: ReadonlyArray<Partial<Activity>>): RenderedTurn {
  const out: RenderedTurn = { lines: [], options: [] };
  for (const activity of activities) {
    if (activity.type !== undefined && activity.type !== 'message') continue;
    if (typeof activity.text === 'string' && activity.text.trim() !== '') out.lines.push(activity.text.trim());
    for (const attachment of activity.attachments ?? []) renderAttachment(attachment, out);
    for (const action of activity.suggestedActions?.actions ?? []) addCardAction(action, out);
  }
  // A question sent as a message and as its card's title is printed once.
  out.lines = out.lines.filter((line, i) => out.lines.indexOf(line) === i);
  return out;
}

/**
 * The option(s) a typed line picks: "2", or several of one multi-select list ("1, 3", "1 and 3"), whose
 * values are sent together the way a card sends ticked boxes ("a,b"). Undefined when the line is not a
 * pick (so it is sent as typed).
 */
export function pickOption(options: readonly TextOption[], line: string): TextOption | undefined {
  if (!/^\s*\d{1,2}(\s*(,|and|&|\s)\s*\d{1,2})*\s*$/i.test(line)) return undefined;
  const numbers = [...new Set((line.match(/\d{1,2}/g) ?? []).map(Number))];
  const picked = numbers.map((n) => options[n - 1]);
  if (picked.length === 0 || picked.some((o) => o === undefined)) return undefined;
  if (picked.length === 1) return picked[0];
  const first = picked[0]!.choice;
  const sameList = first?.multiSelect && picked.every((o) => o!.choice?.inputId === first.inputId && o!.choice.multiSelect);
  if (!first || !sameList) return undefined;
  const joined = picked.map((o) => o!.choice!.choiceValue).join(',');
  return {
    label: picked.map((o) => o!.label).join(', '),
    value: { ...picked[0]!.value, [first.inputId]: joined },
    choice: { ...first, choiceValue: joined },
  };
}

/**
 * The text to print for a rendered turn: lines (markdown rendered for a terminal), then "  1. option"
 * rows, numbered once across the turn. A multi-select list says how to pick several.
 */
export function formatTurn(turn: RenderedTurn, options: { color?: boolean } = {}): string {
  const rows = turn.lines.map((line) => renderMarkdown(line, options));
  turn.options.forEach((option, i) => rows.push(`  ${i + 1}. ${renderMarkdown(option.label, options)}`));
  if (turn.options.some((o) => o.choice?.multiSelect)) rows.push('  (Pick several with commas, e.g. "1, 3".)');
  return rows.join('\n');
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/**
 * Markdown as a terminal shows it: **bold** in bold (or plain without colour), links as "text (url)",
 * "- " bullets as "• ", escaped characters and HTML entities as the characters themselves.
 */
export function renderMarkdown(text: string, options: { color?: boolean } = {}): string {
  const escaped: string[] = [];
  let out = text.replace(/\\([\\`*_[\]#()!-])/g, (_m, c: string) => `\u0000${escaped.push(c) - 1}\u0000`);
  out = out.replace(/\*\*(.+?)\*\*/g, (_m, inner: string) => (options.color ? `\u001b[1m${inner}\u001b[22m` : inner));
  out = out.replace(/(^|[^\w*])[*_](\S(?:.*?\S)?)[*_](?=$|[^\w*])/g, '$1$2');
  out = out.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '$1 ($2)');
  out = out.replace(/^(\s*)[-*] /gm, '$1• ');
  out = out.replace(/^#{1,6}\s+/gm, '');
  out = out.replace(/&(amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m] ?? m);
  out = out.replace(/\n{3,}/g, '\n\n');
  return out.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => escaped[Number(i)] ?? '');
}

function renderAttachment(attachment: Attachment, out: RenderedTurn): void {
  const content = (attachment.content ?? {}) as Record<string, unknown>;
  switch (attachment.contentType) {
    case ADAPTIVE: {
      // A pick list is printed as numbered options, once: its text blocks, then each choice (the card's
      // fallback would list the choices again, numbered, beside a "1. Send").
      if (renderPickList(content, out)) return;
      // The card's own text blocks, then its folded sections (Action.ShowCard) under their titles: printed once.
      // The plain-text fallback repeats all of it in one block, so it is printed only for a card with no text.
      const folded: RenderedTurn = { lines: [], options: out.options };
      const body = summariseElements(asArray(content.body), folded);
      const text = body.length > 0 ? body.join('\n') : (str(content.fallbackText) ?? str(content.speak));
      if (text) out.lines.push(text);
      out.lines.push(...folded.lines);
      addAdaptiveActions(asArray(content.actions), out);
      return;
    }
    case HERO:
    case THUMBNAIL: {
      const parts = [str(content.title), str(content.subtitle), str(content.text)].filter((p): p is string => !!p);
      if (parts.length > 0) out.lines.push(parts.join('\n'));
      for (const button of asArray(content.buttons)) addCardAction(button as CardAction, out);
      return;
    }
    default:
      out.lines.push(`[${attachment.name ?? attachment.contentType ?? 'attachment'}]`);
  }
}

/** A card with an Input.ChoiceSet: its text, then one option per choice carrying the card's submit data. */
function renderPickList(content: Record<string, unknown>, out: RenderedTurn): boolean {
  const body = asArray(content.body).filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null);
  const set = body.find((e) => e.type === 'Input.ChoiceSet' && typeof e.id === 'string');
  if (!set) return false;
  const inputId = set.id as string;
  const submit = asArray(content.actions).find((a) => (a as Record<string, unknown> | null)?.type === 'Action.Submit') as Record<string, unknown> | undefined;
  const data = typeof submit?.data === 'object' && submit.data !== null ? (submit.data as Record<string, unknown>) : {};
  const text = summariseElements(body.filter((e) => e !== set), out);
  if (text.length > 0) out.lines.push(text.join('\n'));
  const multiSelect = set.isMultiSelect === true;
  for (const raw of asArray(set.choices)) {
    const c = raw as Record<string, unknown> | null;
    const title = str(c?.title);
    const value = typeof c?.value === 'string' ? c.value : undefined;
    if (!title || value === undefined) continue;
    out.options.push({ label: title, value: { ...data, [inputId]: value }, choice: { inputId, choiceValue: value, multiSelect } });
  }
  return true;
}

/** Text of Adaptive Card elements, depth first; nested action sets become options. */
function summariseElements(elements: unknown[], out: RenderedTurn): string[] {
  const lines: string[] = [];
  for (const raw of elements) {
    if (typeof raw !== 'object' || raw === null) continue;
    const el = raw as Record<string, unknown>;
    if (el.isVisible === false) continue;
    switch (el.type) {
      case 'TextBlock':
        if (str(el.text)) lines.push(str(el.text) as string);
        break;
      case 'RichTextBlock': {
        const text = asArray(el.inlines)
          .map((i) => {
            const inline = typeof i === 'string' ? i : (i as Record<string, unknown> | null)?.text;
            return typeof inline === 'string' ? inline : '';
          })
          .join('');
        if (text.trim()) lines.push(text.trim());
        break;
      }
      case 'FactSet':
        for (const fact of asArray(el.facts)) {
          const f = fact as Record<string, unknown>;
          lines.push(`- ${str(f.title) ?? ''}: ${str(f.value) ?? ''}`);
        }
        break;
      case 'Container':
        lines.push(...summariseElements(asArray(el.items), out));
        break;
      case 'ColumnSet':
        for (const column of asArray(el.columns)) lines.push(...summariseElements(asArray((column as Record<string, unknown>)?.items), out));
        break;
      case 'ActionSet':
        addAdaptiveActions(asArray(el.actions), out);
        break;
      case 'Image':
        if (str(el.altText)) lines.push(`[${str(el.altText)}]`);
        break;
      default:
        break;
    }
  }
  return lines;
}

function addAdaptiveActions(actions: unknown[], out: RenderedTurn): void {
  for (const raw of actions) {
    if (typeof raw !== 'object' || raw === null) continue;
    const action = raw as Record<string, unknown>;
    const title = str(action.title) ?? '';
    if (action.type === 'Action.Submit' || action.type === 'Action.Execute') {
      const data = action.data;
      if (typeof data === 'object' && data !== null) out.options.push({ label: title || '(submit)', value: data as Record<string, unknown> });
      else if (typeof data === 'string') out.options.push({ label: title || data, text: data });
    } else if (action.type === 'Action.OpenUrl' && str(action.url)) {
      out.lines.push(`${title || 'Link'}: ${str(action.url)}`);
    } else if (action.type === 'Action.ShowCard') {
      const card = action.card as Record<string, unknown> | undefined;
      const lines = summariseElements(asArray(card?.body), out);
      if (lines.length > 0) out.lines.push([`${title}:`, ...lines.map((l) => `  ${l.replace(/\n/g, '\n  ')}`)].join('\n'));
      addAdaptiveActions(asArray(card?.actions), out);
    }
  }
}

function addCardAction(action: CardAction, out: RenderedTurn): void {
  const label = action.title || (typeof action.value === 'string' ? action.value : '') || action.text || '';
  switch (action.type) {
    case 'openUrl':
      out.lines.push(`${action.title || 'Link'}: ${String(action.value)}`);
      return;
    case 'imBack':
      out.options.push({ label, text: String(action.value ?? action.title) });
      return;
    case 'postBack':
    case 'messageBack':
      if (typeof action.value === 'object' && action.value !== null) {
        out.options.push({ label, value: action.value as Record<string, unknown>, ...(action.text ? { text: action.text } : {}) });
      } else {
        out.options.push({ label, text: String(action.text ?? action.value ?? action.title) });
      }
      return;
    default:
      if (label) out.options.push({ label, text: label });
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
