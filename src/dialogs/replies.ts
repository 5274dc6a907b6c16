import type { Activity } from 'botbuilder';
import { EMERGENCY_RED_FLAGS, type RedFlagId } from '../knowledge/vocabulary';
import type { Case } from '../triage/case';
import type { RedFlagMatch } from '../nlp/types';
import { quote } from './cards/escape';
import type { DialogDeps } from './deps';
import { message, withSuggestions } from './messages';

/**
 * The conversational replies several dialogs share: urgent red-flag advice, help, cancel and the options
 * offered after them. Clinical wording comes from the knowledge module; only the framing sentences live here.
 */

/** What a person can try next, as suggested actions (three: the Teams maximum). */
export const OPTION_SUGGESTIONS = ['Describe my pain', 'Tell me about a muscle', 'Tell me about a technique'] as const;

/** Fill `{emergencyNumber}` and `{emergencyServiceName}` in a knowledge template. */
export function fillPlaceholders(template: string, settings: DialogDeps['settings']): string {
  return template
    .replace(/\{emergencyNumber\}/g, settings.emergencyNumber)
    .replace(/\{emergencyServiceName\}/g, settings.emergencyServiceName);
}

/**
 * Urgent advice for red flags, most serious first. Emergency flags: the emergency department or the
 * emergency number now; urgent flags: a clinician or urgent care the same day. Never any massage advice.
 */
export function redFlagAdvice(
  deps: DialogDeps,
  flags: readonly (RedFlagId | RedFlagMatch)[],
): Partial<Activity> {
  const { knowledge, settings } = deps;
  const ids = [...new Set(flags.map((f) => (typeof f === 'string' ? f : f.id)))];
  const evidence = flags.flatMap((f) => (typeof f === 'string' || !f.evidence ? [] : [f.evidence]));
  const emergency = ids.some((id) => EMERGENCY_RED_FLAGS.includes(id));
  const ordered = [...ids].sort(
    (a, b) => Number(EMERGENCY_RED_FLAGS.includes(b)) - Number(EMERGENCY_RED_FLAGS.includes(a)),
  );
  const advice = [...new Set(ordered.map((id) => fillPlaceholders(knowledge.redFlag(id).advice, settings)))];
  const lines: string[] = [];
  if (emergency) {
    lines.push(
      `**Please get help now: go to ${settings.emergencyServiceName} or call ${settings.emergencyNumber}.**`,
    );
  } else {
    lines.push(
      '**Please see a doctor or urgent care today (the same day).**',
    );
  }
  if (evidence.length > 0) lines.push(`You said ${evidence.slice(0, 3).map(quote).join(', ')}.`);
  lines.push(...advice);
  if (!emergency) {
    lines.push(
      `If it gets much worse quickly, or you notice weakness or numbness in your legs or around your bottom, go to ${settings.emergencyServiceName} or call ${settings.emergencyNumber}.`,
    );
  }
  lines.push("I won't suggest massage for now: please get this checked first.");
  return message(lines.join('\n\n'));
}

/** Short help with the options; the caller reprompts afterwards when a question is open. */
export function helpMessage(deps: DialogDeps, atPrompt: boolean): Partial<Activity> {
  const text = [
    'I can help with buttock, leg and low-back (sciatica-type) pain and massage:',
    '- **Describe your pain** (where it hurts and what makes it worse) and I suggest which muscles may be involved and which massage techniques target them.',
    `- **Ask about a muscle** (${deps.knowledge.muscles.map((m) => m.name).join(', ')}) or **a technique** (${deps.knowledge.techniques.map((t) => t.name).join(', ')}).`,
    '- **Ask about care** before and after a massage: heat, stretches, soreness.',
    'Say **start over** to begin again, or **forget me** to delete what I have saved about you.',
    deps.knowledge.framing.disclaimer,
    atPrompt ? "Now, back to my question:" : '',
  ].filter((l) => l !== '');
  const activity = message(text.join('\n\n'));
  return atPrompt ? activity : withSuggestions(activity, OPTION_SUGGESTIONS);
}

/** Confirmation after "stop" / "start over", with what to do next. */
export function cancelledMessage(): Partial<Activity> {
  return withSuggestions(
    message("OK, I've stopped that. We can start again whenever you like: describe your pain, or ask about a muscle or a massage technique."),
    OPTION_SUGGESTIONS,
  );
}

/** "cancel" with nothing running. */
export function nothingToCancelMessage(): Partial<Activity> {
  return withSuggestions(
    message("There's nothing to cancel. You can describe your pain, or ask about a muscle or a massage technique."),
    OPTION_SUGGESTIONS,
  );
}

