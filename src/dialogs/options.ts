import type { Intent, MuscleId, TechniqueId } from '../knowledge/vocabulary';

/**
 * What MainDialog hands a child dialog when it starts it. It lives in conversation state while the child
 * runs, so it holds IDs only, never the message itself.
 */
export interface ChildDialogOptions {
  /** What the starting message named, for the browse dialogs (absent when started from a button). */
  named?: NamedInMessage;
  /** A muscle already chosen (buttons such as "Stretches for Piriformis"). */
  muscle?: MuscleId;
  /** A technique already chosen ("About Cupping"). */
  technique?: TechniqueId;
}

/** Muscles and techniques a message points to, and the intent the matcher read. */
export interface NamedInMessage {
  intent: Intent;
  /** Muscles the text names outright (display name, ID or alias), in knowledge order. */
  muscles: MuscleId[];
  /** Muscles the matcher infers (typos included: "piriformus"), most likely first. */
  inferred: MuscleId[];
  /** Techniques the text names, by the matcher or by name. */
  techniques: TechniqueId[];
}

export const SYMPTOM_TRIAGE_DIALOG = 'symptomTriageDialog';
export const MUSCLE_INFO_DIALOG = 'muscleInfoDialog';
export const TECHNIQUE_INFO_DIALOG = 'techniqueInfoDialog';
export const AFTERCARE_DIALOG = 'aftercareDialog';
