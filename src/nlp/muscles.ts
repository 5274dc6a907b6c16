import { MUSCLE_IDS, type MuscleId } from '../knowledge/vocabulary';
import type { CompiledLexicon, MuscleCueData, PatternHit } from './lexicon';
import { firstWordIndex, wordPattern } from './lexicon';
import type { LexiconHits } from './features';
import { isNerveRootPattern, isOneSided } from './features';
import type { Scopes } from './negation';
import type { PreparedText } from './text';
import { tokenAt } from './text';
import type { BodyArea, MuscleMatch, SymptomFeatures } from './types';

/** Score a muscle needs before it is listed; one weak cue (e.g. "walking" alone) is not enough. */
export const MUSCLE_THRESHOLD = 2;
const NAMED_WEIGHT = 6;
/** Spread-to areas count less than where it hurts. */
const SPREAD_FACTOR = 0.5;
/** Words that put the writer in the message; without one, a question is about a term, not about their body. */
const FIRST_PERSON: ReadonlySet<string> = new Set(['i', 'me', 'my', 'mine', 'myself', 'im', 'ive', 'id', 'we', 'our', 'us']);
const QUESTION_START: ReadonlySet<string> = new Set(['what', 'whats', 'which', 'who', 'why', 'how', 'is', 'are', 'does', 'do', 'can', 'could', 'should', 'would', 'will', 'where', 'when']);
/** Numbness that comes back once the person moves ("it all comes back", "wears off", "fine again"). */
const PASSES = /(?<![a-z])(?:(?:comes?|came|coming) (?:right |straight |all )?back|wears? off|wore off|goes away|went away|pass(?:es|ed)|fine again|back to normal|fine (?:a|after a|within a) (?:minute|moment|second|few)|(?:minute|moment|second|few minutes) then (?:fine|ok|okay|gone|normal))(?![a-z])/;
/** "does sleeping on my side help ...?": an activity asked about as a remedy is not what makes it worse. */
const REMEDY_QUESTION = /(?<![a-z])(?:does|do|would|will|could|can|should|is|are) ([a-z' ]{1,60}?) (?:help|helps|ease|eases|relieve|good for|ok for|okay for|safe for)(?![a-z])/g;
/** Ways of saying it hurts that are not pain words: "killing me", "agony", "can barely walk". */
const HURTS = /(?<![a-z])(?:pains?|painful|hurt(?:s|ing)?|kill(?:s|ing)?|agony|agonising|agonizing|murder|wreck(?:s|ing|ed)?|hell|unbearable|excruciating|twinges?|flares?|sets? it off|(?:can|could) (?:barely|hardly|not) (?:walk|move|stand|sit|straighten|get up|bend|turn)|worse|worst|struggl(?:e|es|ing))(?![a-z])/;
const LOWER_LEG: ReadonlySet<BodyArea> = new Set(['knee', 'calf', 'shin', 'ankle', 'foot']);
/** Places on the trunk: read after "down" or "into" they are still where it hurts, not where it spreads to. */
const TRUNK: ReadonlySet<BodyArea> = new Set(['low-back', 'waist']);
/** A posture that presses on a nerve: crossed legs, a bike seat, the toilet. */
const PRESSURE_POSTURE = /(?<![a-z])(?:cross(?:ed|ing)? legged|cross(?:ed|ing)? (?:my )?legs|legs crossed|bikes?|bicycle|saddle|cycl(?:e|ing|ist)|(?:long )?rides?|toilet|loo)(?![a-z])/;
/**
 * Aggravator words that here name no activity: a hip that "sits higher" (a position), "wobbly on my feet" (balance),
 * "running a temperature", pain that "runs down" the leg, or "sat down hard" (a blow, not long sitting). Read from the
 * start of the hit; `before` ends at it.
 */
const NOT_ACTIVITY_AFTER = /^(?:sits?|sitting) (?:a bit |slightly |much |way |a little )?(?:higher|lower|level|uneven|crooked|wonky|forward|out)(?![a-z])|^run(?:s|ning)? (?:a |an )?(?:high |slight |bit of a )?(?:temp|temperature|fever)|^run(?:s|ning)? (?:all |right |straight |the way )?(?:down|into|along|through|across|round|around|from)(?![a-z])|^(?:sat|sit|sits|sitting) (?:down )?(?:really |very |too )?(?:hard|heavily|awkwardly|with a (?:bump|thump|thud|bang))(?![a-z])/;
const NOT_ACTIVITY_BEFORE = /(?:(?:wobbly|unsteady|shaky|steady|doddery|weak|dizzy) (?:up )?|(?:nights|days|weeks|times|years|mornings) )$/;
/** "the ache sits just above my hip": a pain that sits somewhere is a place, not sitting. Before the hit, then after it. */
const PAIN_SITS_BEFORE = /(?:pain|ache|aching|soreness|sore bit|sore spot|tightness|stiffness|knot|twinge|discomfort|it) (?:just |mostly |always |usually |all |kind of |sort of )?$/;
const PAIN_SITS_AFTER = /^(?:s|ting)? (?:on|in|at|just|right|low|deep|high|across|under|above|below|along|over|around|there|mostly|off to)(?![a-z])/;
/** "can't straighten up" said without the sitting it follows: after a bend or a lift it is the low back that locked. */
const BARE_STRAIGHTEN = /^(?:(?:can|could) (?:not|barely|hardly|just about) (?:stand|get) up straight|can not straighten up|straighten(?:ing)? up)/;
/** A belt that is worn ("wear that velcro belt", "a support belt") or a simile ("like a belt") is not the belt line. */
const BELT_NOT_PLACE = /(?:wear|wears|wearing|wore|worn|put on|putting on|tighten|tightening|buy|bought|order|ordered|like) (?:[a-z]+ ){0,2}$/;
/** Pain that travels down a leg ("creeping down my right leg"): with the low back, the sciatica picture. */
const DOWN_THE_LEG = /(?<![a-z])(?:down|into) (?:the (?:back|side|front) of )?(?:my |the |her |his |their |one |both )?(?:(?:left|right|bad|other) )?(?:legs?|thighs?|calf|calves|shins?|knees?|ankles?|foot|feet|toes?)(?![a-z])/;
/**
 * Numbness or tingling the writer puts down to something else: diabetic nerve damage in the feet, a dentist's or other
 * local anaesthetic. It is not the nerve-root picture, so it does not switch off the low back's activity cues.
 */
const OTHER_NUMB_CAUSE = /(?<![a-z])(?:diabet(?:es|ic)|neuropath(?:y|ic)|(?:my |blood )sugars?|dentist|dental|anaesthetic|anesthetic|novocaine|lidocaine)(?![a-z])/;
/** Nerve signs in the leg (tingling, numbness, pain spreading below the knee or down the leg): the leg, not the low back's muscles, is the story. */
function legNerveSigns(norm: string, features: SymptomFeatures): boolean {
  const numb = (features.tingling === true || features.numbness === true) && !OTHER_NUMB_CAUSE.test(norm);
  return numb || features.spreadsTo.some((a) => LOWER_LEG.has(a)) || DOWN_THE_LEG.test(norm);
}
/** "eases off when I bend forward": what follows is what relieves it, not what makes it worse. */
const EASES_WHEN = /(?<![a-z])(?:eases?|easing|eased|better|relieved|settles?|goes away|helps?)(?: off| up| a bit| a lot| right off)? (?:when|if|once|while|whenever|as soon as) ([a-z' ]{1,40})/g;
/** A cue right after "I leak when I ..." is what makes the bladder leak ("leak when I sneeze or lift"), not what hurts. */
const LEAK_TRIGGER = /(?:leak|leaks|leaking|wet myself|dribbl[a-z]*)(?: [a-z]+){0,4} (?:when|if|whenever|every time|as) i(?: [a-z]+){0,4} $/;
/**
 * A fall or a landing said by the writer ("I went down on my bum", "missed the crash pad"): the blow, not what they did
 * around it, is why the back hurts, so low back activity cues are not read.
 */
const OWN_FALL = /(?<![a-z])(?:i (?:fell(?! (?:asleep|pregnant|ill|sick|for|in love|behind|out))|slipped|tripped|went down|came down|landed|came off|was thrown|got thrown|hit the (?:ground|floor|deck))|landed (?:[a-z]+ )?(?:on|flat)|missed the (?:crash )?(?:pad|mat|step|chair)|fell (?:down|over|off|onto|on)|(?:bus|train|tram) (?:lurched|braked))(?![a-z])/;

/** A cue with its requirement and feature read once at start-up instead of on every message. */
interface CompiledCue extends MuscleCueData {
  re: RegExp | null;
  /** Owner of the pattern in the first-word index (-1 without a pattern). */
  owner: number;
  requiresKind: 'any-area' | 'no-area' | 'area' | 'aggravator' | 'quality' | null;
  requiresValue: string;
  featureKind: string;
  featureValue: string;
}

interface Tally {
  score: number;
  evidence: string[];
  reasons: string[];
}

interface AreaHit extends PatternHit<BodyArea> {
  spread: boolean;
}

/** Ranks muscles from direct names and the CLINICAL.md intake cues (weights and reasons are lexicon data). */
export class MuscleScorer {
  private readonly cues: CompiledCue[];
  /** Union of the cue patterns that need no body area: one test decides whether a message can score at all. */
  private readonly standalone: RegExp;
  private readonly standaloneOwner: number;

  constructor(lex: CompiledLexicon) {
    this.cues = lex.data.muscleCues.map((c) => {
      const [requiresKind, requiresValue] = c.requires === undefined ? [null, ''] : c.requires === 'any-area' || c.requires === 'no-area' ? [c.requires, ''] : c.requires.split(':');
      const [featureKind, featureValue] = c.feature === undefined ? ['', ''] : c.feature.split(':');
      return {
        ...c,
        re: c.pattern ? wordPattern(c.pattern, '') : null,
        owner: c.pattern ? firstWordIndex.register([c.pattern]) : -1,
        requiresKind: requiresKind as CompiledCue['requiresKind'],
        requiresValue: requiresValue ?? '',
        featureKind: featureKind ?? '',
        featureValue: featureValue ?? '',
      };
    });
    const free = lex.data.muscleCues.filter((c) => c.pattern && (!c.requires || c.requires === 'no-area')).map((c) => c.pattern as string);
    free.push(...Object.values(lex.data.aggravators).flat());
    this.standalone = wordPattern(free.join('|'), '');
    this.standaloneOwner = firstWordIndex.register([free.join('|')]);
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
    const norm = text.norm;
    if (names.length === 0 && hits.areas.length === 0) {
      if (firstWordIndex.marks(norm)[this.standaloneOwner] === 0 || !this.standalone.test(norm)) return [];
    }
    const marks = firstWordIndex.marks(norm);
    const tallies = new Map<MuscleId, Tally>();
    for (const n of names) {
      // A muscle word inside a longer place phrase ("just above my glutes", "gluteal fold") is where it hurts.
      if (!isLive(n.start, text, scopes, redFlagSpans) || hits.areas.some((a) => a.start <= n.start && a.end >= n.end && a.end - a.start > n.end - n.start)) continue;
      add(tallies, n.id, NAMED_WEIGHT, n.text, `the message names the ${n.id.replace('-', ' ')}`);
    }

    // Words inside a red-flag phrase ("my bottom has gone numb") describe the emergency, not a muscle.
    const areaHits: AreaHit[] = [];
    for (let i = 0; i < hits.areas.length; i++) {
      const a = hits.areas[i] as PatternHit<BodyArea>;
      if (a.id === 'waist' && a.text === 'belt' && BELT_NOT_PLACE.test(norm.slice(Math.max(0, a.start - 40), a.start))) continue;
      if (isLive(a.start, text, scopes, redFlagSpans)) areaHits.push({ id: a.id, start: a.start, end: a.end, text: a.text, spread: hits.spreadIdx.has(i) });
    }
    // When nothing may be inferred, only a named muscle (or a cue as strong as a name) is listed.
    const namesOnly = this.nothingToInfer(text, hits, features);
    const anyArea = areaHits.length > 0 || names.length > 0;
    // A knee or foot complaint ("my knees buckle getting up from a chair") is not about the hip's muscles.
    const lowerLegOnly = names.length === 0 && areaHits.length > 0 && areaHits.every((a) => LOWER_LEG.has(a.id));
    // An aggravator word inside a place phrase ("sitting bone") is the place, not the activity.
    let aggravators = hits.areas.length === 0 ? hits.aggravators : hits.aggravators.filter((g) => !hits.areas.some((a) => a.start <= g.start && g.end <= a.end));
    if (aggravators.length > 0 && text.tokens.includes('?')) aggravators = notRemedies(aggravators, norm);
    if (aggravators.length > 0) aggravators = aggravators.filter((g) => !NOT_ACTIVITY_AFTER.test(norm.slice(g.start, g.start + 60)) && !NOT_ACTIVITY_BEFORE.test(norm.slice(Math.max(0, g.start - 30), g.start)) && !painSits(g, norm));
    // What eases it ("my back eases off when I bend forward") is not what makes it worse.
    if (aggravators.some((g) => g.id === 'standing-up-from-sitting') && !aggravators.some((g) => g.id === 'sitting' || g.id === 'driving') && !areaHits.some((a) => a.id === 'hip-front' || a.id === 'groin')) {
      aggravators = aggravators.filter((g) => g.id !== 'standing-up-from-sitting' || !BARE_STRAIGHTEN.test(g.text));
    }
    // Numbness or tingling with no pain at all ("numbness down the side of one thigh since getting out of the car"): what
    // the person was doing is when a nerve was pressed, not a muscle's work (CLINICAL.md's cues are for pain). Places
    // still count ("my bum cheek goes numb and tingly when I drive, wallet in my back pocket").
    if (aggravators.length > 0 && (features.numbness === true || features.tingling === true) && !this.saysItHurts(norm, hits)) aggravators = [];
    const eases: Array<readonly [number, number]> = [];
    EASES_WHEN.lastIndex = 0;
    for (let e = EASES_WHEN.exec(norm); e !== null; e = EASES_WHEN.exec(norm)) eases.push([e.index, e.index + e[0].length]);
    if (eases.length > 0) aggravators = aggravators.filter((g) => !inSpans(g.start, eases));
    const lowBackActivityOff = redFlagSpans.length > 0 || legNerveSigns(norm, features) || OWN_FALL.test(norm);
    if (aggravators.length > 0 && RELIEF_WORD.test(norm)) aggravators = notRelieving(aggravators, norm);
    let oneSidedLowBack = false;
    if (findArea(areaHits, 'low-back', false) !== undefined) {
      const backHits = areaHits.filter((a) => a.id === 'low-back' || a.id === 'waist');
      oneSidedLowBack = isOneSided(text, features, backHits);
    }
    // The nerve-root picture (CLINICAL.md: pins and needles below the knee, worse coughing): a side word belongs to the
    // nerve's strip down the leg, so "one side only" is not one-sided low back pain.
    if (oneSidedLowBack && isNerveRootPattern(text, features)) oneSidedLowBack = false;

    for (const cue of this.cues) {
      if (namesOnly && cue.weight < NAMED_WEIGHT) continue;
      switch (cue.requiresKind) {
        case 'any-area':
          if (!anyArea) continue;
          break;
        case 'no-area':
          // An activity said without a body part ("long drives are killing me"): named places outrank it, and the
          // message has to say it hurts ("I play golf on Sundays" points nowhere).
          if (anyArea || !this.saysItHurts(norm, hits)) continue;
          break;
        case 'area':
          if (findArea(areaHits, cue.requiresValue, false) === undefined) continue;
          // An activity read through the low back ("lifting", "bending") says nothing of its muscles when the leg has
          // nerve signs (CLINICAL.md: nerve root) or when the writer fell.
          if (lowBackActivityOff && cue.requiresValue === 'low-back') continue;
          break;
        case 'aggravator':
          if (findLive(aggravators, cue.requiresValue, text, scopes, redFlagSpans) === undefined) continue;
          break;
        case 'quality':
          if (findLive(hits.qualities, cue.requiresValue, text, scopes, redFlagSpans) === undefined) continue;
          break;
        default:
      }
      if (cue.re) {
        // A pattern none of whose first words occurs cannot match: skip the regex.
        if (marks[cue.owner] === 0) continue;
        const m = cue.re.exec(norm);
        if (m && isLive(m.index, text, scopes, redFlagSpans) && !inSpans(m.index, eases) && !LEAK_TRIGGER.test(norm.slice(Math.max(0, m.index - 60), m.index))) add(tallies, cue.muscle, cue.weight, m[0], cue.reason);
        continue;
      }
      const kind = cue.featureKind;
      const value = cue.featureValue;
      if (kind === 'one-sided-low-back') {
        if (oneSidedLowBack) add(tallies, cue.muscle, cue.weight, findArea(areaHits, 'low-back', false)?.text ?? 'low back', cue.reason);
      } else if (kind === 'area' || kind === 'spread') {
        const hit = findArea(areaHits, value, kind === 'spread');
        // Pain spreads to the legs, not back up the trunk: "down one side of my low back" is where it hurts.
        if (hit) add(tallies, cue.muscle, kind === 'area' && hit.spread && !TRUNK.has(hit.id) ? cue.weight * SPREAD_FACTOR : cue.weight, hit.text, cue.reason);
      } else if (kind === 'aggravator') {
        if (lowerLegOnly && value !== 'lifting-knee') continue;
        const hit = findLive(aggravators, value, text, scopes, redFlagSpans);
        if (hit) add(tallies, cue.muscle, cue.weight, hit.text, cue.reason);
      } else if (kind === 'quality') {
        const hit = findLive(hits.qualities, value, text, scopes, redFlagSpans);
        if (hit) add(tallies, cue.muscle, cue.weight, hit.text, cue.reason);
      }
    }

    const out: MuscleMatch[] = [];
    for (const [id, t] of tallies) {
      if (t.score < MUSCLE_THRESHOLD) continue;
      out.push({ id, score: Math.round((1 - Math.exp(-t.score / 4)) * 1000) / 1000, evidence: t.evidence, reasons: t.reasons });
    }
    if (out.length < 2) return out;
    const raw = (id: MuscleId): number => tallies.get(id)?.score ?? 0;
    return out.sort((a, b) => raw(b.id) - raw(a.id) || MUSCLE_IDS.indexOf(a.id) - MUSCLE_IDS.indexOf(b.id));
  }

  private saysItHurts(norm: string, hits: LexiconHits): boolean {
    return hits.qualities.length > 0 || HURTS.test(norm);
  }

  /**
   * True when the body words in the message say nothing about the writer's muscles: a question about a term with no
   * "I" or "my" and no pain in it ("what counts as the saddle area? is it just your bum?"), or numbness from a
   * posture that passes ("my foot goes numb sitting cross legged but comes back after a minute").
   */
  private nothingToInfer(text: PreparedText, hits: LexiconHits, features: SymptomFeatures): boolean {
    const { tokens, norm } = text;
    const painless = !this.saysItHurts(norm, hits);
    if (painless && (tokens.includes('?') || QUESTION_START.has(tokens[0] ?? '')) && !tokens.some((t) => FIRST_PERSON.has(t))) return true;
    return (features.numbness === true || features.tingling === true) && hits.qualities.length === 0 && PASSES.test(norm) && PRESSURE_POSTURE.test(norm);
  }
}

/** Drops aggravator hits inside a question about a remedy ("does sleeping on my side with a pillow help ...?"). */
function notRemedies<H extends { start: number }>(list: readonly H[], norm: string): H[] {
  const spans: Array<readonly [number, number]> = [];
  REMEDY_QUESTION.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = REMEDY_QUESTION.exec(norm)) !== null) {
    const from = m.index + m[0].indexOf(m[1] ?? '');
    spans.push([from, from + (m[1] ?? '').length]);
  }
  return spans.length === 0 ? [...list] : list.filter((g) => !spans.some(([a, b]) => g.start >= a && g.start < b));
}

/** "the ache sits on one side": the hit is the verb "sit" with a pain before it and a place after it. */
function painSits(g: { start: number; text: string }, norm: string): boolean {
  if (!norm.startsWith('sit', g.start)) return false;
  return PAIN_SITS_BEFORE.test(norm.slice(Math.max(0, g.start - 30), g.start)) && PAIN_SITS_AFTER.test(norm.slice(g.start + 3, g.start + 40));
}

function inSpans(at: number, spans: ReadonlyArray<readonly [number, number]>): boolean {
  for (const [a, b] of spans) if (at >= a && at < b) return true;
  return false;
}

/**
 * What eases the pain, said just before an activity: "my back eases off when I bend forward", "better once I sit down".
 * The activity is a relief there, not what brings the pain on (flexion relief is a stenosis sign, not a muscle cue).
 */
const RELIEF_BEFORE = /(?<![a-z])(?:better|easier|ease|eases|eased|easing|relieved?|relief|helps?|helped|less (?:pain|sore)|improves?|improved|goes away|settles?|calms? down)(?: off| up)?(?: a bit| a lot| slightly| much)? (?:when|whenever|with|if|after|by|once|while|as soon as)(?: i| you)?(?: [a-z]+)?$/;
const RELIEF_WORD = /(?<![a-z])(?:better|easier|eas(?:e|es|ed|ing)|relie(?:f|ved?)|helps?|helped|improve[sd]?|goes away|settles?|calms? down|less (?:pain|sore))(?![a-z])/;

/** Drops aggravator hits that follow a relief phrase in their clause ("ease off when i bend forward or sit down"). */
function notRelieving<H extends { start: number }>(list: readonly H[], norm: string): H[] {
  return list.filter((g) => {
    // The clause before the hit: back to the last punctuation, at most 60 characters.
    let a = Math.max(0, g.start - 60);
    for (let i = g.start - 1; i >= a; i--) if (',.;!?'.includes(norm[i] as string)) a = i + 1;
    const before = norm.slice(a, g.start).trimEnd();
    // "... when i bend forward or sit down": a second activity joined by "or" / "and" shares the relief.
    const joined = before.replace(/(?: [a-z]+){1,3} (?:or|and)$/, '');
    return !RELIEF_BEFORE.test(before) && !RELIEF_BEFORE.test(joined);
  });
}

/** A hit counts unless a negation or another person governs it or it sits inside a red-flag phrase. */
function isLive(start: number, text: PreparedText, scopes: Scopes, redFlagSpans: ReadonlyArray<readonly [number, number]>): boolean {
  const ti = tokenAt(text.starts, start);
  if (scopes.negated[ti] || scopes.other[ti]) return false;
  for (const [a, b] of redFlagSpans) if (start >= a && start < b) return false;
  return true;
}

function findArea(areaHits: readonly AreaHit[], id: string, spreadOnly: boolean): AreaHit | undefined {
  for (const a of areaHits) if (a.id === id && (!spreadOnly || a.spread)) return a;
  return undefined;
}

function findLive<H extends { id: string; start: number }>(
  list: readonly H[],
  id: string,
  text: PreparedText,
  scopes: Scopes,
  redFlagSpans: ReadonlyArray<readonly [number, number]>,
): H | undefined {
  for (const h of list) if (h.id === id && isLive(h.start, text, scopes, redFlagSpans)) return h;
  return undefined;
}

function add(tallies: Map<MuscleId, Tally>, id: MuscleId, weight: number, evidence: string, reason: string): void {
  let t = tallies.get(id);
  if (t === undefined) {
    t = { score: 0, evidence: [], reasons: [] };
    tallies.set(id, t);
  }
  t.score += weight;
  if (!t.evidence.includes(evidence)) t.evidence.push(evidence);
  if (!t.reasons.includes(reason)) t.reasons.push(reason);
}
