import type { TechniqueId } from '../knowledge/vocabulary';
import type { PatternHit } from './lexicon';

/** Techniques the text names (aliases and typos included: "NMT", "cuping", "MFR"), in order of first mention. */
export function findTechniques(hits: ReadonlyArray<PatternHit<TechniqueId>>): TechniqueId[] {
  const ids: TechniqueId[] = [];
  for (const h of hits) if (!ids.includes(h.id)) ids.push(h.id);
  return ids;
}
