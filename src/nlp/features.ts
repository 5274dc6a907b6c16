import type { CompiledLexicon, PatternHit } from './lexicon';
import { GuardedPattern } from './lexicon';
import type { Scopes } from './negation';
import type { PreparedText } from './text';
import { tokenAt } from './text';
import type { Aggravator, BodyArea, Finding, PainQuality, SymptomFeatures } from './types';

/** Lexicon hits in one message, shared by the feature, muscle and intent steps. */
export interface LexiconHits {
  areas: Array<PatternHit<BodyArea>>;
  aggravators: Array<PatternHit<Aggravator>>;
  qualities: Array<PatternHit<PainQuality>>;
  findings: Array<PatternHit<'numbness' | 'tingling' | 'weakness'>>;
  /** Area hits reached through a spread word ("down to my calf"). */
  spreadIdx: ReadonlySet<number>;
}

const SPREAD_WORDS = /(?:^| )(?:down|into|to|through|towards?|radiat[a-z]*|shoot[a-z]*|shot|spread[a-z]*|travel[a-z]*|goes|going|runs|running|reach[a-z]*|as far as|all the way)(?: [a-z]+){0,3} $/;
// The regexes run over the whole message are guarded by their first words (`GuardedPattern`): most messages have
// none of them, and the one walk per message that tells is shared with the lexicon.
const BELOW_KNEE_TRUE = new GuardedPattern(/(?<![a-z])(?:below (?:the |my )?knees?|past (?:the |my )?knees?|to (?:my |the )?(?:toes|ankle|foot|feet)|into (?:my |the )?(?:foot|feet|toes))(?![a-z])/);
const BELOW_KNEE_FALSE = new GuardedPattern(/(?<![a-z])(?:(?:not|never|does not|do not|doesn't) (?:go |goes |going |spread |travel )?(?:below|past|beyond|further than) (?:the |my )?knees?|stops? (?:at|above) (?:the |my )?knees?|above (?:the |my )?knees?|no further than (?:the |my )?knees?)(?![a-z])/);
/** "no leg pain", "it doesn't go down my leg": nothing below the knee either, unless a lower-leg place is named. */
const NO_LEG_SPREAD = new GuardedPattern(/(?<![a-z])(?:no (?:leg|thigh|calf) (?:pain|symptoms)|(?:not|never|does not|do not|doesn't|don't) (?:go |goes |going |spread |spreads |spreading |travel |travels |radiate |radiates )(?:down|into|to) (?:my |the |either |both )?legs?)(?![a-z])/);
const BELOW_AREAS: ReadonlySet<BodyArea> = new Set(['calf', 'shin', 'ankle', 'foot']);
const RELIEVER = new GuardedPattern(/(?<![a-z])(?:better|easier|eases?|eased|relieved?|relief|helps?|helped|less (?:pain|sore)|improves?|improved|goes away|settles?|calms? down)(?: a bit| a lot| slightly| much)? (?:when|with|if|after|by|once|while|from) ([a-z0-9' ]{2,60})/g);
/** "walking helps", "a hot bath eases it": the phrase before the verb, within its clause. */
const RELIEVER_BEFORE = new GuardedPattern(/(?:^|[.,;!?] |(?:but|and|though) )([a-z0-9' ]{3,50}?) (?:helps|help|eases it|eases|makes it better|relieves it|relieves)(?![a-z])(?! ?\?)/g);
const DURATION = new GuardedPattern(
  /(?<![a-z])(?:(?:for |since |past |last |about |around |over |almost |nearly )?(?:the )?(?:[0-9]+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|few|a couple of|couple of|couple|several|many) (?:days?|weeks?|months?|years?|hours?|fortnights?)(?: now| ago)?|since (?:yesterday|last (?:week|month|year|night|weekend)|monday|tuesday|wednesday|thursday|friday|saturday|sunday|christmas|easter|the weekend|this morning|the summer|the winter|january|february|march|april|may|june|july|august|september|october|november|december)|(?:yesterday|last night|this morning|all week|all month))(?![a-z])/,
);
const SIDE_LEFT = new GuardedPattern(/(?<![a-z])left(?! (?:over|behind|alone|out|it|me|the house|work))(?![a-z])/);
const SIDE_RIGHT =
  /(?<![a-z])right(?! (?:now|away|after|before|up|down|through|there|here|then|enough|as|into|in|at|where|by|across|over|on top|under|to|from|round|around|the way|along|inside|behind|next|beside))(?![a-z])/;
const SIDE_BOTH = new GuardedPattern(/(?<![a-z])(?:both (?:sides|legs|of my legs|buttocks|hips|thighs|calves|feet)|left and right|right and left)(?![a-z])/);
const ONE_SIDE = new GuardedPattern(/(?<![a-z])(?:one side|one sided|on one side|only on the (?:left|right))(?![a-z])/);
const NERVE_WORDING = new GuardedPattern(
  /(?<![a-z])(?:legs? (?:pain )?(?:is |are |hurts? |feels? )?(?:way |much |far |a lot |even |so much )?(?:worse|more) than (?:my |the )?back|more (?:in|down) (?:my |the )?leg than (?:my |the )?back|back (?:is |hurts )?(?:not as bad|less|better) than (?:my |the )?leg)(?![a-z])/,
);
/** A side word that belongs to the low back ("left side of my low back", "back on the right"), not to a leg. */
const BACK_SIDE_BEFORE = /(?:^| )(?:left|right)(?: (?:side|hand side|half))?(?: of)?(?: my| the)?(?: [a-z]+)? $/;
const BACK_SIDE_AFTER = /^(?: [a-z]+){0,2} (?:on the |on my |to the )?(?:left|right)(?! (?:leg|foot|calf|thigh|knee|ankle|buttock|bum|hip|shin|toes?|side of my (?:leg|thigh|calf)))(?![a-z])/;

const RIGHT_NOT_SIDE = /(?<![a-z])(?:all right|alright|that is right|is that right|right\?)(?![a-z])/;

const NO_SPREAD: ReadonlySet<number> = new Set();

/** Scans the lexicon kinds the feature and muscle steps need. */
export function scanLexicon(lex: CompiledLexicon, text: PreparedText): LexiconHits {
  const { norm } = text;
  const areas = lex.areas.scan(norm);
  let spreadIdx: ReadonlySet<number> = NO_SPREAD;
  if (areas.length > 0) {
    const spread = new Set<number>();
    areas.forEach((a, i) => {
      if (SPREAD_WORDS.test(norm.slice(Math.max(0, a.start - 45), a.start))) spread.add(i);
    });
    spreadIdx = spread;
  }
  return {
    areas,
    aggravators: lex.aggravators.scan(norm),
    qualities: lex.qualities.scan(norm),
    findings: lex.findings.scan(norm),
    spreadIdx,
  };
}

function finding(hits: LexiconHits['findings'], id: 'numbness' | 'tingling' | 'weakness', text: PreparedText, scopes: Scopes): Finding {
  let seen: Finding = null;
  for (const h of hits) {
    if (h.id !== id) continue;
    const ti = tokenAt(text.starts, h.start);
    if (scopes.other[ti]) continue;
    if (scopes.negated[ti]) {
      seen ??= false;
      continue;
    }
    return true;
  }
  return seen;
}

/** Distinct values in first-seen order (a handful at most: cheaper than a Set). */
function uniq<T>(xs: readonly T[]): T[] {
  const out: T[] = [];
  for (const x of xs) if (!out.includes(x)) out.push(x);
  return out;
}

function uniqIds<T>(hits: ReadonlyArray<{ id: T }>): T[] {
  const out: T[] = [];
  for (const h of hits) if (!out.includes(h.id)) out.push(h.id);
  return out;
}

/** The symptom picture in one message (where, what spreads, what aggravates or eases, sensations, side, how long). */
export function extractFeatures(text: PreparedText, hits: LexiconHits, scopes: Scopes): SymptomFeatures {
  const { norm } = text;
  const locations: BodyArea[] = [];
  const spreadsTo: BodyArea[] = [];
  hits.areas.forEach((a, i) => {
    const ti = tokenAt(text.starts, a.start);
    if (scopes.other[ti]) return;
    (hits.spreadIdx.has(i) ? spreadsTo : locations).push(a.id);
  });
  let belowKnee: Finding = null;
  if (BELOW_KNEE_FALSE.test(norm)) belowKnee = false;
  else if (BELOW_KNEE_TRUE.test(norm) || locations.some((a) => BELOW_AREAS.has(a)) || spreadsTo.some((a) => BELOW_AREAS.has(a))) belowKnee = true;
  else if (NO_LEG_SPREAD.test(norm)) belowKnee = false;

  const relievers: string[] = [];
  let m: RegExpExecArray | null;
  if (RELIEVER.mayMatch(norm)) {
    const re = RELIEVER.re;
    re.lastIndex = 0;
    while ((m = re.exec(norm)) !== null) {
      const phrase = (m[1] ?? '').split(' ').slice(0, 6).join(' ').trim();
      if (phrase) relievers.push(phrase);
    }
  }
  if (RELIEVER_BEFORE.mayMatch(norm)) {
    const re = RELIEVER_BEFORE.re;
    re.lastIndex = 0;
    while ((m = re.exec(norm)) !== null) {
      const clause = (m[1] ?? '').trim();
      if (/^(?:what|which|how|does|do|will|can|would|could|should|is|it|nothing|that|this)\b/.test(clause)) continue;
      const phrase = clause.split(' ').slice(-4).join(' ');
      if (phrase) relievers.push(phrase);
    }
  }

  const bothSides = SIDE_BOTH.test(norm);
  const left = SIDE_LEFT.test(norm);
  // Every phrase of RIGHT_NOT_SIDE and SIDE_RIGHT contains "right": without it there is nothing to blank or find.
  const right = norm.includes('right') && SIDE_RIGHT.test(norm.replace(RIGHT_NOT_SIDE, ' '));
  const side: SymptomFeatures['side'] = bothSides || (left && right) ? 'both' : left ? 'left' : right ? 'right' : null;
  const duration = DURATION.mayMatch(norm) ? (DURATION.re.exec(norm)?.[0] ?? null) : null;

  return {
    locations: uniq(locations),
    spreadsTo: uniq(spreadsTo),
    belowKnee,
    aggravators: uniqIds(hits.aggravators),
    relievers,
    quality: uniqIds(hits.qualities),
    numbness: finding(hits.findings, 'numbness', text, scopes),
    tingling: finding(hits.findings, 'tingling', text, scopes),
    weakness: finding(hits.findings, 'weakness', text, scopes),
    side,
    duration,
  };
}

/** True when the text says the pain is on one side only ("left side of my low back", "one side"). */
export function isOneSided(text: PreparedText, features: SymptomFeatures, backHits: ReadonlyArray<{ start: number; end: number }> = []): boolean {
  if (ONE_SIDE.test(text.norm)) return true;
  if (features.side !== 'left' && features.side !== 'right') return false;
  // With the back's own spans, the side word has to sit next to one ("pain in my back down my left leg" is the leg's side).
  if (backHits.length === 0) return true;
  const norm = text.norm.replace(RIGHT_NOT_SIDE, (m) => ' '.repeat(m.length));
  return backHits.some((h) => BACK_SIDE_BEFORE.test(norm.slice(Math.max(0, h.start - 30), h.start)) || BACK_SIDE_AFTER.test(norm.slice(h.end, h.end + 30)));
}

/** Nerve-root picture (CLINICAL.md): below the knee with numbness, tingling or weakness; or worse coughing/sneezing. */
export function isNerveRootPattern(text: PreparedText, f: SymptomFeatures): boolean {
  const sensory = f.numbness === true || f.tingling === true || f.weakness === true;
  return (f.belowKnee === true && sensory) || f.aggravators.includes('coughing-sneezing') || NERVE_WORDING.test(text.norm);
}
