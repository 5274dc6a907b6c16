import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { CONTRAINDICATION_IDS, RED_FLAG_IDS, type ContraindicationId, type RedFlagId } from '../knowledge/vocabulary';
import type { Analysis, Analyzer, FollowUpAsk } from '../nlp/types';
import { emptyCase, type Case, type CaseChange } from '../triage/case';

/**
 * One turn as the dialogs read it: the analysis of what the person typed, or the typed value of one of
 * the bot's own options (a card submit), never both. Computed once per turn and shared by every level.
 */
export interface TurnReading {
  /** The message text (for a card submit: the button's fixed text, for display only). */
  text: string;
  /** The language layer's analysis of a typed message; for a card submit, the analysis of nothing. */
  analysis: Analysis;
  /** The typed value of one of the bot's own options, when the message is a card submit. */
  card?: CardAnswer;
  /** What this message added to the case (empty for a card submit: a tick is never read as free text). */
  change: CaseChange;
}

/** The typed values the bot's own card options carry (Action.Submit `data`, with the ticked inputs merged in). */
export type CardAnswer =
  | { action: 'red-flags'; flags: RedFlagId[]; none: boolean; unsure: boolean }
  | { action: 'screening'; contraindications: ContraindicationId[]; unsure: boolean }
  | { action: 'intake'; question: 'where' | 'spread' | 'worse'; choice: number }
  | { action: 'go'; route: string };

/** Ticked values arrive as one comma-joined string ("pregnancy,blood-thinners"), or not at all. */
const ticked = z
  .string()
  .optional()
  .transform((s) => (s ?? '').split(',').map((x) => x.trim()).filter((x) => x !== ''));

const CARD_ANSWER = z.discriminatedUnion('action', [
  z.object({ action: z.literal('red-flags'), redFlags: ticked }).transform(({ redFlags }) => ({
    action: 'red-flags' as const,
    flags: RED_FLAG_IDS.filter((id) => redFlags.includes(id)),
    none: redFlags.includes('none'),
    unsure: redFlags.length === 0 || redFlags.includes('unsure'),
  })),
  z.object({ action: z.literal('screening'), contraindications: ticked }).transform(({ contraindications }) => ({
    action: 'screening' as const,
    contraindications: CONTRAINDICATION_IDS.filter((id) => contraindications.includes(id)),
    unsure: contraindications.length === 0 || contraindications.includes('unsure'),
  })),
  z.object({ action: z.literal('intake'), question: z.enum(['where', 'spread', 'worse']), choice: z.number().int().min(0).max(9) }),
  z.object({ action: z.literal('go'), route: z.string().max(80) }),
]);

/**
 * A table from the titles of the bot's own options (buttons, suggested actions, Teams commands) to what each one
 * means. It matches a whole message against a whole title, case and spacing aside ("check another pain" is the
 * "Check another pain" button typed); it reads nothing inside a message: free text goes to the language layer.
 */
export class OptionTable<V> {
  private readonly byKey = new Map<string, V>();

  constructor(entries: Iterable<readonly [title: string, value: V]> = []) {
    for (const [title, value] of entries) this.set(title, value);
  }

  set(title: string, value: V): void {
    this.byKey.set(titleKey(title), value);
  }

  /** What the option whose title is exactly this message means, if it is one. */
  get(text: string): V | undefined {
    return this.byKey.get(titleKey(text));
  }
}

/** A title compared as a whole: lower case, single spaces, no trailing full stop. */
function titleKey(text: string): string {
  // One message is looked up in several tables a turn: the last key is kept.
  if (text !== lastTitle) {
    lastTitle = text;
    let key = text.trim().toLowerCase();
    if (SPACING.test(key)) key = key.replace(/\s+/g, ' ');
    const end = key.charCodeAt(key.length - 1);
    lastKey = end === 46 || end === 33 ? key.replace(/[.!]+$/, '') : key;
  }
  return lastKey;
}
let lastTitle: string | undefined;
const SPACING = /\s\s|[\t\n\r]/;
let lastKey = '';

