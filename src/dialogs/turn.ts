import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { CONTRAINDICATION_IDS, RED_FLAG_IDS, type ContraindicationId, type RedFlagId } from '../knowledge/vocabulary';
import type { Analysis, Analyzer } from '../nlp/types';
import { emptyCase, type Case, type CaseChange } from '../triage/case';
import { withLegacyReading } from './legacyReading';

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

const READING_KEY = Symbol('dialogs.turnReading');
const CASE_KEY = Symbol('dialogs.case');

const NO_CHANGE: CaseChange = Object.freeze({ redFlags: [], possibleRedFlags: [], contraindications: [], withdrawn: [], nerveRoot: false, muscles: [] }) as CaseChange;

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
  const card = cardAnswer(context);
  const analysis = card ? analyzeButtonText(analyzer, '') : buttonTexts.has(text) ? analyzeButtonText(analyzer, text) : withLegacyReading(analyzer.analyze(text));
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
// common answer there is. The matcher is pure, so each is analysed once per process and analyzer, and the
// (read-only) analysis shared. Typed messages are always analysed afresh.
const buttonTexts = new Set<string>(['']);
const buttonAnalyses = new WeakMap<Analyzer, Map<string, Analysis>>();
/** More than the bot can ever offer (it is bounded by the knowledge); a guard, not a tuning knob. */
const MAX_BUTTON_TEXTS = 2000;

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
    analysis = withLegacyReading(analyzer.analyze(text));
    analyses.set(text, analysis);
  }
  return analysis;
}

// One turn's message is normalised by many checks (buttons, names): remember the last one.
let lastRaw: string | undefined;
let lastNormalised = '';

/** Lower-case, strip punctuation and extra spaces: the form our own button texts are compared in. */
export function normalise(text: string): string {
  if (text === lastRaw) return lastNormalised;
  const normalised = text
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  lastRaw = text;
  lastNormalised = normalised;
  return normalised;
}
