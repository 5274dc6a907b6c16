import { z } from 'zod';
import { CONTRAINDICATION_IDS, RED_FLAG_IDS, type ContraindicationId, type RedFlagId } from '../knowledge/vocabulary';
import { MODIFIER_CATEGORIES, modifierMask, type Mention, type ModifierCategory, type Sentence } from './concepts';

/**
 * Red flags and contraindications as compositions of concepts (src/nlp/data/flagRules.json). A rule holds when one
 * mention of each of its groups occurs in one sentence within `window` words of the first; its context decides what
 * it yields: clean -> asserted, hedged (or asked with the writer in it) -> possible, asked in general -> asked about,
 * denied -> denied, someone else's / resolved / on purpose -> nothing.
 */

export const FlagRuleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9.-]+$/),
    flag: z.enum(RED_FLAG_IDS).optional(),
    contraindication: z.enum(CONTRAINDICATION_IDS).optional(),
    /** asserted: a clean composition is a red flag; possible: it is only ever a hint; asked: only a topic asked about. */
    tier: z.enum(['asserted', 'possible', 'asked']),
    /** Concept groups: one mention of any concept of each group. */
    all: z.array(z.array(z.string()).min(1)).min(1),
    /** No mention of these concepts (any context but denied) may be in the sentence. */
    unless: z.array(z.string()).optional(),
    /** Categories that cancel it, besides OTHER and EXERCISE (e.g. PAST, INTENTIONAL). */
    suppressedBy: z.array(z.enum(MODIFIER_CATEGORIES)).optional(),
    window: z.number().int().min(1).max(40).optional(),
    /** A hedge does not soften it ("a bit of leakage", "kind of numb down there" still assert). */
    hedgeProof: z.boolean().optional(),
    /** Also holds across the sentences of a message ("Had prostate cancer in 2019. Now my back aches."). */
    acrossSentences: z.boolean().optional(),
    /** Only in a sentence that states, not one that asks ("I had cancer two years ago" vs "I had cancer, is massage ok?"). */
    statementOnly: z.boolean().optional(),
    note: z.string().optional(),
    examples: z.array(z.string()).min(1),
    notExamples: z.array(z.string()).min(1),
  })
  .refine((r) => (r.flag === undefined) !== (r.contraindication === undefined), 'a rule yields a flag or a contraindication, not both');

export const FlagRulesSchema = z.object({ $comment: z.string().optional(), rules: z.array(FlagRuleSchema).min(1) });
export type FlagRule = z.infer<typeof FlagRuleSchema>;

const DEFAULT_SUPPRESSED: readonly ModifierCategory[] = ['OTHER', 'EXERCISE', 'FIGURATIVE'];
/**
 * The body sites whose feeling and strength the flags are about, by family. A sensation or loss of function belongs to
 * the nearest of them in its sentence: in "pain in both legs and I can't feel the loo seat under me" the legs are not
 * the numb part, and in "my legs go dead if I sit on the loo" the saddle area is not.
 */
const SITE_FAMILY: ReadonlyMap<string, number> = new Map([
  ['site.lowerlimb', 1],
  ['site.legs-plural', 1],
  ['site.legs-both', 1],
  ['site.saddle', 2],
  ['site.toilet', 2],
]);
const OWNED_KINDS: ReadonlySet<string> = new Set(['sensation', 'function']);

/** True when word `k` belongs to a site phrase of `sites` (sorted by start). */
function insideSite(sites: readonly Mention[], k: number): boolean {
  for (let i = firstFrom(sites, k - MAX_SITE); i < sites.length && (sites[i] as Mention).start <= k; i++) if ((sites[i] as Mention).end > k) return true;
  return false;
}
/** Longest a site phrase can be, in words. */
const MAX_SITE = 24;