/** "Not sure" about the red flags after seeing them: see a clinician first, emergency route spelled out. */
export function unsureRedFlagAdvice(deps: DialogDeps): Partial<Activity> {
  const { knowledge, settings } = deps;
  const emergency = EMERGENCY_RED_FLAGS.map((id) => `- ${knowledge.redFlag(id).meaning}`).join('\n');
  return message(
    [
      "If you're not sure, it's safest to speak to a doctor or urgent care **today**, before trying any massage.",
      `If any of these might be happening, go to ${settings.emergencyServiceName} or call ${settings.emergencyNumber} now:\n${emergency}`,
      "I won't suggest massage until you've been checked. You can come back and describe your pain any time.",
    ].join('\n\n'),
  );
}

/**
 * A red flag already on the case (or "not sure" about them), said again before anything about massage or stretches: short, most
 * serious first, then whatever was asked for (information only).
 */
export function redFlagReminder(deps: DialogDeps, c: Case): string {
  const { knowledge, settings } = deps;
  const ids = (c.redFlags ?? []).map((f) => f.id);
  if (ids.length === 0) {
    // Not sure about the warning signs: a doctor today, and the emergency route if any of them may be happening.
    return `**Before anything else:** you weren't sure about some of the warning signs I asked about. Please speak to a doctor or urgent care today, before any massage or new exercises, and if any of them may be happening, go to ${settings.emergencyServiceName} or call ${settings.emergencyNumber} now.`;
  }
  const emergency = ids.some((id) => EMERGENCY_RED_FLAGS.includes(id));
  const what = ids.map((id) => shortMeaning(knowledge.redFlag(id).meaning));
  const todo = emergency
    ? `please go to ${settings.emergencyServiceName} or call ${settings.emergencyNumber} now`
    : 'please see a doctor or urgent care today';
  return `**Before anything else:** you told me about ${what.slice(0, 2).join('; ')}. That needs checking first: ${todo}, before any massage or new exercises.`;
}

/** A flag's meaning up to its first full stop or semicolon, for the middle of a sentence ("fever, chills or night sweats with back pain"). */
function shortMeaning(meaning: string): string {
  const head = meaning.split(/[.;](?:\s|$)/)[0] ?? meaning;
  return head.charAt(0).toLowerCase() + head.slice(1);
}

/**
 * After the reminder, instead of a massage plan, stretches or aftercare (none of which is safe before a
 * doctor has checked the red flag): what can still be browsed.
 */
export function safeToBrowseMessage(): Partial<Activity> {
  return withSuggestions(
    message("Until a doctor has checked you, I'll hold off on massage plans, stretches and aftercare. I can still tell you about a muscle or a massage technique in general."),
    OPTION_SUGGESTIONS.slice(1),
  );
}

/** "What did you suggest last time?" with a red flag on the case: the earlier suggestions are on hold, not repeated. */
export function lastTimeOnHold(date: string | undefined): string {
  const when = date ? ` (${date})` : '';
  return `I suggested some massage last time${when}, but please hold off on it: what you told me needs a doctor first. Once a doctor has checked you and says massage is fine, describe your pain again and I'll suggest what may help.`;
}

/** A short reply to a message with nothing new in it, straight after an aside ("I was just asking"): no scolding, back to where we were. */
export function noProblemLine(questionOpen: boolean): string {
  return questionOpen ? 'No problem. Back to my question:' : 'No problem. Is there anything else I can help with?';
}

/** A question about a red flag ("what is the saddle area?"): what it means and when to get help; not advice to go now. */
export function explainRedFlags(deps: DialogDeps, ids: readonly RedFlagId[]): string {
  const { knowledge, settings } = deps;
  const lines = ids.slice(0, 2).map((id) => {
    const flag = knowledge.redFlag(id);
    const when = EMERGENCY_RED_FLAGS.includes(id)
      ? `If you have this, it is an emergency: go to ${settings.emergencyServiceName} or call ${settings.emergencyNumber} now.`
      : 'If you have this, see a doctor or urgent care the same day.';
    return `**${flag.meaning}** ${when}`;
  });
  return ['Good question. Here is what that means:', ...lines].join('\n\n');
}

/** A tap on an earlier question's button after the plan it led to (the conversation is still known, nothing was lost). */
export function oldQuestionMessage(): Partial<Activity> {
  return withSuggestions(
    message("That question is already answered, so I've left your answers as they were. You can check another pain, or ask me about a muscle or a massage technique."),
    ['Check another pain', ...OPTION_SUGGESTIONS.slice(1)],
  );
}

/** A typed answer or card submit for a question the bot no longer has open (state lost, or an old card). */
export function lostTrackMessage(): Partial<Activity> {
  return withSuggestions(
    message("I lost track of where we were, sorry (I may have restarted). Could you tell me again where it hurts and what makes it worse? Or pick one of these."),
    OPTION_SUGGESTIONS,
  );
}
