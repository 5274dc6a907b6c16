import { MUSCLE_IDS, type MuscleId } from '../knowledge/vocabulary';
import type { CompiledLexicon, MuscleCueData, PatternHit } from './lexicon';
import { wordPattern } from './lexicon';
import type { LexiconHits } from './features';
import { isOneSided } from './features';
import type { Scopes } from './negation';
import type { PreparedText } from './text';
import { tokenAt } from './text';
import type { MuscleMatch, SymptomFeatures } from './types';

/** Score a muscle needs before it is listed; one weak cue (e.g. "walking" alone) is not enough. */
export const MUSCLE_THRESHOLD = 2;
const NAMED_WEIGHT = 6;
/** Spread-to areas count less than where it hurts. */
const SPREAD_FACTOR = 0.5;

interface CompiledCue extends MuscleCueData {
  re: RegExp | null;
}

interface Tally {
  score: number;
  evidence: string[];
  reasons: string[];
}

/** Ranks muscles from direct names and the CLINICAL.md intake cues (weights and reasons are lexicon data). */
export class MuscleScorer {
  private readonly cues: CompiledCue[];
  /** Union of the cue patterns that need no body area: one test decides whether a message can score at all. */
  private readonly standalone: RegExp;

  constructor(lex: CompiledLexicon) {
    this.cues = lex.data.muscleCues.map((c) => ({ ...c, re: c.pattern ? wordPattern(c.pattern, '') : null }));
    const free = lex.data.muscleCues.filter((c) => c.pattern && !c.requires).map((c) => c.pattern as string);
    free.push(...Object.values(lex.data.aggravators).flat());
    this.standalone = wordPattern(free.join('|'), '');
  }

  /** Muscles scoring at least MUSCLE_THRESHOLD, best first; [] when nothing points anywhere. */
  score(
    text: PreparedText,
    hits: LexiconHits,
    features: SymptomFeatures,
    scopes: Scopes,
    names: Array<PatternHit<MuscleId>>,
    redFlagSpans: ReadonlyArray<readonly [number, number]> = [],
  ): MuscleMatch[] {
    if (names.length === 0 && hits.areas.length === 0 && !this.standalone.test(text.norm)) return [];
    // Words inside a red-flag phrase ("my bottom has gone numb") describe the emergency, not a muscle.
    const live = (h: { start: number }): boolean => {
      const ti = tokenAt(text.starts, h.start);
      if (scopes.negated[ti] || scopes.other[ti]) return false;
      return !redFlagSpans.some(([a, b]) => h.start >= a && h.start < b);
    };
    const tallies = new Map<MuscleId, Tally>();
    const add = (id: MuscleId, weight: number, evidence: string, reason: string): void => {
      const t = tallies.get(id) ?? { score: 0, evidence: [], reasons: [] };
      t.score += weight;
      if (!t.evidence.includes(evidence)) t.evidence.push(evidence);
      if (!t.reasons.includes(reason)) t.reasons.push(reason);
      tallies.set(id, t);
    };
    for (const n of names) if (live(n)) add(n.id, NAMED_WEIGHT, n.text, `the message names the ${n.id.replace('-', ' ')}`);

    const areaHits = hits.areas.map((a, i) => ({ ...a, spread: hits.spreadIdx.has(i) })).filter(live);
    const hasArea = (id: string): boolean => areaHits.some((a) => a.id === id);
    const anyArea = areaHits.length > 0 || names.length > 0;
    const oneSidedLowBack = hasArea('low-back') && isOneSided(text, features, areaHits.filter((a) => a.id === 'low-back' || a.id === 'waist'));

    for (const cue of this.cues) {
      if (cue.requires === 'any-area' && !anyArea) continue;
      if (cue.requires?.startsWith('area:') && !hasArea(cue.requires.slice(5))) continue;
      if (cue.requires?.startsWith('aggravator:') && !hits.aggravators.some((a) => a.id === cue.requires?.slice(11) && live(a))) continue;
      if (cue.requires?.startsWith('quality:') && !hits.qualities.some((q) => q.id === cue.requires?.slice(8) && live(q))) continue;
      if (cue.re) {
        const m = cue.re.exec(text.norm);
        if (m && live({ start: m.index })) add(cue.muscle, cue.weight, m[0], cue.reason);
        continue;
      }
      const [kind, value] = (cue.feature as string).split(':');
      if (kind === 'one-sided-low-back') {
        if (oneSidedLowBack) add(cue.muscle, cue.weight, areaHits.find((a) => a.id === 'low-back')?.text ?? 'low back', cue.reason);
      } else if (kind === 'area' || kind === 'spread') {
        const hit = areaHits.find((a) => a.id === value && (kind === 'area' || a.spread));
        if (hit) add(cue.muscle, kind === 'area' && hit.spread ? cue.weight * SPREAD_FACTOR : cue.weight, hit.text, cue.reason);
      } else if (kind === 'aggravator') {
        const hit = hits.aggravators.find((a) => a.id === value && live(a));
        if (hit) add(cue.muscle, cue.weight, hit.text, cue.reason);
      } else if (kind === 'quality') {
        const hit = hits.qualities.find((q) => q.id === value && live(q));
        if (hit) add(cue.muscle, cue.weight, hit.text, cue.reason);
      }
    }

    const out: MuscleMatch[] = [];
    for (const [id, t] of tallies) {
      if (t.score < MUSCLE_THRESHOLD) continue;
      out.push({ id, score: Math.round((1 - Math.exp(-t.score / 4)) * 1000) / 1000, evidence: t.evidence, reasons: t.reasons });
    }
    const raw = (id: MuscleId): number => tallies.get(id)?.score ?? 0;
    return out.sort((a, b) => raw(b.id) - raw(a.id) || MUSCLE_IDS.indexOf(a.id) - MUSCLE_IDS.indexOf(b.id));
  }
}
