import type { TurnContext } from 'botbuilder';
import type { Case } from '../triage/case';
import type { Advice } from '../triage/policy';
import { recommendationCard, type Recommendation } from './cards/recommendation';
import type { DialogDeps } from './deps';
import { cardMessage } from './messages';
import { fillPlaceholders } from './replies';
import { lastAssessmentAccessor } from './state';

/**
 * Show a recommendation the policy decided (src/triage/policy.ts), keep what it suggested on the case, and
 * save it as "last time". Used for the first recommendation and for every revision after a late fact.
 */
export async function sendAdvice(context: TurnContext, deps: DialogDeps, c: Case, advice: Advice, lead: string): Promise<void> {
  const { settings } = deps;
  const recommendation: Recommendation = { ...advice, warnings: advice.warnings.map((w) => fillPlaceholders(w, settings)) };
  const { attachment } = recommendationCard(recommendation, {
    more: advice.next.slice(3).map((n) => ({ title: n.title, text: n.title, value: { action: 'go', route: n.title } })),
    ...(settings.bookingUrl ? { bookingUrl: settings.bookingUrl } : {}),
  });
  // The card opens with the disclaimer and carries the details (its fallbackText has them all in plain
  // text for channels without cards), so the lead only introduces it: Web Chat and Teams show both.
  await context.sendActivity(cardMessage(lead, attachment));
  c.recommended = { techniques: advice.ids.techniques };
  await lastAssessmentAccessor(deps.userState).set(context, {
    date: new Date().toISOString(),
    muscles: advice.ids.muscles,
    techniques: advice.ids.techniques,
    excluded: advice.ids.excluded,
    summary: advice.summary,
  });
}
