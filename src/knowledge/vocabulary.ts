/**
 * The outside contract's vocabulary (shared/CONTRACT.md). These IDs are used unchanged in data files,
 * code, tests, logs and JSON output; display names live in the knowledge data, never here.
 */
export const INTENTS = [
  'symptom',
  'muscle_info',
  'technique_info',
  'aftercare',
  'greeting',
  'thanks',
  'help',
  'cancel',
  'out_of_scope',
] as const;
export type Intent = (typeof INTENTS)[number];

export const MUSCLE_IDS = ['piriformis', 'glutes', 'hamstrings', 'quadratus-lumborum', 'hip-flexors'] as const;
export type MuscleId = (typeof MUSCLE_IDS)[number];

export const TECHNIQUE_IDS = [
  'trigger-point',
  'deep-tissue',
  'myofascial-release',
  'swedish',
  'neuromuscular',
  'cupping',
] as const;
export type TechniqueId = (typeof TECHNIQUE_IDS)[number];

export const RED_FLAG_IDS = [
  'bilateral',
  'leg-weakness',
  'saddle-numbness',
  'bladder-bowel',
  'fever',
  'trauma',
  'cancer',
  'weight-loss',
] as const;
export type RedFlagId = (typeof RED_FLAG_IDS)[number];

/** Emergency flags mean possible cauda equina: emergency department or emergency number now. */
export const EMERGENCY_RED_FLAGS: readonly RedFlagId[] = ['bilateral', 'leg-weakness', 'saddle-numbness', 'bladder-bowel'];

/** Contraindication screening questions asked before deep pressure or cupping (CLINICAL.md). */
export const CONTRAINDICATION_IDS = [
  'blood-thinners',
  'blood-clot',
  'pregnancy',
  'cancer-history',
  'osteoporosis-fracture-surgery',
  'fever-unwell-skin',
  'diabetes-numbness',
] as const;
export type ContraindicationId = (typeof CONTRAINDICATION_IDS)[number];

/**
 * Follow-up questions about one's own care that are answered from facts in data/followUps.json. The language layer's
 * `FollowUpAsk` adds two answered by derived lookups: `technique-safety` and `compare`.
 */
export const FOLLOW_UP_TOPICS = ['frequency', 'heat-or-ice', 'soreness-after', 'pregnancy-massage', 'worth-it'] as const;
export type FollowUpTopic = (typeof FOLLOW_UP_TOPICS)[number];

export const isIntent = (v: unknown): v is Intent => (INTENTS as readonly unknown[]).includes(v);
export const isMuscleId = (v: unknown): v is MuscleId => (MUSCLE_IDS as readonly unknown[]).includes(v);
export const isTechniqueId = (v: unknown): v is TechniqueId => (TECHNIQUE_IDS as readonly unknown[]).includes(v);
export const isRedFlagId = (v: unknown): v is RedFlagId => (RED_FLAG_IDS as readonly unknown[]).includes(v);
