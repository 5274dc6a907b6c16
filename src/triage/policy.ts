import type { AftercareTip, KnowledgeBase } from '../knowledge/types';
import { CONTRAINDICATION_IDS, TECHNIQUE_IDS, type ContraindicationId, type MuscleId, type RedFlagId, type TechniqueId } from '../knowledge/vocabulary';
import { unansweredPossibleRedFlags, type Case, type RecommendedIds } from './case';
import { isNerveRoot, rankedMuscles } from './findings';

/**
 * The clinical policy, as pure functions of a person's case and the knowledge: what to ask next and what
 * to recommend. The dialogs ask, show and store; every clinical decision is made here (CLINICAL.md).
 */

/** What the triage does next. */
export type Next =
  /** A possible red flag was hinted at: one pointed question about it, before anything else. */
  | { kind: 'possible-red-flag'; flag: RedFlagId }
  /** A red flag is on the case: urgent advice, no massage advice. */
  | { kind: 'red-flag'; flags: RedFlagId[] }
  /** "Not sure" at the list of red flags, or about a possible one: see a clinician today, before any massage. */
  | { kind: 'unsure-red-flag' }
  | { kind: 'ask'; question: Question }
  | { kind: 'recommend' };

/** The triage's questions, in the order they are asked. */
export type Question = 'description' | 'red-flag-screen' | 'which-red-flag' | 'where' | 'spread' | 'worse' | 'contra-screen' | 'other-contra' | 'which-contra';

const LOWER_LEG = ['calf', 'shin', 'ankle', 'foot'];

/**
 * The next thing to ask, or what to do. Red flags come first, then the explicit red-flag screen (people may
 * not mention them unless asked), then only the intake questions the case leaves open, then the
 * contraindication screen (only about what is not yet known), then the recommendation.
 */
export function nextQuestion(c: Case): Next {
  const possible = unansweredPossibleRedFlags(c)[0];
  if (possible) return { kind: 'possible-red-flag', flag: possible };
  if (c.redFlags && c.redFlags.length > 0) return { kind: 'red-flag', flags: c.redFlags.map((f) => f.id) };
  if (c.possibleRedFlags?.some((p) => p.answer === 'unsure')) return { kind: 'unsure-red-flag' };
  const s = c.symptoms;
  const asked = new Set(c.asked ?? []);
  const described = s.locations !== undefined || s.spreadsTo !== undefined || s.aggravators !== undefined || s.muscles.length > 0;
  if (!described && !asked.has('description')) return ask('description');
  if (c.redFlagScreen === undefined) return ask('red-flag-screen');
  if (c.redFlagScreen === 'pending') return ask('which-red-flag');
  if (c.redFlagScreen === 'unsure') return { kind: 'unsure-red-flag' };
  if (!asked.has('where') && !s.locations && !s.spreadsTo && !(c.namedMuscles && c.namedMuscles.length > 0)) return ask('where');
  if (!asked.has('spread') && s.belowKnee === undefined && !s.spreadsTo?.some((a) => LOWER_LEG.includes(a))) return ask('spread');
  if (!asked.has('worse') && !s.aggravators) return ask('worse');
  if (c.contraScreen === undefined && unknownContraindications(c).length > 0) return ask('contra-screen');
  if (screenLeftOpen(c).length > 0) return ask('other-contra');
  if (c.contraScreen === 'pending') return ask('which-contra');
  return { kind: 'recommend' };
}

/**
 * Why no massage advice may be given now, whatever is asked: a red flag on the case, or "not sure" about the
 * red flags (the list, or the pointed question about one), which was answered "see a doctor today first".
 * Undefined when nothing stands in the way.
 */
export function doctorFirst(c: Case): 'red-flag' | 'unsure' | undefined {
  if (c.redFlags && c.redFlags.length > 0) return 'red-flag';
  if (c.redFlagScreen === 'unsure' || c.possibleRedFlags?.some((p) => p.answer === 'unsure')) return 'unsure';
  return undefined;
}

