import type { ContraindicationId, MuscleId, RedFlagId, TechniqueId } from './vocabulary';

/**
 * The public shape of the knowledge module. The Zod schemas in ./schema.ts parse the data files into
 * exactly these types; dialogs, cards and the matcher depend on these, never on the raw files.
 */

/** A named public source (CLINICAL.md or the seed article). Every clinical statement carries one. */
export type SourceRef = string;

export interface Muscle {
  id: MuscleId;
  name: string; // "Piriformis", "Quadratus lumborum (QL)"
  aliases: string[]; // lay and professional names: "QL", "psoas", "glute med"
  location: string; // where it is, plain words
  sciaticLink: string; // how it can affect the sciatic nerve
  feelsLike: string[]; // what people commonly feel (intake cues, "may be involved" language)
  intakeCues: string[]; // short cue phrases from CLINICAL.md's intake table
  source: SourceRef[];
}

export interface Technique {
  id: TechniqueId;
  name: string; // "Trigger point therapy"
  aliases: string[]; // "NMT", "sports massage", "fire cupping"...
  what: string; // what it is
  does: string; // what it does / why it may help
  suits: MuscleId[]; // muscles it suits
  suitsWhy: Partial<Record<MuscleId, string>>; // why it suits a given muscle
  sessionFeel: string; // what a session feels like
  afterwards: string; // what to expect after
  pressure: 'light' | 'moderate' | 'deep'; // deep ones need contraindication screening
  avoidIf: string[]; // who should avoid it, plain words
  evidenceNote?: string; // e.g. cupping: low-quality evidence (NCCIH)
  source: SourceRef[];
}

export interface Stretch {
  id: string; // "piriformis-figure-four"
  muscle: MuscleId;
  name: string;
  steps: string[]; // layperson-safe, step by step
  hold: string; // "hold 20-30 seconds, 2-3 times each side"
  cautions: string[];
  source: SourceRef[];
}

export interface AftercareTip {
  id: string; // "heat-before", "stretch-after", "soreness", ...
  when: 'before' | 'after' | 'general';
  title: string;
  text: string;
  cautions: string[];
  /** Muscles or techniques this tip applies to; empty means everyone. */
  muscles: MuscleId[];
  techniques: TechniqueId[];
  source: SourceRef[];
}

export interface RedFlag {
  id: RedFlagId;
  level: 'emergency' | 'urgent'; // emergency: A&E / emergency number now; urgent: same-day clinician
  question: string; // how the bot asks about it, plain words
  meaning: string; // what counts (CLINICAL.md)
  advice: string; // what to do; may contain {emergencyNumber}
  source: SourceRef[];
}

export interface Contraindication {
  id: ContraindicationId;
  question: string; // screening question, plain words
  label: string; // short choice label
  /** Techniques to leave out when the answer is yes. */
  excludes: TechniqueId[];
  advice: string; // what to tell the person when yes
  source: SourceRef[];
}

export interface Framing {
  disclaimer: string; // information only, not diagnosis (first contact + beside every recommendation)
  evidence: string; // massage low-quality evidence, heat moderate (ACP 2017); massage best with exercise (NICE NG59)
  nerveRoot: string; // nerve-root picture: see a clinician, gentle massage only
  source: SourceRef[];
}

/** A technique suggested for a set of muscles, with the reason in plain words. */
export interface TechniqueSuggestion {
  technique: Technique;
  forMuscles: MuscleId[];
  reason: string;
}

/** Read-only lookups over the validated knowledge. */
export interface KnowledgeBase {
  readonly muscles: readonly Muscle[];
  readonly techniques: readonly Technique[];
  readonly stretches: readonly Stretch[];
  readonly aftercare: readonly AftercareTip[];
  readonly redFlags: readonly RedFlag[];
  readonly contraindications: readonly Contraindication[];
  readonly framing: Framing;
  muscle(id: MuscleId): Muscle;
  technique(id: TechniqueId): Technique;
  redFlag(id: RedFlagId): RedFlag;
  /** Techniques that target these muscles, best first, each with why; excluded ones left out. */
  techniquesFor(muscles: readonly MuscleId[], exclude?: readonly TechniqueId[]): TechniqueSuggestion[];
  /** Aftercare tips relevant to these muscles and techniques (general tips always included). */
  aftercareFor(muscles: readonly MuscleId[], techniques: readonly TechniqueId[]): AftercareTip[];
  stretchesFor(muscle: MuscleId): Stretch[];
  /** Contraindications that rule out this technique. */
  contraindicationsFor(technique: TechniqueId): Contraindication[];
  /** Techniques to leave out given the contraindications the person answered yes to. */
  excludedTechniques(yes: readonly ContraindicationId[]): TechniqueId[];
  /** Techniques whose pressure needs contraindication screening first (deep tissue, trigger point, neuromuscular, cupping). */
  needsScreening(technique: TechniqueId): boolean;
}