/** Words that tie a finding to the site named after them ("the numbness is worse round my privates"). */
const LOCATIVE: ReadonlySet<string> = new Set(['in', 'around', 'round', 'across', 'into', 'between', 'under', 'near', 'over']);
const COORDINATORS: ReadonlySet<string> = new Set(['and', 'or', ',', 'plus']);
/** A site the finding is shared with (a list of places): it counts as near for its family and never against another. */
const SHARED = -1;
const DETERMINERS: ReadonlySet<string> = new Set(['my', 'the', 'a', 'his', 'her', 'their', 'your', 'both', 'one', 'of']);

/**
 * Distance in words from a finding to a site (0 when they overlap). A site after the finding counts half a word more
 * ("my feet go numb on the toilet": the feet), unless a locative word right before the site, and at most three words after the finding, ties them ("numb round my
 * privates").
 */
function gap(finding: { start: number; end: number }, site: { start: number; end: number }, tokens: readonly string[], sites: readonly Mention[]): number {
  if (finding.start >= site.end) return finding.start - site.end;
  if (site.start < finding.end) return 0;
  let k = site.start - 1;
  while (k >= finding.end && DETERMINERS.has(tokens[k] as string)) k--;
  // The locative is a word of its own, not the start of another site phrase ("in both" before "both legs").
  if (k >= finding.end && LOCATIVE.has(tokens[k] as string) && !insideSite(sites, k)) {
    if (k - finding.end <= 3) return 0.25;
    // "spreading down both legs and round my inner thighs": a site added to a list shares the finding.
    if (COORDINATORS.has(tokens[k - 1] as string)) return SHARED;
  }
  return site.start - finding.end + 0.5;
}

/** First index of `list` (sorted by start) whose start is at least `from`. */
function firstFrom(list: readonly Mention[], from: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as Mention).start < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How far a site may lie from a finding and still be weighed: bounds the work on long texts. */
const SITE_REACH = 24;

/** True when a flag site of another family than `family` lies nearer to `m` than any of `family`. */
function belongsElsewhere(m: Mention, family: number, sites: readonly Mention[], tokens: readonly string[]): boolean {
  let own = Infinity;
  let other = Infinity;
  for (let i = firstFrom(sites, m.start - SITE_REACH); i < sites.length && (sites[i] as Mention).start <= m.end + SITE_REACH; i++) {
    const s = sites[i] as Mention;
    const d = gap(m, s, tokens, sites);
    if (SITE_FAMILY.get(s.concept) === family) own = Math.min(own, d === SHARED ? 0.25 : d);
    else if (d !== SHARED) other = Math.min(other, d);
  }
  return other < own;
}
const DEFAULT_WINDOW = 14;
/** Per rule list, worked out once: rules by the concepts of their first group, and each rule's cancelling categories. */
interface RuleIndex {
  byFirst: Map<string, number[]>;
  /** Each rule's cancelling categories as one bit mask (`modifierMask`). */
  suppressed: number[];
  /** Scratch: 1 for the rules that are candidates of the message being read (cleared after). */
  candidate: Uint8Array;
}
const indexes = new WeakMap<readonly FlagRule[], RuleIndex>();
function indexOf(rules: readonly FlagRule[]): RuleIndex {
  let idx = indexes.get(rules);
  if (idx === undefined) {
    const byFirst = new Map<string, number[]>();
    rules.forEach((r, i) => {
      for (const c of r.all[0] ?? []) {
        const list = byFirst.get(c);
        if (list) list.push(i);
        else byFirst.set(c, [i]);
      }
    });
    idx = { byFirst, suppressed: rules.map((r) => modifierMask([...DEFAULT_SUPPRESSED, ...(r.suppressedBy ?? [])])), candidate: new Uint8Array(rules.length) };
    indexes.set(rules, idx);
  }
  return idx;
}

/** How a mention (or a composition, by its weakest mention) stands. Higher is stronger. */
export const enum Standing {
  Ignored = 0,
  Denied = 1,
  Asked = 2,
  Hedged = 3,
  Clean = 4,
}

