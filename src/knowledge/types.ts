import type { ContraindicationId, FollowUpTopic, MuscleId, RedFlagId, TechniqueId } from './vocabulary';

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
  /** How a sentence names it after "you told me about" ("your pregnancy"), when the label lower-cased does not read well. */
  mention?: string;
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

/** What one follow-up answer is built from: the direct answer first, then detail and cautions (data/followUps.json). */
export interface FollowUpFacts {
  /** The general direct answer, one sentence; the dialogs put the person's own case before or into it. */
  answer: string;
  /** Detail after the answer. */
  points: string[];
  /** When to stop or check in with a clinician. */
  cautions: string[];
  /** Aftercare tips (ids in aftercare.json) that go with this answer. */
  tips: string[];
  source: SourceRef[];
}

/** Soreness after a massage: the facts, plus how long it typically lasts. */
export interface SorenessFacts extends FollowUpFacts {
  /** Days that soreness after deep work commonly lasts (CLINICAL.md: "a day or two"). */
  typicalDays: number;
}

export type EvidenceSubject = 'massage' | 'cupping' | 'heat';

/** How good the evidence is for a treatment (ACP 2017, NCCIH). */
export interface EvidenceNote {
  subject: EvidenceSubject;
  level: 'low' | 'moderate';
  text: string;
  source: SourceRef[];
}

/** data/followUps.json: the facts per follow-up topic and the evidence levels. */
export interface FollowUps {
  topics: {
    frequency: FollowUpFacts;
    'heat-or-ice': FollowUpFacts;
    'soreness-after': SorenessFacts;
    'pregnancy-massage': FollowUpFacts;
    'worth-it': FollowUpFacts;
  };
  evidence: EvidenceNote[];
}

/** What the person has told about contraindications, for a personal safety answer. */
export interface ScreeningState {
  /** Contraindications the person has (answered yes, or said in passing). */
  yes: readonly ContraindicationId[];
  /** True once the person has answered the whole screening (so no "yes" means none). */
  screened: boolean;
}

/**
 * Whether a technique is safe for this person, and why (CLINICAL.md):
 * - `avoid`: one of their contraindications rules it out (`ruledOutBy`);
 * - `screen-first`: not screened yet, and it needs screening before it is suggested (deep pressure, cupping);
 * - `clinician-first`: nothing rules it out, but they have a contraindication: gentle work only if their clinician agrees;
 * - `ok`: nothing known against it (for a technique that needs no screening, `wouldBeRuledOutBy` still says when not).
 */
export interface TechniqueSafety {
  technique: TechniqueId;
  verdict: 'avoid' | 'screen-first' | 'clinician-first' | 'ok';
  /** The person's contraindications that rule it out. */
  ruledOutBy: Contraindication[];
  /** Every contraindication that would rule it out (the questions to ask, or the "unless" to say). */
  wouldBeRuledOutBy: Contraindication[];
  /** Other techniques none of the person's contraindications rule out, in data order. */
  alternatives: TechniqueId[];
  /** True when one of their contraindications rules out every technique (a clot until cleared; fever, unwell, skin). */
  noMassage: boolean;
}

/** One side of a technique comparison: what sets it apart from the other. */
export interface ComparisonSide {
  technique: Technique;
  /** Muscles this one suits and the other does not. */
  onlySuits: MuscleId[];
  /** Contraindications that rule out this one but not the other (e.g. blood thinners: deep tissue, not Swedish). */
  onlyRuledOutBy: ContraindicationId[];
  needsScreening: boolean;
  evidence: EvidenceNote;
}

/** Two techniques side by side (derived from techniques.json and contraindications.json). */
export interface TechniqueComparison {
  sides: readonly [ComparisonSide, ComparisonSide];
  /** The one with lighter pressure, or null when both press alike. */
  lighter: TechniqueId | null;
  /** Muscles both suit. */
  bothSuit: MuscleId[];
}

/** Massage in pregnancy: the facts, and which techniques the pregnancy contraindication leaves out or open. */
export interface PregnancyMassage {
  facts: FollowUpFacts;
  contraindication: Contraindication;
  excluded: TechniqueId[];
  /** Techniques it leaves open: only with the provider's agreement. */
  gentle: TechniqueId[];
}

/** Soreness after a massage, for the techniques the person had. */
export interface SorenessAfter {
  facts: SorenessFacts;
  /** The aftercare tips for those techniques (soreness after deep work, marks after cupping); all of them when none is given. */
  tips: AftercareTip[];
  /** True when soreness or marks are common after at least one of those techniques. */
  common: boolean;
}

/** Whether massage (or one technique) is worth it: the facts and the evidence level. */
export interface WorthIt {
  facts: FollowUpFacts;
  evidence: EvidenceNote;
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

  // Follow-up answers ("can I have deep tissue?", "how often?", "heat or ice?" ...): facts and personal lookups.
  readonly followUps: FollowUps;
  /** The facts for a follow-up question answered from data (frequency, heat or ice, soreness, pregnancy, worth it). */
  followUp(topic: FollowUpTopic): FollowUpFacts;
  /** "Can I have deep tissue?" for this person: the verdict, what rules it out, and what is still open. */
  techniqueSafety(technique: TechniqueId, person: ScreeningState): TechniqueSafety;
  /** "Deep tissue vs Swedish?": pressure, what each suits, who should avoid which, and the evidence for each. */
  compareTechniques(a: TechniqueId, b: TechniqueId): TechniqueComparison;
  /** The evidence for a technique (cupping has its own; the others are massage), for massage in general, or for heat. */
  evidenceFor(subject: TechniqueId | EvidenceSubject): EvidenceNote;
  /** "Can I have a massage while pregnant?" */
  pregnancyMassage(): PregnancyMassage;
  /** "Sore the day after, normal?", for the techniques the person had (none given: in general). */
  sorenessAfter(techniques: readonly TechniqueId[]): SorenessAfter;
  /** "Is cupping worth it?", "does massage work?": the facts and the evidence for the technique or massage in general. */
  worthIt(technique?: TechniqueId): WorthIt;
}
