import type { TurnContext } from 'botbuilder';
import type { Analysis, Analyzer } from '../nlp/types';

/**
 * Per-turn helpers: the text of the incoming message and its analysis, computed once per turn and shared by
 * every dialog level that looks at it (MainDialog and the active child both check for red flags).
 */

const ANALYSIS_KEY = Symbol('dialogs.turnAnalysis');

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

/** The analysis of this turn's message, cached on the turn (and per process for the bot's own button texts). */
export function analyzeTurn(context: TurnContext, analyzer: Analyzer): Analysis {
  const text = incomingText(context);
  const cached = context.turnState.get(ANALYSIS_KEY) as { text: string; analysis: Analysis } | undefined;
  if (cached && cached.text === text) return cached.analysis;
  const analysis = buttonTexts.has(text) ? analyzeButtonText(analyzer, text) : analyzer.analyze(text);
  context.turnState.set(ANALYSIS_KEY, { text, analysis });
  return analysis;
}

// The texts of the bot's own buttons and suggested actions are our fixed wording, and tapping one is the most
// common answer there is. The matcher is pure, so each is analysed once per process and analyzer, and the
// (read-only) analysis shared. Typed messages are always analysed afresh.
const buttonTexts = new Set<string>();
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

function analyzeButtonText(analyzer: Analyzer, text: string): Analysis {
  let analyses = buttonAnalyses.get(analyzer);
  if (!analyses) {
    analyses = new Map();
    buttonAnalyses.set(analyzer, analyses);
  }
  let analysis = analyses.get(text);
  if (!analysis) {
    analysis = analyzer.analyze(text);
    analyses.set(text, analysis);
  }
  return analysis;
}

// One turn's message is normalised by many checks (commands, buttons, answers): remember the last one.
let lastRaw: string | undefined;
let lastNormalised = '';

/** Lower-case, strip punctuation and extra spaces: the form the command patterns below match. */
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

// Commands are matched on the whole (short) message so that an answer such as "no, it doesn't stop me
// sleeping" is never mistaken for "stop".
const CANCEL = /^(please )?(stop|quit|cancel|exit|abort|start (over|again)|restart|reset|never ?mind|forget it|go back to (the )?start)( please| it| this| that| now)?$/;
const HELP = /^(please )?(help|help me|help please|i need help|what can you do|what can i (say|ask|do)|options|menu|how does this work)$/;
const FORGET = /\b(forget (about )?me|delete (all )?(my|of my) (data|details|information|info|history)|erase (my|all my) (data|details|history)|remove my (data|details|information))\b/;
// A question about the bot's own earlier advice, not any message with "last time" in it: "the last time I
// ran my bum ached" describes pain, "tell me why my last massage hurt" asks about massage.
const EARLIER_ADVICE = String.raw`(?:the |my |your )?(?:last|previous|earlier) (?:session|chat|conversation|assessment|advice|results?|suggestions?|recommendations?)`;
const LAST_TIME = new RegExp(
  [
    String.raw`^(?:and |so |ok |okay )?(?:last time|${EARLIER_ADVICE})(?: please)?$`,
    String.raw`\bwhat (?:did|were|was|have) you (?:suggest|suggested|recommend|recommended|say|said|tell me|told me|advise|advised)\b`,
    String.raw`\b(?:you (?:suggested|recommended|said|told me|advised|gave me)|your (?:suggestions?|advice|recommendations?))\b.*\b(?:last time|previously)\b`,
    String.raw`\b(?:remind me|show me|tell me|give me|what (?:was|were|is|are)|what's|can i (?:see|have)|see)\b.*\b${EARLIER_ADVICE}\b`,
    String.raw`\b(?:my|your) (?:last|previous|earlier) (?:assessment|results?|suggestions?|advice|recommendations?)\b`,
  ].join('|'),
);

// A whole message that turns down "what would you like next?": with nothing open it closes politely
// rather than being sent to the matcher, which reads a bare "no" as a shaky "cancel".
const DECLINE = /^(?:(?:oh |ok |okay )?(?:no|nope|nah|not now|not really|nothing|nothing else|thats all|that is all|thats it|im (?:good|fine|ok|okay|alright)|i am (?:good|fine)|all good)(?: thanks| thank you| ta| cheers| for now| im good| im fine)*)$/;

/** "stop", "quit", "start over", "never mind", "cancel"… */
export const isCancel = (text: string): boolean => CANCEL.test(normalise(text));
/** "help", "what can you do"… */
export const isHelp = (text: string): boolean => HELP.test(normalise(text));
/** "forget me", "delete my data"… */
export const isForgetMe = (text: string): boolean => FORGET.test(normalise(text));
/** Phrased as a question: a question mark, or a question word or request to explain at the start. */
export const isQuestion = (text: string): boolean =>
  /\?\s*$/.test(text) || /^(what|whats|how|is|are|does|do|can|could|should|would|will|which|why|tell me|explain)\b/.test(normalise(text));
/** "no", "no thanks", "nothing else", "I'm good": a whole message that wants nothing more. */
export const isDecline = (text: string): boolean => DECLINE.test(normalise(text));
/** "what did you suggest last time?" */
export const isLastTime = (text: string): boolean => LAST_TIME.test(normalise(text));
