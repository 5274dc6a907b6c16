import type { ContraindicationId, Intent, MuscleId, RedFlagId, TechniqueId } from '../knowledge/vocabulary';

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

/** A contraindication the text states about the person (negated, hypothetical, someone else's: not listed). */
export interface ContraindicationMatch {
  id: ContraindicationId;
  /** The phrase in the text that stated it. */
  evidence: string;
}

/**
 * A command the whole message gives, read before any answer: cancel ("never mind", "no, cancel that"),
 * start-over, help, forget-me ("delete my data"), last-time ("what did you suggest last time?"),
 * decline ("no thanks", "that's all": wants nothing more).
 */
export type Command = 'cancel' | 'start-over' | 'help' | 'forget-me' | 'last-time' | 'decline';

/** How the message answers a closed question, whichever question is open. */
export interface AnswerReading {
  /** Plain yes or no ("yeah", "nope", "it does", "no it doesn't"); null when it is neither or unclear. */
  yesNo: 'yes' | 'no' | null;
  /** Answer to a "any of these?" screening list: "none of these", "yes, one of them", "not sure". */
  screening: 'none' | 'yes' | 'unsure' | null;
  /** "I already told you", "as I said": the person says the answer is already known. */
  alreadyTold: boolean;
  /**
   * Items picked by number from a numbered list the bot showed ("2", "1 and 3", "number 4", "the second one"), 1-based,
   * in the order typed. Absent when the whole answer is not a pick (a "2" inside "2 weeks ago" picks nothing).
   */
  picks?: number[];
  /** "Only that", "nothing else", "none of the others": nothing beyond what the answer names applies. Absent otherwise. */
  nothingElse?: true;
}

/**
 * A follow-up question the person asks about their own care (answered from their case, answer first):
 * - technique-safety: "can I have deep tissue?", "is cupping ok for me?" (techniques in `techniques`)
 * - pregnancy-massage: "can I get a massage while pregnant?", "what massage is safe in pregnancy?"
 * - frequency: "how often?"; heat-or-ice: "heat or ice?"; soreness-after: "sore the next day, normal?"
 * - compare: "deep tissue vs Swedish?"; worth-it: "is cupping worth it?", "does massage work?"
 */
export type FollowUpAsk =
  | 'technique-safety'
  | 'pregnancy-massage'
  | 'frequency'
  | 'heat-or-ice'
  | 'soreness-after'
  | 'compare'
  | 'worth-it';

/** Why the analysis says what it says: the concepts and the rule behind one output. */
export interface Explanation {
  /** What this explains. */
  kind: 'redFlag' | 'possibleRedFlag' | 'contraindication' | 'muscle' | 'intent' | 'command';
  /** The output's id (a red flag, contraindication, muscle, intent or command id). */
  id: string;
  /** The rule that produced it (its id in the data files). */
  rule: string;
  /** The concept mentions it was composed from, with the words that carried them. */
  concepts: Array<{ concept: string; text: string }>;
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
  /**
   * Muscles the text names outright ("the QL", "my glute med", "piriformus"), in the order named: unlike `muscles`,
   * nothing inferred from symptoms. Absent when the text names none.
   */
  namedMuscles?: MuscleId[];
  /** Red flags the text asserts about the person (negated, hypothetical, resolved-past and questions excluded). Every one asserted, not the first. */
  redFlags: RedFlagMatch[];
  /** Red flags the text hints at without asserting ("my leg feels a bit numb"): ask one pointed question. Never one that is in `redFlags`. */
  possibleRedFlags: RedFlagMatch[];
  /** Red flags the message asks about rather than reports ("what is the saddle area?", "is sciatica in both legs serious?"). */
  askedAboutRedFlags: RedFlagId[];
  /** Contraindications the text states about the person. */
  contraindications: ContraindicationMatch[];
  /** Contraindications the text explicitly denies ("I'm not pregnant", "no blood thinners"). */
  deniedContraindications: ContraindicationId[];
  /** A command the message gives (read before any answer), or null. */
  command: Command | null;
  /** How the message answers a closed question. */
  answer: AnswerReading;
  /** True when the message is phrased as a question. */
  isQuestion: boolean;
  /** A follow-up question about the person's own care, or null. */
  ask: FollowUpAsk | null;
  /** Which concepts and rules produced the flags, contraindications, muscles, intent and command. */
  explanations: Explanation[];
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
