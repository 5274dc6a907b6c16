import type { MuscleId, TechniqueId } from '../knowledge/vocabulary';
import type { Analysis } from '../nlp/types';

/** What MainDialog hands a child dialog when it starts it. */
export interface ChildDialogOptions {
  /** The analysis of the message that started the dialog (absent when started from a button). */
  analysis?: Analysis;
  /** A muscle already chosen (buttons such as "Stretches for Piriformis"). */
  muscle?: MuscleId;
  /** A technique already chosen ("About Cupping"). */
  technique?: TechniqueId;
}

export const SYMPTOM_TRIAGE_DIALOG = 'symptomTriageDialog';
export const MUSCLE_INFO_DIALOG = 'muscleInfoDialog';
export const TECHNIQUE_INFO_DIALOG = 'techniqueInfoDialog';
export const AFTERCARE_DIALOG = 'aftercareDialog';
