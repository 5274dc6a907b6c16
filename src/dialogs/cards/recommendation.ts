import type { Attachment } from 'botbuilder';
import type { AftercareTip } from '../../knowledge/types';
import type { Advice } from '../../triage/policy';
import {
  adaptiveCard,
  bullets,
  foldedSection,
  heading,
  openUrlAction,
  shortName,
  subheading,
  submitAction,
  textBlock,
  type CardElement,
} from './common';
import { quote } from './escape';

/** Everything a recommendation shows, already decided by the clinical policy: its advice minus what is only saved or offered. */
export type Recommendation = Omit<Advice, 'summary' | 'next' | 'ids'>;

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

/** Names joined for a sentence: "A", "A and B", "A, B and C". */
function joinNames(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * Left-out techniques grouped by reason, so each reason is said once: "**Deep tissue massage and
 * Cupping**: left out because of what you told me (blood thinners)." When several reasons share a
 * "lead (details)." shape, the lead is said once above them: "Left out because of what you told me:"
 * then "**Cupping**: blood thinners; pregnancy".
 */
function avoidLines(avoid: Recommendation['avoid']): { lead?: string; lines: string[] } {
  const byWhy = new Map<string, string[]>();
  for (const a of avoid) byWhy.set(a.why, [...(byWhy.get(a.why) ?? []), a.name]);
  const parts = [...byWhy.keys()].map((why) => /^(.+?)\s*\((.+)\)\.?$/.exec(why));
  const lead = parts[0]?.[1];
  if (lead && byWhy.size > 1 && parts.every((p) => p?.[1] === lead)) {
    return { lead: `${lead[0]!.toUpperCase()}${lead.slice(1)}:`, lines: [...byWhy.values()].map((names, i) => `**${joinNames(names)}**: ${parts[i]![2]}`) };
  }
  return { lines: [...byWhy].map(([why, names]) => `**${joinNames(names)}**: ${why}`) };
}

/** The few lines a person can act on at a glance; everything else is folded below them. */
function summaryLines(r: Recommendation): string[] {
  const lines: string[] = [];
  lines.push(
    r.muscles.length > 0
      ? `**Muscles that may be involved:** ${joinNames(r.muscles.map((m) => shortName(m.name)))}.`
      : "**Muscles:** I couldn't tell from what you said. A massage therapist or physiotherapist can check in person.",
  );
  if (r.noMassage) lines.push('**No massage for now**, until a clinician has checked you.');
  else if (r.techniques.length > 0) {
    const names = joinNames(r.techniques.map((t) => t.name));
    lines.push(`**${r.conditional ? 'Gentle options, only if your clinician agrees' : 'Massage to ask for'}:** ${names}.`);
  }
  if (r.avoid.length > 0) lines.push(`**Left out for you:** ${joinNames(r.avoid.map((a) => a.name))}.`);
  return lines;
}

/**
 * The recommendation as an Adaptive Card 1.5: safety notes and a short summary first (fits a phone
 * screen), then folded sections for the reasons, the techniques, what was left out and aftercare. The
 * plain-text fallback carries everything.
 */
export function recommendationCard(r: Recommendation, actions: RecommendationActions): { attachment: Attachment; text: string } {
  const body: CardElement[] = [heading('What may help')];
  const text: string[] = ['What may help'];

  if (r.warnings.length > 0) {
    body.push(subheading('Please note first'), ...r.warnings.map((w) => textBlock(w, { color: 'Attention' })));
    text.push(...r.warnings);
  }
  const summary = summaryLines(r);
  body.push(...summary.map((line, i) => textBlock(line, i === 0 ? { spacing: 'Medium' } : { spacing: 'Small' })));
  body.push(textBlock(r.disclaimer, { isSubtle: true, size: 'Small', spacing: 'Small' }));
  text.push(r.disclaimer);

  if (r.muscles.length > 0) {
    const lines = r.muscles.map(muscleLine);
    body.push(foldedSection('Why these muscles?', [bullets(lines)]));
    text.push(`Muscles that may be involved: ${lines.join(' ')}`);
  } else {
    text.push(summary[0]!.replace(/\*\*/g, ''));
  }
  if (r.noMassage) {
    text.push('No massage for now, until a clinician has checked you.');
  } else if (r.techniques.length > 0) {
    const lines = r.techniques.map((t) => `**${t.name}**: ${t.reason}`);
    body.push(
      foldedSection('How each technique helps', [
        textBlock(techniquesTitle(r), { weight: 'Bolder' }),
        bullets(lines),
        textBlock(r.evidence, { isSubtle: true, size: 'Small' }),
      ]),
    );
    text.push(`${techniquesTitle(r)}: ${lines.join(' ')}`);
  }
  if (r.avoid.length > 0) {
    const { lead, lines } = avoidLines(r.avoid);
    body.push(foldedSection('Why some are left out', [...(lead ? [textBlock(lead)] : []), bullets(lines)]));
    text.push(`Left out for you. ${lead ?? ''} ${lines.join('; ')}.`.replace(/\s+/g, ' '));
  }
  if (r.aftercare.length > 0) {
    const lines = r.aftercare.map(aftercareLine);
    body.push(foldedSection('Before and after a massage', [bullets(lines)]));
    text.push(`Before and after: ${lines.join(' ')}`);
  }
  if (r.noMassage || r.techniques.length === 0) body.push(textBlock(r.evidence, { isSubtle: true, size: 'Small', spacing: 'Medium' }));
  text.push(r.evidence);

  const cardActions = actions.more.slice(0, 4).map((a) => submitAction(a.title, a.text, a.value));
  if (actions.bookingUrl) cardActions.push(openUrlAction('Book with a therapist', actions.bookingUrl));
  const plain = text.join('\n\n');
  return { attachment: adaptiveCard(body, cardActions, plain), text: plain };
}