function ask(question: Question): Next {
  return { kind: 'ask', question };
}

/** Contraindications neither stated nor denied: the only ones the screen asks about. */
export function unknownContraindications(c: Case): ContraindicationId[] {
  if (c.contraScreen === 'none') return [];
  const known = new Set([...(c.contraindications ?? []), ...(c.deniedContraindications ?? [])]);
  return CONTRAINDICATION_IDS.filter((id) => !known.has(id));
}

/**
 * The screen's items still open after a typed answer that named some and did not say nothing else applies
 * ("I'm on aspirin daily"): another item could change the advice completely (a clot: no massage at all), so
 * they are asked about once more. Empty when the screen's answer is complete (ticked from the whole list,
 * "none", "only that") or nothing is left open (all stated or denied).
 */
export function screenLeftOpen(c: Case): ContraindicationId[] {
  return c.contraScreen === 'some' ? unknownContraindications(c) : [];
}

/** A recommendation, decided: what the card shows and what is saved. Knowledge texts may hold `{emergencyNumber}`. */
export interface Advice {
  muscles: Array<{ id: MuscleId; name: string; evidence: string[]; reasons: string[]; sciaticLink: string }>;
  techniques: Array<{ id: TechniqueId; name: string; reason: string }>;
  /** Techniques left out for this person, and why (plain words). */
  avoid: Array<{ id: TechniqueId; name: string; why: string }>;
  /** Nerve-root and contraindication advice to show first. */
  warnings: string[];
  /** The techniques are offered only "if your clinician agrees". */
  conditional: boolean;
  /** No massage at all for now (a possible clot, or everything left out). */
  noMassage: boolean;
  aftercare: AftercareTip[];
  disclaimer: string;
  evidence: string;
  /** One paragraph, display names only: what "what did you suggest last time?" shows. */
  summary: string;
  /** Next steps to offer, best first. */
  next: NextStep[];
  /** IDs of what was suggested and left out. */
  ids: RecommendedIds & { muscles: MuscleId[]; excluded: TechniqueId[] };
}

/** A next step after a recommendation: a typed action, shown with a title. */
export type NextStep =
  | { kind: 'stretches'; muscle: MuscleId; title: string }
  | { kind: 'muscle'; muscle: MuscleId; title: string }
  | { kind: 'technique'; technique: TechniqueId; title: string }
  | { kind: 'check-another'; title: string };

/**
 * What to recommend for this case: muscles that may be involved (with the person's words), techniques that
 * target them, what to leave out and why (contraindications, "not sure" answers, a nerve-root picture),
 * warnings, aftercare and framing. Never call it with a red flag on the case ({@link nextQuestion} says so).
 */
export function recommend(c: Case, knowledge: KnowledgeBase): Advice {
  const ranked = rankedMuscles(c.symptoms);
  const top = ranked[0]?.score ?? 0;
  const matches = ranked.filter((m) => m.score >= top * 0.5).slice(0, 3);
  const plan = planFor(knowledge, matches.map((m) => m.id), isNerveRoot(c.symptoms), c.contraindications ?? [], c.contraScreen === 'unsure');
  return {
    ...plan,
    muscles: matches.map((m) => ({ id: m.id, name: knowledge.muscle(m.id).name, evidence: m.evidence, reasons: m.reasons, sciaticLink: knowledge.muscle(m.id).sciaticLink })),
  };
}

/** Everything in a recommendation but the person's own words: it depends only on these inputs, so it is worked out once per combination. */
type Plan = Omit<Advice, 'muscles'>;
const plans = new WeakMap<KnowledgeBase, Map<string, Plan>>();
/** Plans kept per knowledge base at most (each is a few KB); the memo starts afresh when full. */
const MAX_PLANS = 256;