function standingOf(m: Mention, sentence: Sentence, suppressed: number): Standing {
  const mods = m.modifiers;
  if (mods.has('NEGATED')) return Standing.Denied;
  const inQuestion = sentence.question && m.start >= sentence.questionStart;
  const asked = mods.has('HYPOTHETICAL') || (mods.has('QUESTION') && !sentence.self);
  // Any cancelling category at once (a bit mask, not a loop asking for each by name).
  if ((mods.bits & suppressed) !== 0) return asked ? Standing.Asked : Standing.Ignored;
  if (mods.has('HYPOTHETICAL')) return Standing.Asked;
  if (mods.has('QUESTION')) return sentence.self ? Standing.Hedged : Standing.Asked;
  // A question with no "I" or "my" in it ("is sciatica in both legs serious?") asks about the topic.
  if (inQuestion && !sentence.self) return Standing.Asked;
  // A hedge softens a finding, never the body site it is about ("after resting a bit both legs go weak"); a posture
  // softens only a feeling or a limb's function ("numb on the loo"), not an event told beside it ("landed on my wallet").
  if ((mods.has('HEDGE') && m.kind !== 'site') || (mods.has('POSITIONAL') && (m.kind === 'sensation' || m.kind === 'function' || m.kind === 'site'))) return Standing.Hedged;
  return Standing.Clean;
}

export interface RuleHit {
  rule: FlagRule;
  standing: Standing;
  mentions: Mention[];
  /** The writer speaks of themself (I, me, my) in the sentence the hit stands in. */
  self: boolean;
}

/** True when each group has a concept mentioned in `map`. */
function everyGroupIn(groups: readonly (readonly string[])[], map: ReadonlyMap<string, Mention[]>): boolean {
  for (const g of groups) {
    let any = false;
    for (const c of g) {
      if (map.has(c)) {
        any = true;
        break;
      }
    }
    if (!any) return false;
  }
  return true;
}

/**
 * The mentions of a group's concepts in one sentence, by start. Each concept's list is in text order already, so a
 * group with one concept mentioned needs no copy and no sort; several are merged by a stable sort (ties keep the
 * group's concept order).
 */
function groupMentions(group: readonly string[], map: ReadonlyMap<string, Mention[]>): Mention[] {
  let only: Mention[] | undefined;
  let several = false;
  for (const c of group) {
    const list = map.get(c);
    if (list === undefined) continue;
    if (only === undefined) only = list;
    else {
      several = true;
      break;
    }
  }
  if (!several) return only ?? [];
  const out: Mention[] = [];
  for (const c of group) for (const m of map.get(c) ?? []) out.push(m);
  return out.sort((a, b) => a.start - b.start);
}

/** Shared by the sentences without mentions (never written to). */
const NO_MENTIONS = new Map<string, Mention[]>();
const NO_SITES: Mention[] = [];

/** The mentions of the concepts of `unless` that are not denied ("I'm not diabetic" explains nothing). */
function explainersIn(unless: readonly string[], map: ReadonlyMap<string, Mention[]>): Mention[] {
  let out: Mention[] | undefined;
  for (const c of unless) {
    const list = map.get(c);
    if (list !== undefined) for (const m of list) if (!m.modifiers.has('NEGATED')) (out ??= []).push(m);
  }
  return out ?? NO_SITES;
}

const CONTRAST: ReadonlySet<string> = new Set(['but', 'however', 'although', 'though', 'yet', 'whereas']);
/**
 * True when a condition named as the cause (a history mention) stands on the other side of a contrast word ("but",
 * "however") from the finding. An explanation of another kind reaches over it ("fell last week, but the ache started long
 * before that").
 */
function contrastBetween(tokens: readonly string[], a: Mention, b: Mention): boolean {
  if (a.kind !== 'history') return false;
  const from = Math.min(a.end, b.end);
  const to = Math.max(a.start, b.start);
  for (let k = from; k < to; k++) if (CONTRAST.has(tokens[k] as string)) return true;
  return false;
}

/** True when the sites are of more than one family. */
function twoFamiliesIn(sites: readonly Mention[]): boolean {
  if (sites.length < 2) return false;
  const first = SITE_FAMILY.get((sites[0] as Mention).concept);
  for (const m of sites) if (SITE_FAMILY.get(m.concept) !== first) return true;
  return false;
}

