import type { ContraindicationId, MuscleId, RedFlagId, TechniqueId } from '../knowledge/vocabulary';
import type { Analysis } from '../nlp/types';
import { addFindings, clip, emptyFindings, isNerveRoot, unite, type Findings } from './findings';

/**
 * One person's case for one conversation: everything they have told the bot, whatever question was open
 * when they said it, and what the bot recommended. It lives in conversation state, so it is plain JSON with
 * IDs and short capped quotes only (never a whole message); every field is left out while empty.
 * The dialogs keep it up to date ({@link updateCase} on every message, the record* functions for answers
 * to the bot's own questions); the clinical policy (./policy.ts) reads it.
 */
export interface Case {
  /** Where it hurts, spread, aggravators, nerve-root signs, muscles with the person's words. */
  symptoms: Findings;
  /** Muscles the person named outright ("a tight hamstring"): that says where as plainly as "back of my thigh". */
  namedMuscles?: MuscleId[];
  /** Red flags asserted, with a short quote. Never removed: a red flag stays on the case. */
  redFlags?: Array<{ id: RedFlagId; evidence: string }>;
  /**
   * The answer to the explicit red-flag screen: 'none' (none of them), 'pending' ("yes" or "not sure" to
   * the list: which one is asked next), 'unsure' ("not sure" at the list of flags: see a clinician first).
   */
  redFlagScreen?: 'none' | 'pending' | 'unsure';
  /** Red flags hinted at ("my leg feels a bit numb"), each asked once; `answer` is the person's reply. */
  possibleRedFlags?: Array<{ id: RedFlagId; evidence: string; answer?: 'yes' | 'no' | 'unsure' }>;
  /** Contraindications the person has (said in passing or ticked). */
  contraindications?: ContraindicationId[];
  /** Contraindications the person said they do not have ("I'm not pregnant", or "none of these"). */
  deniedContraindications?: ContraindicationId[];
  /**
   * The answer to the contraindication screen ('none': every one not stated is denied); 'pending' while "which
   * ones?" is open; 'some' when a typed answer named some and left the rest open (asked once more: "do any of the
   * others apply?").
   */
  contraScreen?: 'none' | 'yes' | 'pending' | 'unsure' | 'some';
  /** Intake questions already asked (answered or not): never asked twice. */
  asked?: IntakeQuestion[];
  /** What the bot last recommended (IDs only), to revise it when a late fact arrives. */
  recommended?: RecommendedIds;
}

/** The intake questions the triage can ask about the pain. */
export type IntakeQuestion = 'description' | 'where' | 'spread' | 'worse';

/** What a recommendation suggested (what a late fact may take away). */
export interface RecommendedIds {
  techniques: TechniqueId[];
}

/** What one message added to the case (so a dialog can acknowledge a late fact). */
export interface CaseChange {
  redFlags: RedFlagId[];
  possibleRedFlags: RedFlagId[];
  contraindications: ContraindicationId[];
  /** Contraindications the person took back ("actually I'm not pregnant"). */
  withdrawn: ContraindicationId[];
  /** The symptom picture changed in a way that changes advice: a nerve-root picture appeared. */
  nerveRoot: boolean;
  /** Muscles that may be involved and were not before ("my hamstrings are tight too"). */
  muscles: MuscleId[];
  /**
   * Where the pain goes changed: it goes below the knee where it did not ("sorry, it does go down into my calf"),
   * or it spreads somewhere new. Spread is what separates a muscle picture from a nerve-root one.
   */
  spread: boolean;
  /** Anything new about the pain at all (where, spread, what makes it worse, nerve signs): "noted" even when it answers nothing. */
  symptoms: boolean;
}

/** A case with nothing in it. */
export function emptyCase(): Case {
  return { symptoms: emptyFindings() };
}

/**
 * Fold one analysed message into the case (mutates `into`) and say what is new. Runs on every message,
 * whatever question is open. Muscles the message names outright (`analysis.namedMuscles`) say where, too.
 */
export function updateCase(into: Case, analysis: Analysis): CaseChange {
  const named = analysis.namedMuscles ?? [];
  const change: CaseChange = { redFlags: [], possibleRedFlags: [], contraindications: [], withdrawn: [], nerveRoot: false, muscles: [], spread: false, symptoms: false };
  const wasNerveRoot = isNerveRoot(into.symptoms);
  const hadMuscles = new Set(into.symptoms.muscles.map((m) => m.id));
  const spreadBefore = spreadKey(into.symptoms);
  const pictureBefore = pictureKey(into.symptoms);
  addFindings(into.symptoms, analysis);
  change.nerveRoot = !wasNerveRoot && isNerveRoot(into.symptoms);
  change.spread = spreadKey(into.symptoms) !== spreadBefore;
  change.symptoms = pictureKey(into.symptoms) !== pictureBefore;
  change.muscles = into.symptoms.muscles.map((m) => m.id).filter((id) => !hadMuscles.has(id));
  if (named.length > 0) into.namedMuscles = unite(into.namedMuscles, named);

  for (const r of analysis.redFlags) {
    const flags = (into.redFlags ??= []);
    if (flags.some((x) => x.id === r.id)) continue;
    flags.push({ id: r.id, evidence: clip(r.evidence ?? '') });
    change.redFlags.push(r.id);
  }
  for (const r of analysis.possibleRedFlags) {
    if (into.redFlags?.some((x) => x.id === r.id)) continue;
    const possible = (into.possibleRedFlags ??= []);
    if (possible.some((x) => x.id === r.id)) continue;
    possible.push({ id: r.id, evidence: clip(r.evidence ?? '') });
    change.possibleRedFlags.push(r.id);
  }
  for (const c of analysis.contraindications) {
    if (into.contraindications?.includes(c.id)) continue;
    into.contraindications = unite(into.contraindications, [c.id]);
    into.deniedContraindications = without(into.deniedContraindications, c.id);
    change.contraindications.push(c.id);
  }
  for (const id of analysis.deniedContraindications) {
    if (analysis.contraindications.some((c) => c.id === id)) continue;
    if (into.contraindications?.includes(id)) {
      into.contraindications = without(into.contraindications, id);
      change.withdrawn.push(id);
    }
    into.deniedContraindications = unite(into.deniedContraindications, [id]);
  }
  return change;
}