function planFor(knowledge: KnowledgeBase, muscleIds: MuscleId[], nerveRoot: boolean, contraindications: readonly ContraindicationId[], contraUnsure: boolean): Plan {
  let memo = plans.get(knowledge);
  if (!memo) plans.set(knowledge, (memo = new Map()));
  const key = `${muscleIds.join(',')}|${nerveRoot ? 1 : 0}|${[...contraindications].sort().join(',')}|${contraUnsure ? 1 : 0}`;
  let plan = memo.get(key);
  if (!plan) {
    if (memo.size >= MAX_PLANS) memo.clear();
    plan = deepFreeze(buildPlan(knowledge, muscleIds, nerveRoot, contraindications, contraUnsure));
    memo.set(key, plan);
  }
  return plan;
}

function buildPlan(knowledge: KnowledgeBase, muscleIds: MuscleId[], nerveRoot: boolean, contraindications: readonly ContraindicationId[], contraUnsure: boolean): Plan {
  const screened = TECHNIQUE_IDS.filter((t) => knowledge.needsScreening(t));
  const why = new Map<TechniqueId, string[]>();
  const leaveOut = (t: TechniqueId, reason: string): void => {
    why.set(t, [...(why.get(t) ?? []), reason]);
  };
  const stated = knowledge.contraindications.filter((x) => contraindications.includes(x.id));
  for (const x of stated) for (const t of x.excludes) leaveOut(t, x.label.toLowerCase());
  if (contraUnsure) for (const t of screened) leaveOut(t, 'not sure about the health questions');
  if (nerveRoot) for (const t of screened) leaveOut(t, 'possible nerve-root symptoms: gentle massage only');
  const excluded = [...why.keys()];

  const all = knowledge.techniquesFor(muscleIds);
  const suggestions = knowledge.techniquesFor(muscleIds, excluded).slice(0, 4);
  const noMassage = muscleIds.length > 0 && suggestions.length === 0 && all.length > 0;
  const avoid = all
    .filter((s) => why.has(s.technique.id))
    .map((s) => ({ id: s.technique.id, name: s.technique.name, why: `left out because of what you told me (${[...new Set(why.get(s.technique.id))].join('; ')}).` }));

  const warnings: string[] = [];
  if (nerveRoot) warnings.push(knowledge.framing.nerveRoot);
  for (const x of stated) warnings.push(x.advice);
  if (contraUnsure) {
    warnings.push("You weren't sure about some of the health questions, so I've left out firm pressure and cupping. Please check with your clinician before any massage.");
  }
  const conditional = nerveRoot || contraindications.length > 0 || contraUnsure;
  const shown = suggestions.map((s) => s.technique.id);

  const summary = [
    muscleIds.length > 0 ? `Muscles that may be involved: ${muscleIds.map((id) => knowledge.muscle(id).name).join(', ')}.` : 'I could not tell which muscles may be involved.',
    noMassage
      ? 'No massage for now, until a clinician has checked you.'
      : shown.length > 0
        ? `${conditional ? 'Gentle options, only if your clinician agrees' : 'Techniques that target them'}: ${shown.map((id) => knowledge.technique(id).name).join(', ')}.`
        : '',
    avoid.length > 0 ? `Left out for you: ${avoid.map((a) => a.name).join(', ')}.` : '',
    nerveRoot ? 'Please see a clinician about the nerve symptoms.' : '',
  ]
    .filter((l) => l !== '')
    .join(' ');

  return {
    techniques: suggestions.map((s) => ({ id: s.technique.id, name: s.technique.name, reason: s.reason })),
    avoid,
    warnings,
    conditional,
    noMassage,
    aftercare: noMassage ? [] : knowledge.aftercareFor(muscleIds, shown),
    disclaimer: knowledge.framing.disclaimer,
    evidence: knowledge.framing.evidence,
    summary,
    next: nextSteps(knowledge, muscleIds, shown, noMassage),
    ids: { muscles: muscleIds, techniques: shown, excluded },
  };
}

/** Freezes what a plan built and never the knowledge's own objects it points to (aftercare tips): shared plans must not change. */
function deepFreeze<T extends Plan>(plan: T): T {
  for (const list of [plan.techniques, plan.avoid, plan.next]) list.forEach((item) => Object.freeze(item));
  for (const list of [plan.techniques, plan.avoid, plan.warnings, plan.aftercare, plan.next, plan.ids.muscles, plan.ids.techniques, plan.ids.excluded]) Object.freeze(list);
  Object.freeze(plan.ids);
  return Object.freeze(plan);
}