/** The strongest standing of each rule over the text's sentences (rules that never hold are left out). */
export function applyRules(rules: readonly FlagRule[], mentions: readonly Mention[], sentences: readonly Sentence[], tokens: readonly string[]): RuleHit[] {
  const out: RuleHit[] = [];
  // Mentions by sentence, then by concept (a sentence without mentions shares one empty map), and the flag sites of
  // each sentence. Plain loops and no map per empty sentence: this runs on every message that could raise a flag.
  const bySentence: Array<Map<string, Mention[]>> = new Array<Map<string, Mention[]>>(sentences.length).fill(NO_MENTIONS);
  const sitesBySentence: Mention[][] = new Array<Mention[]>(sentences.length).fill(NO_SITES);
  for (const m of mentions) {
    let map = bySentence[m.sentence] as Map<string, Mention[]>;
    if (map === NO_MENTIONS) bySentence[m.sentence] = map = new Map();
    const list = map.get(m.concept);
    if (list) list.push(m);
    else map.set(m.concept, [m]);
    if (SITE_FAMILY.has(m.concept)) {
      let sites = sitesBySentence[m.sentence] as Mention[];
      if (sites === NO_SITES) sitesBySentence[m.sentence] = sites = [];
      sites.push(m);
    }
  }
  // Only rules whose first group is mentioned can hold: look them up by concept, keep the file's order.
  const index = indexOf(rules);
  const candidate = index.candidate;
  for (const m of mentions) {
    const list = index.byFirst.get(m.concept);
    if (list !== undefined) for (const i of list) candidate[i] = 1;
  }
  for (let ri = 0; ri < rules.length; ri++) {
    if (candidate[ri] === 0) continue;
    candidate[ri] = 0;
    const rule = rules[ri] as FlagRule;
    const suppressed = index.suppressed[ri] as number;
    const window = rule.window ?? DEFAULT_WINDOW;
    let best = null as RuleHit | null;
    // A plain loop (not forEach with a closure per rule): this runs for every candidate rule of every message.
    for (let si = 0; si < sentences.length; si++) {
      const sentence = sentences[si] as Sentence;
      const map = bySentence[si] as Map<string, Mention[]>;
      if (map.size === 0 || (rule.statementOnly === true && sentence.question)) continue;
      // Cheap tests first: most rules have a group with no mention in most sentences.
      if (!everyGroupIn(rule.all, map)) continue;
      // Each group's mentions by start, so the window around an anchor is found by binary search.
      const groups: Mention[][] = [];
      for (const g of rule.all) groups.push(groupMentions(g, map));
      const explainers = rule.unless !== undefined ? explainersIn(rule.unless, map) : NO_SITES;
      if (explainers.length > 0 && explainers.every((u) => (groups[0] as Mention[]).every((a) => !contrastBetween(tokens, u, a)))) {
        // Explained by something else ("diabetic neuropathy in both feet"): dismissed, so no phrase rule raises it either.
        if (best === null) best = { rule, standing: Standing.Ignored, mentions: groups.map((g) => g[0] as Mention), self: sentence.self };
        continue;
      }
      const sites = sitesBySentence[si] as Mention[];
      // Whether two families of flag sites are there to tell apart.
      const twoFamilies = twoFamiliesIn(sites);
      for (const anchor of groups[0] as Mention[]) {
        // "the neuropathy creeps up from my feet, but this time my knees keep giving way": an explanation on the other side
        // of a contrast explains nothing here.
        if (explainers.length > 0 && explainers.some((u) => !contrastBetween(tokens, u, anchor))) {
          if (best === null) best = { rule, standing: Standing.Ignored, mentions: groups.map((g) => g[0] as Mention), self: sentence.self };
          continue;
        }
        const chosen: Mention[] = [anchor];
        let standing = standingOf(anchor, sentence, suppressed);
        let ok = true;
        for (let gi = 1; gi < groups.length && ok; gi++) {
          let pick: Mention | null = null;
          let pickStanding = -1;
          const group = groups[gi] as Mention[];
          for (let i = firstFrom(group, anchor.start - window); i < group.length && (group[i] as Mention).start <= anchor.start + window; i++) {
            const m = group[i] as Mention;
            // Two groups may share words ("wet myself" is a bladder word and a loss of control), not the very same mention.
            if (chosen.includes(m)) continue;
            if (twoFamilies && OWNED_KINDS.has(m.kind)) {
              const site = chosen.find((c) => SITE_FAMILY.has(c.concept));
              if (site !== undefined && belongsElsewhere(m, SITE_FAMILY.get(site.concept) as number, sites, tokens)) continue;
            }
            const s = standingOf(m, sentence, suppressed);
            if (s > pickStanding) {
              pick = m;
              pickStanding = s;
            }
          }
          if (pick === null) ok = false;
          else {
            chosen.push(pick);
            standing = Math.min(standing, pickStanding);
          }
        }
        if (!ok) continue;
        if (rule.hedgeProof && standing === Standing.Hedged) standing = Standing.Clean;
        if (best === null || standing > best.standing) best = { rule, standing, mentions: chosen, self: sentence.self };
      }
    }
    if (best !== null) out.push(best);
  }
  return out;
}

