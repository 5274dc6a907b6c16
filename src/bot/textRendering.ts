import type { Activity, Attachment, CardAction } from 'botbuilder';

/** Something the person can pick by number: sends `text`, or a card submit's `value`. */
export interface TextOption {
  label: string;
  text?: string;
  value?: Record<string, unknown>;
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
  return out;
}

/** The text to print for a rendered turn: lines, then "  1. option" rows. */
export function formatTurn(turn: RenderedTurn): string {
  const rows = [...turn.lines];
  turn.options.forEach((option, i) => rows.push(`  ${i + 1}. ${option.label}`));
  return rows.join('\n');
}

function renderAttachment(attachment: Attachment, out: RenderedTurn): void {
  const content = (attachment.content ?? {}) as Record<string, unknown>;
  switch (attachment.contentType) {
    case ADAPTIVE: {
      // Cards carry a plain-text fallback for text-only clients; without one, summarise the text blocks.
      const fallback = str(content.fallbackText);
      const body = summariseElements(asArray(content.body), out);
      const text = fallback ?? (body.length > 0 ? body.join('\n') : str(content.speak));
      if (text) out.lines.push(text);
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
      if (lines.length > 0) out.lines.push([`${title}:`, ...lines.map((l) => `  ${l}`)].join('\n'));
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