/** Stretches for the first muscle, the first technique (or muscle), another pain, then the rest. */
function nextSteps(knowledge: KnowledgeBase, muscleIds: readonly MuscleId[], shown: readonly TechniqueId[], noMassage: boolean): NextStep[] {
  const short = (name: string): string => name.replace(/\s*\([^)]*\)\s*$/, '').trim() || name;
  const stretches = (id: MuscleId): NextStep => ({ kind: 'stretches', muscle: id, title: `Stretches for ${short(knowledge.muscle(id).name)}` });
  const technique = (id: TechniqueId): NextStep => ({ kind: 'technique', technique: id, title: `About ${short(knowledge.technique(id).name)}` });
  const canStretch = (id: MuscleId): boolean => !noMassage && knowledge.stretchesFor(id).length > 0;
  const next: NextStep[] = [];
  const [firstMuscle, ...otherMuscles] = muscleIds;
  if (firstMuscle && canStretch(firstMuscle)) next.push(stretches(firstMuscle));
  if (shown[0]) next.push(technique(shown[0]));
  else if (firstMuscle) next.push({ kind: 'muscle', muscle: firstMuscle, title: `About ${short(knowledge.muscle(firstMuscle).name)}` });
  next.push({ kind: 'check-another', title: 'Check another pain' });
  for (const id of otherMuscles) if (canStretch(id)) next.push(stretches(id));
  for (const id of shown.slice(1, 3)) next.push(technique(id));
  return next;
}

/**
 * What changed between an earlier recommendation and a revised one, in one sentence for the
 * acknowledgement ("Because you told me about blood thinners or a bleeding problem, leave out deep tissue
 * massage and cupping."), or undefined when nothing that was suggested is now left out.
 */
export function revisionNote(before: RecommendedIds, after: Advice, c: Case, knowledge: KnowledgeBase): string | undefined {
  const dropped = before.techniques.filter((t) => after.ids.excluded.includes(t));
  if (dropped.length === 0 && !after.noMassage) {
    // A contraindication taken back ("actually I'm not pregnant"): what was left out may be back.
    const back = after.ids.techniques.filter((t) => !before.techniques.includes(t));
    if (back.length === 0) return undefined;
    return `With that taken into account, ${listNames(back.map((t) => lowerFirst(knowledge.technique(t).name)))} ${back.length === 1 ? 'is' : 'are'} an option again.`;
  }
  // Everything now left out for these muscles (cupping too, though it was not among the suggestions).
  const leaveOut = after.avoid.length > 0 ? after.avoid.map((a) => a.name) : dropped.map((t) => knowledge.technique(t).name);
  const reasons = [
    ...knowledge.contraindications.filter((x) => (c.contraindications ?? []).includes(x.id)).map(mentionOf),
    ...(isNerveRoot(c.symptoms) ? ['the nerve symptoms you describe'] : []),
  ];
  const because = reasons.length > 0 ? `Because of what you told me (${reasons.join('; ')})` : 'Because of what you told me';
  if (after.noMassage) return `${because}, please have no massage for now, until a clinician has checked you.`;
  return `${because}, leave out ${listNames(leaveOut.map(lowerFirst))}.`;
}

/** A contraindication in the middle of a sentence, after "you told me about" ("your pregnancy", "blood thinners or a bleeding problem"). */
export function mentionOf(x: { label: string; mention?: string | undefined }): string {
  return x.mention ?? x.label.toLowerCase();
}

/** "a, b and c". */
export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** "deep tissue massage" from "Deep tissue massage", in the middle of a sentence; acronyms and "Swedish" stay. */
export function lowerFirst(s: string): string {
  return s.length > 1 && /^[A-Z][a-z]/.test(s) && !/^Swedish\b/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}
