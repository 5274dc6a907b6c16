import type { MuscleId } from '../knowledge/vocabulary';
import type { Aggravator, Analysis, BodyArea, Finding } from '../nlp/types';

/**
 * The symptom part of a person's case (./case.ts): IDs, feature flags and the few short
 * phrases the recommendation quotes back ("you said “sit”"), never the messages themselves. Each answer is
 * analysed on its own (so a long first message never pushes a later answer out of the matcher's length
 * limit) and folded in here: lists are united, a finding asserted anywhere wins over a denial, muscle scores
 * combine as independent evidence (noisy-or), red flags are united. Lives in conversation state, so it is
 * plain JSON and small: the caps below bound it whatever the person types.
 */
export interface Findings {
  /** Muscles that may be involved, in the order first seen (sort by score to rank). */
  muscles: Array<{
    id: MuscleId;
    score: number;
    /** Up to {@link MAX_EVIDENCE} of the person's own phrases (one outside the top {@link MAX_SHOWN_MUSCLES}), each at most {@link MAX_PHRASE_LENGTH} characters. */
    evidence: string[];
    /** Up to {@link MAX_REASONS} of the matcher's reasons (our text; one outside the top {@link MAX_SHOWN_MUSCLES}). */
    reasons: string[];
  }>;
  // Everything below is left out while empty or unknown: absent means "not said".
  locations?: BodyArea[];
  spreadsTo?: BodyArea[];
  aggravators?: Aggravator[];
  /** Whether it goes below the knee (true wins over false). */
  belowKnee?: boolean;
  numbness?: boolean;
  tingling?: boolean;
  weakness?: boolean;
  /** The matcher saw a nerve-root picture in some answer. */
  nerveRoot?: true;
}

/** Quotes kept per muscle: the recommendation shows three. */
export const MAX_EVIDENCE = 3;
/** Reasons kept per muscle: the recommendation shows two. */
export const MAX_REASONS = 2;
/** Muscles the recommendation shows at most; the others keep one quote and one reason. */
export const MAX_SHOWN_MUSCLES = 3;
/** Longest quote kept; longer phrases are cut with "…". */
export const MAX_PHRASE_LENGTH = 80;

/** The findings of one analysed message. */
export function findingsOf(analysis: Analysis): Findings {
  return addFindings(emptyFindings(), analysis);
}

/** Findings with nothing in them (nothing said yet). */
export function emptyFindings(): Findings {
  return { muscles: [] };
}

/** Fold one more analysed answer into the findings (mutates and returns `into`). */
export function addFindings(into: Findings, analysis: Analysis): Findings {
  const f = analysis.features;
  for (const m of analysis.muscles) {
    const seen = into.muscles.find((x) => x.id === m.id);
    if (!seen) {
      into.muscles.push({ id: m.id, score: round(m.score), evidence: capped(m.evidence.map(clip), MAX_EVIDENCE), reasons: capped(m.reasons, MAX_REASONS) });
      continue;
    }
    seen.score = round(1 - (1 - seen.score) * (1 - m.score));
    seen.evidence = capped([...seen.evidence, ...m.evidence.map(clip)], MAX_EVIDENCE);
    seen.reasons = capped([...seen.reasons, ...m.reasons], MAX_REASONS);
  }
  if (f.locations.length > 0) into.locations = unite(into.locations, f.locations);
  if (f.spreadsTo.length > 0) into.spreadsTo = unite(into.spreadsTo, f.spreadsTo);
  if (f.aggravators.length > 0) into.aggravators = unite(into.aggravators, f.aggravators);
  setFinding(into, 'belowKnee', f.belowKnee);
  setFinding(into, 'numbness', f.numbness);
  setFinding(into, 'tingling', f.tingling);
  setFinding(into, 'weakness', f.weakness);
  if (analysis.nerveRootPattern) into.nerveRoot = true;
  // Beyond the muscles the recommendation can show, one quote and one reason each are enough to go on.
  const shown = new Set(rankedMuscles(into).slice(0, MAX_SHOWN_MUSCLES).map((m) => m.id));
  for (const m of into.muscles) {
    if (shown.has(m.id)) continue;
    m.evidence = m.evidence.slice(0, 1);
    m.reasons = m.reasons.slice(0, 1);
  }
  return into;
}

/** Muscles ranked by combined score, highest first. */
export function rankedMuscles(findings: Findings): Findings['muscles'] {
  return [...findings.muscles].sort((a, b) => b.score - a.score);
}

/** Nerve-root picture: the matcher said so, or the findings add up to one (CLINICAL.md). */
export function isNerveRoot(findings: Findings): boolean {
  return findings.nerveRoot === true || looksLikeNerveRoot(findings);
}

/** Below the knee with numbness, tingling or weakness, or worse on coughing or sneezing (CLINICAL.md). */
export function looksLikeNerveRoot(f: {
  belowKnee?: Finding | undefined;
  numbness?: Finding | undefined;
  tingling?: Finding | undefined;
  weakness?: Finding | undefined;
  aggravators?: readonly Aggravator[] | undefined;
}): boolean {
  const nerveSigns = f.numbness === true || f.tingling === true || f.weakness === true;
  return (f.belowKnee === true && nerveSigns) || (f.aggravators ?? []).includes('coughing-sneezing');
}

/** Three decimals are plenty to rank by, and keep the stored case short. */
function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}

/** One line, at most {@link MAX_PHRASE_LENGTH} characters (quotes kept in state). */
export function clip(phrase: string): string {
  const oneLine = phrase.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_PHRASE_LENGTH ? `${oneLine.slice(0, MAX_PHRASE_LENGTH - 1)}…` : oneLine;
}

function capped<T>(list: readonly T[], max: number): T[] {
  return [...new Set(list)].slice(0, max);
}

export function unite<T>(a: readonly T[] | undefined, b: readonly T[]): T[] {
  return [...new Set([...(a ?? []), ...b])];
}

type FindingKey = 'belowKnee' | 'numbness' | 'tingling' | 'weakness';

/** Asserted anywhere wins over denied; not mentioned leaves it as it was. */
function setFinding(into: Findings, key: FindingKey, value: Finding): void {
  if (value === true || (value === false && into[key] === undefined)) into[key] = value;
}