export interface FlagOutcome {
  redFlags: Map<RedFlagId, RuleHit>;
  possible: Map<RedFlagId, RuleHit>;
  asked: Map<RedFlagId, RuleHit>;
  denied: Map<RedFlagId, RuleHit>;
  contraindications: Map<ContraindicationId, RuleHit>;
  deniedContraindications: Map<ContraindicationId, RuleHit>;
  /** Flags whose words are there but about someone else, resolved, on purpose or an instruction. */
  dismissed: Map<RedFlagId, RuleHit>;
}

/** Sets `key` unless it is set: the first hit of each id wins. */
function put<K>(map: Map<K, RuleHit>, key: K, hit: RuleHit): void {
  if (!map.has(key)) map.set(key, hit);
}

/** Sorts rule hits into the analysis's tiers: every asserted flag, possible ones not asserted, and so on. */
export function outcome(hits: readonly RuleHit[]): FlagOutcome {
  const o: FlagOutcome = {
    redFlags: new Map(),
    possible: new Map(),
    asked: new Map(),
    denied: new Map(),
    contraindications: new Map(),
    deniedContraindications: new Map(),
    dismissed: new Map(),
  };
  for (const h of hits) {
    const { rule, standing } = h;
    if (rule.contraindication !== undefined) {
      if (standing === Standing.Ignored) continue;
      // Stated, hedged, or asked with the writer in it ("can I have cupping if I'm on warfarin?") is about the
      // person; a general question ("what massage is safe in pregnancy?") names the condition without stating it.
      if (standing > Standing.Asked || (standing === Standing.Asked && h.self)) put(o.contraindications, rule.contraindication, h);
      else if (standing === Standing.Denied) put(o.deniedContraindications, rule.contraindication, h);
      continue;
    }
    const flag = rule.flag as RedFlagId;
    if (standing === Standing.Ignored) {
      put(o.dismissed, flag, h);
      continue;
    }
    if (rule.tier === 'asked') {
      if (standing === Standing.Asked) put(o.asked, flag, h);
      else if (standing === Standing.Denied) put(o.denied, flag, h);
      continue;
    }
    if (standing === Standing.Clean && rule.tier === 'asserted') put(o.redFlags, flag, h);
    else if (standing >= Standing.Hedged) put(o.possible, flag, h);
    else if (standing === Standing.Asked) put(o.asked, flag, h);
    else if (standing === Standing.Denied) put(o.denied, flag, h);
  }
  for (const f of o.redFlags.keys()) {
    o.possible.delete(f);
    o.asked.delete(f);
    o.denied.delete(f);
    o.dismissed.delete(f);
  }
  for (const f of o.possible.keys()) {
    o.asked.delete(f);
    o.denied.delete(f);
  }
  for (const c of o.contraindications.keys()) o.deniedContraindications.delete(c);
  return o;
}
