import type { ParsedKnowledge } from './schema';
import type {
  AftercareTip,
  ComparisonSide,
  Contraindication,
  EvidenceNote,
  EvidenceSubject,
  KnowledgeBase,
  PregnancyMassage,
  ScreeningState,
  SorenessAfter,
  Technique,
  TechniqueComparison,
  TechniqueSafety,
  WorthIt,
} from './types';
import { FOLLOW_UP_TOPICS, type FollowUpTopic, type TechniqueId } from './vocabulary';

/**
 * Knowledge for follow-up answers ("can I still have deep tissue?", "deep tissue vs Swedish?", "heat or ice?"):
 * the facts in data/followUps.json, and lookups derived from the techniques and contraindications, so a safety or
 * comparison answer can never disagree with the screening the triage uses.
 */

const EVIDENCE_SUBJECTS: readonly EvidenceSubject[] = ['massage', 'cupping', 'heat'];
const PRESSURE_ORDER: Record<Technique['pressure'], number> = { light: 0, moderate: 1, deep: 2 };

/** Cross-checks for followUps.json: every tip resolves, every evidence subject once. */
export function checkFollowUps(data: ParsedKnowledge): string[] {
  const problems: string[] = [];
  const tipIds = new Set(data.aftercare.map((t) => t.id));
  for (const topic of FOLLOW_UP_TOPICS) {
    for (const tip of data.followUps.topics[topic].tips) {
      if (!tipIds.has(tip)) problems.push(`followUps.json, topic "${topic}": unknown aftercare tip "${tip}"`);
    }
  }
  for (const subject of EVIDENCE_SUBJECTS) {
    const count = data.followUps.evidence.filter((e) => e.subject === subject).length;
    if (count !== 1) problems.push(`followUps.json: evidence for "${subject}" must appear once, found ${count}`);
  }
  return problems;
}

/** What the follow-up lookups need from the rest of the knowledge base. */
type Base = Pick<KnowledgeBase, 'technique' | 'contraindicationsFor' | 'excludedTechniques' | 'needsScreening'>;

/** The lookups this module adds to the knowledge base. */
export type FollowUpLookups = Pick<
  KnowledgeBase,
  'followUps' | 'followUp' | 'techniqueSafety' | 'compareTechniques' | 'evidenceFor' | 'pregnancyMassage' | 'sorenessAfter' | 'worthIt'
>;

/** The follow-up lookups over parsed, cross-checked data. */
export function followUpLookups(data: ParsedKnowledge, base: Base): FollowUpLookups {
  const { followUps } = data;
  const contraindication = (id: Contraindication['id']): Contraindication => data.contraindications.find((c) => c.id === id) as Contraindication;
  const tip = (id: string): AftercareTip => data.aftercare.find((t) => t.id === id) as AftercareTip;
  const ALL = data.techniques.map((t) => t.id);

  const evidenceFor = (subject: TechniqueId | EvidenceSubject): EvidenceNote => {
    const wanted: EvidenceSubject = (EVIDENCE_SUBJECTS as readonly string[]).includes(subject) ? (subject as EvidenceSubject) : 'massage';
    return followUps.evidence.find((e) => e.subject === wanted) as EvidenceNote;
  };

  const techniqueSafety = (technique: TechniqueId, person: ScreeningState): TechniqueSafety => {
    base.technique(technique); // unknown ids fail loudly, as in every lookup
    const wouldBeRuledOutBy = base.contraindicationsFor(technique);
    const ruledOutBy = wouldBeRuledOutBy.filter((c) => person.yes.includes(c.id));
    const excluded = base.excludedTechniques(person.yes);
    let verdict: TechniqueSafety['verdict'] = 'ok';
    if (ruledOutBy.length > 0) verdict = 'avoid';
    else if (!person.screened && base.needsScreening(technique)) verdict = 'screen-first';
    else if (person.yes.length > 0) verdict = 'clinician-first';
    return {
      technique,
      verdict,
      ruledOutBy,
      wouldBeRuledOutBy,
      alternatives: ALL.filter((t) => t !== technique && !excluded.includes(t)),
      noMassage: excluded.length === ALL.length,
    };
  };

  const side = (self: Technique, other: Technique): ComparisonSide => {
    const otherRuledOutBy = new Set(base.contraindicationsFor(other.id).map((c) => c.id));
    return {
      technique: self,
      onlySuits: self.suits.filter((m) => !other.suits.includes(m)),
      onlyRuledOutBy: base.contraindicationsFor(self.id).map((c) => c.id).filter((c) => !otherRuledOutBy.has(c)),
      needsScreening: base.needsScreening(self.id),
      evidence: evidenceFor(self.id),
    };
  };

  return {
    followUps,
    followUp: (topic: FollowUpTopic) => followUps.topics[topic],
    techniqueSafety,
    evidenceFor,

    compareTechniques(a, b): TechniqueComparison {
      const first = base.technique(a);
      const second = base.technique(b);
      const order = PRESSURE_ORDER[first.pressure] - PRESSURE_ORDER[second.pressure];
      return {
        sides: [side(first, second), side(second, first)],
        lighter: order < 0 ? a : order > 0 ? b : null,
        bothSuit: first.suits.filter((m) => second.suits.includes(m)),
      };
    },

    pregnancyMassage(): PregnancyMassage {
      const pregnancy = contraindication('pregnancy');
      return {
        facts: followUps.topics['pregnancy-massage'],
        contraindication: pregnancy,
        excluded: ALL.filter((t) => pregnancy.excludes.includes(t)),
        gentle: ALL.filter((t) => !pregnancy.excludes.includes(t)),
      };
    },

    sorenessAfter(techniques): SorenessAfter {
      const facts = followUps.topics['soreness-after'];
      const all = facts.tips.map(tip);
      const relevant = all.filter((t) => t.techniques.some((id) => techniques.includes(id)));
      return { facts, tips: techniques.length === 0 ? all : relevant, common: techniques.length === 0 || relevant.length > 0 };
    },

    worthIt(technique): WorthIt {
      return { facts: followUps.topics['worth-it'], evidence: evidenceFor(technique ?? 'massage') };
    },
  };
}
