import type { Intent, MuscleId, RedFlagId, TechniqueId } from '../knowledge/vocabulary';

/** Body areas the matcher recognises in free text (slang and typos normalised). */
export type BodyArea =
  | 'buttock'
  | 'sit-bone'
  | 'low-back'
  | 'waist'
  | 'hip-side'
  | 'hip-front'
  /** "hip" with no side or front given. */
  | 'hip'
  | 'groin'
  | 'thigh-back'
  | 'thigh-side'
  | 'thigh-front'
  | 'knee'
  | 'calf'
  | 'shin'
  | 'ankle'
  | 'foot';

/** What makes the pain worse, as recognised in free text. */
export type Aggravator =
  | 'sitting'
  | 'driving'
  | 'crossing-legs'
  | 'standing'
  | 'walking'
  | 'stairs'
  | 'running'
  | 'bending'
  | 'twisting'
  | 'lying-on-side'
  | 'rolling-in-bed'
  | 'standing-up-from-sitting'
  | 'lifting-knee'
  | 'coughing-sneezing';

export type PainQuality = 'deep-ache' | 'ache' | 'sharp' | 'shooting' | 'burning' | 'tight' | 'pulling' | 'stiff' | 'throbbing' | 'cramping';

/** true: asserted; false: explicitly denied ("no numbness"); null: not mentioned. */
export type Finding = boolean | null;

export interface SymptomFeatures {
  /** Where it hurts, in the order mentioned. */
  locations: BodyArea[];
  /** Where it spreads to ("shoots down to my calf"). */
  spreadsTo: BodyArea[];
  /** Whether it goes below the knee: true/false when the text says, null when it leaves it open. */
  belowKnee: Finding;
  aggravators: Aggravator[];
  /** Free-text phrases for what eases it ("better when I walk"), as written. */
  relievers: string[];
  quality: PainQuality[];
  numbness: Finding;
  tingling: Finding;
  weakness: Finding;
  side: 'left' | 'right' | 'both' | null;
  /** Duration as written ("3 weeks", "since yesterday"), or null. */
  duration: string | null;
}

/** One muscle the text points to, with the words that pointed there. */
export interface MuscleMatch {
  id: MuscleId;
  /** Relative strength in [0, 1]; matches are sorted by it, highest first. */
  score: number;
  /** Short phrases from the person's own text that pointed here ("sitting in the car", "bum"). */
  evidence: string[];
  /** Why those words point here, in plain words ("long sitting loads the piriformis"). */
  reasons: string[];
}

export interface RedFlagMatch {
  id: RedFlagId;
  /** The phrase in the text that asserted it. */
  evidence: string;
}

export interface IntentScore {
  intent: Intent;
  confidence: number;
}

/** Everything the matcher reads out of one message. Pure data: safe to log without the text. */
export interface Analysis {
  /** The input, normalised for display (trimmed, truncated to a safe length). */
  text: string;
  intent: Intent;
  /** Probability-like score of `intent`, in [0, 1]. */
  confidence: number;
  /** All intents, best first (for clarifying questions when confidence is low). */
  ranking: IntentScore[];
  /** Muscles named or likely involved, most likely first; empty when nothing points anywhere. */
  muscles: MuscleMatch[];
  /** Techniques the text names (aliases and typos included). */
  techniques: TechniqueId[];
  /** Red flags the text asserts (negated mentions excluded). */
  redFlags: RedFlagMatch[];
  /** Findings the text explicitly denies: red-flag ids and 'numbness' | 'tingling' | 'weakness'. */
  negated: string[];
  features: SymptomFeatures;
  /** True when the picture suggests nerve-root pain rather than a muscle (below knee + numbness/tingling/weakness, or worse on coughing). */
  nerveRootPattern: boolean;
}

/** The matcher: built once, then a pure function of the text. */
export interface Analyzer {
  analyze(text: string): Analysis;
}
