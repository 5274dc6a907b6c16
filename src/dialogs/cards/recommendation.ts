import type { Attachment } from 'botbuilder';
import type { AftercareTip } from '../../knowledge/types';
import type { MuscleId, TechniqueId } from '../../knowledge/vocabulary';
import {
  adaptiveCard,
  bullets,
  heading,
  openUrlAction,
  subheading,
  submitAction,
  textBlock,
  type CardElement,
} from './common';
import { quote } from './escape';

/** Everything a recommendation shows, already decided by the clinical policy (src/triage/policy.ts). */
export interface Recommendation {
  muscles: Array<{
    id: MuscleId;
    name: string;
    /** The person's own words that pointed here (raw: escaped when shown). */
    evidence: string[];
    /** Why those words point here (the matcher's reasons, our text). */
    reasons: string[];
    /** How this muscle can affect the sciatic nerve (knowledge). */
    sciaticLink: string;
  }>;
  techniques: Array<{ id: TechniqueId; name: string; reason: string }>;
  /** Techniques left out for this person, and why. */
  avoid: Array<{ id: TechniqueId; name: string; why: string }>;
  /** Knowledge texts to show first: nerve-root advice, contraindication advice. */
  warnings: string[];
  /** True when the techniques are offered only "if your clinician agrees". */
  conditional: boolean;
  /** True when no massage at all is suggested for now (e.g. a possible blood clot). */
  noMassage: boolean;
  aftercare: AftercareTip[];
  disclaimer: string;
  evidence: string;
}

/** Buttons under the card: extra next steps and, when configured, the booking page. */
export interface RecommendationActions {
  more: Array<{ title: string; text: string; value?: Record<string, unknown> }>;
  bookingUrl?: string;
}

/** One line per muscle: what the person said, why it fits, how the muscle can affect the nerve. */
function muscleLine(m: Recommendation['muscles'][number]): string {
  const said = m.evidence.slice(0, 3).map(quote).join(', ');
  const why = m.reasons.slice(0, 2).join('; ');
  const link = m.sciaticLink.split(/(?<=\.)\s/)[0] ?? m.sciaticLink;
  if (said && why) return `**${m.name}**: you said ${said}. That fits because ${lowerFirst(why)}. ${link}`;
  if (why) return `**${m.name}**: ${why}. ${link}`;
  return `**${m.name}**: ${link}`;
}

function lowerFirst(s: string): string {
  return s.length > 1 && /^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}

function techniquesTitle(r: Recommendation): string {
  return r.conditional ? 'Gentle options, only if your clinician agrees' : 'Massage techniques that target them';
}

function aftercareLine(t: AftercareTip): string {
  return [`**${t.title}**: ${t.text}`, ...t.cautions.map((c) => `(${c})`)].join(' ');
}

/** The recommendation as an Adaptive Card 1.5, with the same content as plain text for the fallback. */
export function recommendationCard(r: Recommendation, actions: RecommendationActions): { attachment: Attachment; text: string } {
  const body: CardElement[] = [heading('What may help'), textBlock(r.disclaimer, { isSubtle: true })];
  const text: string[] = ['What may help', r.disclaimer];

  if (r.warnings.length > 0) {
    body.push(subheading('Please note first'), ...r.warnings.map((w) => textBlock(w, { color: 'Attention' })));
    text.push(...r.warnings);
  }
  if (r.muscles.length > 0) {
    body.push(subheading('Muscles that may be involved'), bullets(r.muscles.map(muscleLine)));
    text.push(`Muscles that may be involved: ${r.muscles.map(muscleLine).join(' ')}`);
  } else {
    const none = "I couldn't tell from what you said which muscles may be involved. A massage therapist or physiotherapist can check in person.";
    body.push(subheading('Muscles that may be involved'), textBlock(none));
    text.push(none);
  }
  if (r.noMassage) {
    const none = 'No massage for now, until a clinician has checked you.';
    body.push(subheading('Massage'), textBlock(none, { weight: 'Bolder' }));
    text.push(none);
  } else if (r.techniques.length > 0) {
    const lines = r.techniques.map((t) => `**${t.name}**: ${t.reason}`);
    body.push(subheading(techniquesTitle(r)), bullets(lines));
    text.push(`${techniquesTitle(r)}: ${lines.join(' ')}`);
  }
  if (r.avoid.length > 0) {
    const lines = r.avoid.map((a) => `**${a.name}**: ${a.why}`);
    body.push(subheading('Left out for you'), bullets(lines));
    text.push(`Left out for you: ${lines.join(' ')}`);
  }
  if (r.aftercare.length > 0) {
    const lines = r.aftercare.map(aftercareLine);
    body.push(subheading('Before and after'), bullets(lines));
    text.push(`Before and after: ${lines.join(' ')}`);
  }
  body.push(textBlock(r.evidence, { isSubtle: true, size: 'Small', spacing: 'Medium' }));
  text.push(r.evidence);

  const cardActions = actions.more.slice(0, 4).map((a) => submitAction(a.title, a.text, a.value));
  if (actions.bookingUrl) cardActions.push(openUrlAction('Book with a therapist', actions.bookingUrl));
  const plain = text.join('\n\n');
  return { attachment: adaptiveCard(body, cardActions, plain), text: plain };
}