const READING_KEY = Symbol('dialogs.turnReading');
const CASE_KEY = Symbol('dialogs.case');

const NO_CHANGE: CaseChange = Object.freeze({ redFlags: [], possibleRedFlags: [], contraindications: [], withdrawn: [], nerveRoot: false, muscles: [], spread: false, symptoms: false }) as CaseChange;

/** The typed value of a card submit, validated; undefined for typed messages and anything malformed. */
export function cardAnswer(context: TurnContext): CardAnswer | undefined {
  const { value } = context.activity;
  if (!value || typeof value !== 'object' || !('action' in value)) return undefined;
  const parsed = CARD_ANSWER.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** This turn's reading (made once: see {@link readTurn}), if it was made. */
export function turnReading(context: TurnContext): TurnReading {
  const reading = context.turnState.get(READING_KEY) as TurnReading | undefined;
  if (!reading) throw new Error('the turn was not read: MainDialog.run reads every message first');
  return reading;
}

/** Read the turn once: a card's typed value, or the analysis of the text. */
export function readTurn(context: TurnContext, analyzer: Analyzer): TurnReading {
  const text = incomingText(context);
  const card = cardAnswer(context) ?? listOption(text);
  const analysis = card ? analyzeButtonText(analyzer, '') : buttonTexts.has(text) ? analyzeButtonText(analyzer, text) : analyzer.analyze(text);
  const reading: TurnReading = { text, analysis, change: NO_CHANGE, ...(card ? { card } : {}) };
  context.turnState.set(READING_KEY, reading);
  return reading;
}

/** Record what the message changed in the case (MainDialog, once it has folded the message in). */
export function setTurnChange(context: TurnContext, change: CaseChange): void {
  turnReading(context).change = change;
}

/**
 * The person's case, kept beside the dialog stack in conversation state as one JSON string: botbuilder's
 * change hash walks every value of the state through a replacer function, and one string is one value
 * where the case as an object is a hundred (measured: a third of a browsing turn's time went there).
 */
export function caseIn(state: object): Case {
  const stored = (state as { case?: unknown }).case;
  if (typeof stored !== 'string') return emptyCase();
  try {
    return JSON.parse(stored) as Case;
  } catch {
    return emptyCase();
  }
}

/** Put the case back into the state (nothing while it is empty and was never stored). */
export function keepCase(state: object, c: Case): void {
  const holder = state as { case?: string };
  if (holder.case === undefined && isEmpty(c)) return;
  holder.case = JSON.stringify(c);
}

function isEmpty(c: Case): boolean {
  for (const key in c) if (key !== 'symptoms') return false;
  for (const key in c.symptoms) if (key !== 'muscles') return false;
  return c.symptoms.muscles.length === 0;
}

/**
 * What the last reply was, when it was an aside (help, an explanation, a follow-up answer): `true`, or the
 * follow-up it answered ("technique-safety"), so "what about cupping?" next is the same question about cupping.
 * Read once, then forgotten.
 */
export type Aside = true | FollowUpAsk;

export function takeAside(state: object): Aside | undefined {
  const holder = state as { aside?: unknown };
  const was = holder.aside;
  delete holder.aside;
  return was === true || (typeof was === 'string' && FOLLOW_UP_ASKS.has(was)) ? (was as Aside) : undefined;
}

/** Remember for the next turn what this reply was, if an aside (nothing is stored otherwise). */
export function keepAside(state: object, sent: Aside | undefined): void {
  if (sent !== undefined) (state as { aside?: Aside }).aside = sent;
}

const ASIDE_KEY = Symbol('dialogs.aside');

/** A dialog's reply this turn was an aside (a question it could not answer there, acknowledged): the next turn may say "I was just asking". */
export function noteAside(context: TurnContext): void {
  context.turnState.set(ASIDE_KEY, true);
}

/** Whether a dialog noted an aside this turn. */
export function notedAside(context: TurnContext): boolean {
  return context.turnState.get(ASIDE_KEY) === true;
}

const FOLLOW_UP_ASKS: ReadonlySet<string> = new Set<FollowUpAsk>(['technique-safety', 'pregnancy-massage', 'frequency', 'heat-or-ice', 'soreness-after', 'compare', 'worth-it']);

/** The case for this turn (MainDialog puts it on the turn before any dialog runs). */
export function turnCase(context: TurnContext): Case {
  const c = context.turnState.get(CASE_KEY) as Case | undefined;
  if (!c) throw new Error('no case on the turn: MainDialog.run puts it there first');
  return c;
}

export function setTurnCase(context: TurnContext, c: Case): void {
  context.turnState.set(CASE_KEY, c);
}

/**
 * The text of the incoming message. A card submit's `value.text` wins over `activity.text`: in Teams a
 * messageBack's `text` is the button's fixed text, while `value.text` carries what was ticked on the card.
 */
export function incomingText(context: TurnContext): string {
  const { text, value } = context.activity;
  const submitted = value && typeof value === 'object' ? (value as { text?: unknown }).text : undefined;
  if (typeof submitted === 'string' && submitted.trim() !== '') return submitted.trim();
  return typeof text === 'string' ? text.trim() : '';
}

// The texts of the bot's own buttons and suggested actions are our fixed wording, and tapping one is the most
// common answer there is. A tapped option is an answer or a route, never a statement about the person: its reading
// keeps only what it answers (yes, no, none of these, not sure, a decline, a command) and the intent, and says
// nothing of red flags, contraindications, muscles or follow-up questions, so "Osteoporosis, a recent fracture or
// surgery" sent as text is never a fracture. The matcher is pure, so each text is read once per process and
// analyzer, and the (read-only) reading shared. Typed messages are always analysed afresh.
const buttonTexts = new Set<string>(['']);
const buttonAnalyses = new WeakMap<Analyzer, Map<string, Analysis>>();
/** More than the bot can ever offer (it is bounded by the knowledge); a guard, not a tuning knob. */
const MAX_BUTTON_TEXTS = 2000;

// The items of our own tick lists ("Osteoporosis, a recent fracture or surgery"), by title: where a channel shows the
// list as text, the item typed back as it is shown is that item's typed value, never a fracture.
const listOptions = new OptionTable<Record<string, unknown>>();

/** Remember the items of a tick list we show: each title with the typed value ticking it sends. */
export function registerListOptions(entries: Iterable<readonly [title: string, value: Record<string, unknown>]>): void {
  for (const [title, value] of entries) listOptions.set(title, value);
}

function listOption(text: string): CardAnswer | undefined {
  const value = listOptions.get(text);
  if (!value) return undefined;
  const parsed = CARD_ANSWER.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** Remember texts the bot offers as buttons or suggested actions (our wording only, never the person's). */
export function registerButtonTexts(texts: Iterable<string>): void {
  for (const text of texts) {
    if (buttonTexts.size >= MAX_BUTTON_TEXTS) return;
    buttonTexts.add(text.trim());
  }
}

/** True for the exact text of one of the bot's own buttons or suggested actions. */
export function isButtonText(text: string): boolean {
  return text !== '' && buttonTexts.has(text.trim());
}

function analyzeButtonText(analyzer: Analyzer, text: string): Analysis {
  let analyses = buttonAnalyses.get(analyzer);
  if (!analyses) {
    analyses = new Map();
    buttonAnalyses.set(analyzer, analyses);
  }
  let analysis = analyses.get(text);
  if (!analysis) {
    const nothing = analyses.get('') ?? analyzer.analyze('');
    analyses.set('', nothing);
    analysis = text === '' ? nothing : optionReading(analyzer.analyze(text), nothing);
    analyses.set(text, analysis);
  }
  return analysis;
}

/** What one of our own options says as an answer or a route (over the reading of nothing): no facts about the person. */
function optionReading(a: Analysis, nothing: Analysis): Analysis {
  const { text, intent, confidence, ranking, command, answer, isQuestion } = a;
  return { ...nothing, text, intent, confidence, ranking, command, answer, isQuestion };
}

