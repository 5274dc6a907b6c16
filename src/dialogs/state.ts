import type { StatePropertyAccessor, UserState } from 'botbuilder';
import type { MuscleId, TechniqueId } from '../knowledge/vocabulary';

/** What the bot remembers about a person between conversations: only the last recommendation. */
export interface LastAssessment {
  /** ISO 8601 timestamp of the recommendation. */
  date: string;
  muscles: MuscleId[];
  techniques: TechniqueId[];
  excluded: TechniqueId[];
  /** One plain-text paragraph, display names only (no words the person typed). */
  summary: string;
}

/** The user-state property name that holds the last assessment. */
export const LAST_ASSESSMENT_PROPERTY = 'lastAssessment';

const accessors = new WeakMap<UserState, StatePropertyAccessor<LastAssessment>>();

/**
 * Accessor for the last assessment in user state (deleted by "forget me"), one per user state. Reading it
 * is what loads user state: turns that never call it neither read nor write the user's record.
 */
export function lastAssessmentAccessor(userState: UserState): StatePropertyAccessor<LastAssessment> {
  let accessor = accessors.get(userState);
  if (!accessor) {
    accessor = userState.createProperty<LastAssessment>(LAST_ASSESSMENT_PROPERTY);
    accessors.set(userState, accessor);
  }
  return accessor;
}
