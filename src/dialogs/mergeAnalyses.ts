import type { Analysis, Finding, MuscleMatch, SymptomFeatures } from '../nlp/types';

/**
 * Combine the analyses of several answers in one triage into one picture. Each answer is analysed on its
 * own (so a long first message can never push a later answer out of the matcher's length limit), then
 * merged: lists are united, a finding asserted anywhere wins over a denial, muscle scores combine as
 * independent evidence (noisy-or), red flags are united.
 */
export function mergeAnalyses(first: Analysis, ...rest: Analysis[]): Analysis {
  const all = [first, ...rest];
  const features = mergeFeatures(all.map((a) => a.features));
  const muscles = mergeMuscles(all.flatMap((a) => a.muscles));
  const redFlags = [...new Map(all.flatMap((a) => a.redFlags).map((f) => [f.id, f])).values()];
  return {
    ...first,
    muscles,
    techniques: unite(all.map((a) => a.techniques)),
    redFlags,
    negated: unite(all.map((a) => a.negated)),
    features,
    nerveRootPattern: all.some((a) => a.nerveRootPattern) || looksLikeNerveRoot(features),
  };
}

/** Below the knee with numbness, tingling or weakness, or worse on coughing or sneezing (CLINICAL.md). */
export function looksLikeNerveRoot(f: SymptomFeatures): boolean {
  const nerveSigns = f.numbness === true || f.tingling === true || f.weakness === true;
  return (f.belowKnee === true && nerveSigns) || f.aggravators.includes('coughing-sneezing');
}

function unite<T>(lists: readonly (readonly T[])[]): T[] {
  return [...new Set(lists.flat())];
}

function finding(values: readonly Finding[]): Finding {
  if (values.includes(true)) return true;
  if (values.includes(false)) return false;
  return null;
}

function mergeFeatures(list: readonly SymptomFeatures[]): SymptomFeatures {
  const sides = list.map((f) => f.side).filter((s) => s !== null);
  const durations = list.map((f) => f.duration).filter((d): d is string => d !== null);
  return {
    locations: unite(list.map((f) => f.locations)),
    spreadsTo: unite(list.map((f) => f.spreadsTo)),
    belowKnee: finding(list.map((f) => f.belowKnee)),
    aggravators: unite(list.map((f) => f.aggravators)),
    relievers: unite(list.map((f) => f.relievers)),
    quality: unite(list.map((f) => f.quality)),
    numbness: finding(list.map((f) => f.numbness)),
    tingling: finding(list.map((f) => f.tingling)),
    weakness: finding(list.map((f) => f.weakness)),
    side: sides.includes('both') ? 'both' : (sides[sides.length - 1] ?? null),
    duration: durations[0] ?? null,
  };
}

function mergeMuscles(matches: readonly MuscleMatch[]): MuscleMatch[] {
  const byId = new Map<MuscleMatch['id'], MuscleMatch>();
  for (const m of matches) {
    const seen = byId.get(m.id);
    if (!seen) {
      byId.set(m.id, { ...m, evidence: [...m.evidence], reasons: [...m.reasons] });
      continue;
    }
    seen.score = 1 - (1 - seen.score) * (1 - m.score);
    seen.evidence = unite([seen.evidence, m.evidence]);
    seen.reasons = unite([seen.reasons, m.reasons]);
  }
  return [...byId.values()].sort((a, b) => b.score - a.score);
}