/** True when the message added something that changes advice already given. */
export function changesAdvice(change: CaseChange): boolean {
  return change.redFlags.length > 0 || change.contraindications.length > 0 || change.withdrawn.length > 0 || change.nerveRoot || change.muscles.length > 0 || change.spread;
}

/** Where the pain goes, as one comparable value. */
function spreadKey(f: Findings): string {
  return `${String(f.belowKnee)}|${(f.spreadsTo ?? []).join(',')}`;
}

/** The whole symptom picture but the muscles' quotes, as one comparable value. */
function pictureKey(f: Findings): string {
  const { muscles: _muscles, ...rest } = f;
  return JSON.stringify(rest);
}

/** The answer to the explicit red-flag screen: the flags picked (stored as asserted), none, or not sure. */
export function recordRedFlagScreen(into: Case, answer: { flags: RedFlagId[] } | 'none' | 'yes' | 'unsure', stage: 'list' | 'which'): void {
  if (typeof answer === 'object') {
    for (const id of answer.flags) {
      const flags = (into.redFlags ??= []);
      if (!flags.some((x) => x.id === id)) flags.push({ id, evidence: '' });
    }
    return;
  }
  if (answer === 'none') into.redFlagScreen = 'none';
  else into.redFlagScreen = stage === 'list' ? 'pending' : 'unsure';
}

/** The answer to the one pointed question about a possible red flag ("yes" makes it a red flag). */
export function recordPossibleRedFlag(into: Case, id: RedFlagId, answer: 'yes' | 'no' | 'unsure'): void {
  const possible = into.possibleRedFlags?.find((x) => x.id === id);
  if (possible) possible.answer = answer;
  if (answer === 'yes') {
    const flags = (into.redFlags ??= []);
    if (!flags.some((x) => x.id === id)) flags.push({ id, evidence: possible?.evidence ?? '' });
  }
}

/**
 * The answer to the contraindication screen (`stage` 'list': "any of these?", 'which': "which ones?").
 * Ticked or named ones are added; "none" denies every one not already stated (what was said in passing
 * still counts: "none" may mean "none of the others"); "yes" or "not sure" at the list asks which, and
 * "not sure" at "which ones?" is kept as not sure (gentle options only).
 * Named ones say what happens to the rest (`rest`): left out, the answer is complete (ticked from the whole
 * list); 'open' (typed, naming some: "I'm on aspirin") leaves the rest to ask about; 'denied' ("only that",
 * "none of the others") denies them; 'unsure' ("not sure about the rest") is not sure.
 */
export function recordContraScreen(
  into: Case,
  answer: { yes: ContraindicationId[]; rest?: 'open' | 'denied' | 'unsure' } | 'none' | 'yes' | 'unsure',
  stage: 'list' | 'which' = 'list',
): void {
  if (typeof answer === 'object') {
    into.contraindications = unite(into.contraindications, answer.yes);
    into.deniedContraindications = without(into.deniedContraindications, ...answer.yes);
    into.contraScreen = answer.rest === 'open' ? 'some' : answer.rest === 'denied' ? 'none' : answer.rest === 'unsure' ? 'unsure' : 'yes';
    // Cancer now or before, from someone asking about their back or leg pain, is the cancer red flag as well
    // (CLINICAL.md: a history of cancer, with new back pain), as it is when they say it in words.
    if (answer.yes.includes('cancer-history')) recordRedFlagScreen(into, { flags: ['cancer'] }, 'which');
    return;
  }
  if (answer === 'none') {
    // Every one not stated is denied: kept as the screen's answer rather than a list of seven IDs.
    into.contraScreen = 'none';
    return;
  }
  into.contraScreen = stage === 'list' ? 'pending' : 'unsure';
}

/** Mark an intake question asked (whatever the answer: it is not asked again). */
export function markAsked(into: Case, question: IntakeQuestion): void {
  into.asked = unite(into.asked, [question]);
}

/** Start over: forget the pain and the answers, but keep the red flags (a red flag stays on the case). */
export function restartCase(from: Case): Case {
  const fresh = emptyCase();
  if (from.redFlags) fresh.redFlags = from.redFlags;
  return fresh;
}

/**
 * Another pain to check: what was said about the pain and its questions are forgotten; what is known about
 * the person (red flags, the red-flag screen answered "none", possible flags and their answers,
 * contraindications and their screen) is kept, so none of it is asked again.
 */
export function anotherPain(from: Case): Case {
  const { redFlags, possibleRedFlags, contraindications, deniedContraindications, contraScreen } = from;
  const redFlagScreen = from.redFlagScreen === 'none' ? 'none' : undefined;
  return JSON.parse(JSON.stringify({ symptoms: emptyFindings(), redFlags, redFlagScreen, possibleRedFlags, contraindications, deniedContraindications, contraScreen })) as Case;
}

/** Possible red flags not yet asked about. */
export function unansweredPossibleRedFlags(c: Case): RedFlagId[] {
  return (c.possibleRedFlags ?? []).filter((p) => p.answer === undefined).map((p) => p.id);
}

function without<T>(list: readonly T[] | undefined, ...items: T[]): T[] | undefined {
  const rest = (list ?? []).filter((x) => !items.includes(x));
  return rest.length > 0 ? rest : undefined;
}
