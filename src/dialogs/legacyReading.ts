import type { Analysis, Command } from '../nlp/types';
import { deniedContraindications, mentionedContraindications, parseScreening, parseYesNo } from './answers';
import { normalise } from './turn';

/**
 * The dialogs' own reading of commands, yes/no and screening answers, questions and contraindications said
 * in passing, from before the language layer read them. It only fills what the analyzer left neutral
 * ({@link withLegacyReading}), so the dialogs read one analysis either way; it goes once the language
 * layer's dialogue reader and concept layer fill these fields.
 */

/** The analysis with the fields the analyzer left neutral filled from the patterns below (a new object). */
export function withLegacyReading(analysis: Analysis): Analysis {
  const text = analysis.text;
  const command = analysis.command ?? legacyCommand(text);
  const { answer } = analysis;
  const yesNo = answer.yesNo ?? parseYesNo(text) ?? null;
  const screening = answer.screening ?? parseScreening(text) ?? null;
  const alreadyTold = answer.alreadyTold || ALREADY_TOLD.test(normalise(text));
  const isQuestion = analysis.isQuestion || isQuestionText(text);
  // A question names a condition without stating it ("can I get a massage while pregnant?"), unless it says "I'm…" too.
  const states = !isQuestion || FIRST_PERSON.test(normalise(text));
  const neutral = states && analysis.contraindications.length === 0 && analysis.deniedContraindications.length === 0;
  const contraindications = neutral ? mentionedContraindications(text).map((id) => ({ id, evidence: '' })) : analysis.contraindications;
  const denied = neutral ? deniedContraindications(text) : analysis.deniedContraindications;
  return { ...analysis, command, answer: { yesNo, screening, alreadyTold }, isQuestion, contraindications, deniedContraindications: denied };
}

function legacyCommand(text: string): Command | null {
  if (isForgetMe(text)) return 'forget-me';
  if (START_OVER.test(normalise(text))) return 'start-over';
  if (isCancel(text)) return 'cancel';
  if (isHelp(text)) return 'help';
  if (isLastTime(text)) return 'last-time';
  if (isDecline(text)) return 'decline';
  return null;
}

const FIRST_PERSON = /\b(im|i am|i take|i have|ive|i had|i was|i use|i got)\b/;
const START_OVER = /^(please )?(start (over|again)|restart|reset|go back to (the )?start)( please| now)?$/;
const ALREADY_TOLD = /\b(i (already )?(told|said|answered)( (you|that|this))?( already| before)?|as i said|i just said)\b/;

// Commands are matched on the whole (short) message so that an answer such as "no, it doesn't stop me
// sleeping" is never mistaken for "stop".
const CANCEL = /^(?:(?:oh |no |ok |okay )?(?:never ?mind|forget it) )?(?:no |please )?(stop|quit|cancel|exit|abort|never ?mind|forget it)( please| it| this| that| now| that please)?$/;
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
export const isQuestionText = (text: string): boolean =>
  /\?\s*$/.test(text) || /^(what|whats|how|is|are|does|do|can|could|should|would|will|which|why|tell me|explain)\b/.test(normalise(text));
/** "no", "no thanks", "nothing else", "I'm good": a whole message that wants nothing more. */
export const isDecline = (text: string): boolean => DECLINE.test(normalise(text));
/** "what did you suggest last time?" */
export const isLastTime = (text: string): boolean => LAST_TIME.test(normalise(text));
