import type { Intent } from '../knowledge/vocabulary';
import { z } from 'zod';
import { readDialogue } from './dialogue';
import { extractFeatures, isNerveRootPattern, scanLexicon, type LexiconHits } from './features';
import { IntentClassifier, IntentDataSchema, NaturalModelSchema, intentFeatures, trainNatural, type IntentData, type NaturalModel } from './intentClassifier';
import { GuardedPattern, compileLexicon, type CompiledLexicon } from './lexicon';
import { MuscleScorer } from './muscles';
import { ANIMAL_WORDS, OWN_BODY, computeScopes, isCarerReport } from './negation';
import { ConceptFlagReader, type ConceptFlags } from './flags';
import { SpellingCorrector } from './spelling';
import { CUE_NAMES, CueReader, type CueName, type CueReading } from './cues';
import { findTechniques } from './techniques';
import { HEAVY_LIMIT, chunks, cleanText, displayText, prepare, type PreparedText, type Word } from './text';
import type { Analysis, Analyzer, BodyArea, ContraindicationMatch, Explanation, IntentScore, RedFlagMatch } from './types';
import type { RedFlagId } from '../knowledge/vocabulary';
import intentsJson from './data/intents.json';
import intentModelJson from './data/intentModel.json';
import realWordsJson from './data/realWords.json';
import flagModelJson from './data/flagModel.json';
import cuesJson from './data/cues.json';
import { FlagModel, addModelFlags, flagModelFeatures } from './flagModel';

/** Intents that are about the domain: without any domain word they fall back to out_of_scope. */
const DOMAIN_INTENTS: ReadonlySet<Intent> = new Set(['symptom', 'muscle_info', 'technique_info', 'aftercare']);
/** Areas that keep a named condition of elsewhere in scope (a knee or a heel does not: "plantar fasciitis in my heel"). */
const CORE_AREAS: ReadonlySet<BodyArea> = new Set<BodyArea>(['buttock', 'sit-bone', 'low-back', 'waist', 'hip-side', 'hip-front', 'hip', 'groin', 'thigh-back', 'thigh-side', 'thigh-front']);
/** Aggravators that say the trouble is in the back or hip even when only a knee is named ("worse when I sit, better lying with my knees bent", "bringing my knee to my chest"). */
const TRUNK_AGGRAVATORS: ReadonlySet<string> = new Set(['sitting', 'standing-up-from-sitting', 'crossing-legs', 'driving', 'bending', 'twisting', 'lying-on-side', 'rolling-in-bed', 'coughing-sneezing', 'lifting-knee']);

/**
 * A knee complaint alone ("heard a pop in my knee sprinting", "my knees ache before my period"): the knee is the only
 * place named, with no back, buttock, hip, leg or sciatica word, no nerve symptom, no possible flag and no
 * contraindication.
 */
function kneeOnly(features: Analysis['features'], concept: ConceptFlags, cues: CueReading, kneeKeeps: readonly string[]): boolean {
  const places = [...features.locations, ...features.spreadsTo];
  // Someone else's knee ("my wife's knee keeps swelling") is not among the person's places: read the words.
  const knee = places.length > 0 ? places.every((p) => p === 'knee') : cues.has('knee') && !cues.has('other-limb');
  return (
    knee &&
    !features.aggravators.some((a) => TRUNK_AGGRAVATORS.has(a)) &&
    features.numbness !== true &&
    features.tingling !== true &&
    features.weakness !== true &&
    !kneeKeeps.some((c) => concept.concepts.has(c)) &&
    concept.possible.size === 0 &&
    concept.contraindications.size === 0
  );
}
/** Social intents whose words are a cue of the same name (cues.json): a low-confidence guess without them is out of scope. */
const SOCIAL_CUES: ReadonlySet<Intent> = new Set<Intent>(['greeting', 'thanks', 'cancel', 'help']);
/** Below this, a domain intent with no domain words is treated as out of scope. */
const OOS_CONFIDENCE = 0.9;

const CLAUSE_END = new Set(['.', ',', ';', '!', '?']);
/** "... and for the last few days I've had night sweats": "and" plus a new subject or time starts a new clause. */
const NEW_CLAUSE = /^ and (?:i|for|now|then|also|since|lately|recently|it|this|these|last|over|yesterday|today|at night) /;

/** A pet's trouble: "my dog's back legs", "our old cat" (the animal words are shared with the red-flag layer). */
const PET = new GuardedPattern(new RegExp(`(?<![a-z])(?:my|our|the) (?:[a-z]+ )?${ANIMAL_WORDS}(?![a-z])`));
/** A message that asks (a question mark, or a question or recommending word): a cushion told in a story is not shopping. */
const ASKS = /\?|(?:^| )(?:which|what|is|are|does|do|should|would|recommend|best)(?= )/;
/** True when the token has a letter or digit (a plain loop: most tokens answer at their first character). */
function hasWordChar(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) return true;
  }
  return false;
}

/** Keyboard rows: runs along one are mashing, not words. */
const KEY_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
/** Row * 16 + column of each key on KEY_ROWS by character code, -1 off them: a run along a row steps by 1. */
const KEY_AT = new Int8Array(128).fill(-1);
KEY_ROWS.forEach((row, r) => {
  for (let col = 0; col < row.length; col++) KEY_AT[row.charCodeAt(col)] = r * 16 + col;
});

/** True when four characters in a row of `w` are neighbours left to right on one keyboard row ("asdf", "wert"). */
function hasKeyRun(w: string): boolean {
  let run = 1;
  for (let i = 1; i < w.length; i++) {
    const prev = w.charCodeAt(i - 1);
    const c = w.charCodeAt(i);
    const a = prev < 128 ? (KEY_AT[prev] as number) : -1;
    const b = c < 128 ? (KEY_AT[c] as number) : -1;
    run = a >= 0 && b === a + 1 ? run + 1 : 1;
    if (run >= 4) return true;
  }
  return false;
}

/** True for a token that looks like keyboard mashing: no vowel, a run of 4 along a key row, or a repeated pair. */
function isMash(w: string): boolean {
  if (w.length < 4 || /[0-9]/.test(w)) return false;
  if (!/[aeiouy]/.test(w)) return true;
  if (/^([a-z]{1,2})\1{2,}[a-z]?$/.test(w)) return true;
  return hasKeyRun(w);
}

/** The clause (between punctuation or "but") around a span: words there describe the red flag, not a muscle. */
function clauseAround(norm: string, start: number, end: number): readonly [number, number] {
  let a = start;
  while (a > 0 && !CLAUSE_END.has(norm[a - 1] as string) && !norm.startsWith(' but ', a - 1) && !NEW_CLAUSE.test(norm.slice(a - 1, a + 14))) a--;
  let b = end;
  while (b < norm.length && !CLAUSE_END.has(norm[b] as string) && !norm.startsWith(' but ', b) && !NEW_CLAUSE.test(norm.slice(b, b + 15))) b++;
  return [a, b];
}

/** Puts an overriding intent first with its confidence; the rest share what is left, in their old order. */
function overrideRanking(ranking: readonly IntentScore[], intent: Intent, confidence: number): IntentScore[] {
  let sum = 0;
  for (const r of ranking) if (r.intent !== intent) sum += r.confidence;
  const share = sum || 1;
  const out: IntentScore[] = [{ intent, confidence }];
  for (const r of ranking) if (r.intent !== intent) out.push({ intent: r.intent, confidence: (r.confidence / share) * (1 - confidence) });
  return out;
}

/**
 * The carer test of a message, asked lazily and at most once. Made here, not as a named closure in the caller: under
 * tsx (keepNames) a named closure costs an Object.defineProperty per message.
 */
function carerTest(norm: string): () => boolean {
  let memo: boolean | undefined;
  return () => (memo ??= isCarerReport(norm));
}

/** Flags that are about a part of the body: the words of their site describe the flag, not a muscle. */
const LOCAL_FLAGS: ReadonlySet<RedFlagId> = new Set(['saddle-numbness', 'leg-weakness', 'bilateral', 'bladder-bowel']);

/**
 * The concept layer's reading as the analysis reports it: every asserted flag with its evidence, possible flags
 * that are not asserted, flags asked about or denied, and the character spans of the asserted flags' words (words
 * there describe the flag, not a muscle).
 */
function flagsOf(
  concept: ConceptFlags,
  head: PreparedText,
): { flags: RedFlagMatch[]; possible: RedFlagMatch[]; negated: string[]; spans: Array<readonly [number, number]>; hypothetical: RedFlagId[]; explanations: Explanation[] } {
  const flags: RedFlagMatch[] = [];
  const spans: Array<readonly [number, number]> = [];
  for (const [id, h] of concept.redFlags) {
    flags.push({ id, evidence: concept.evidence(h) });
    // A flag of the body (numbness, weakness, control) covers its site too; an event or a history does not: "came off
    // my horse and now the outside of my hip is agony" still says where it hurts.
    const span = concept.span(h, LOCAL_FLAGS.has(id) ? undefined : (m) => m.kind !== 'site' && m.kind !== 'sensation');
    if (span !== null && span.tokens === head.tokens) {
      const last = span.end - 1;
      spans.push([head.starts[span.start] as number, (head.starts[last] as number) + (head.tokens[last] as string).length]);
    }
  }
  const possible: RedFlagMatch[] = [];
  for (const [id, h] of concept.possible) possible.push({ id, evidence: concept.evidence(h) });
  return {
    flags,
    possible,
    negated: [...concept.denied.keys()],
    spans,
    hypothetical: [...concept.asked.keys()],
    explanations: concept.explanations.filter((e) => e.kind !== 'contraindication'),
  };
}

/** The shipped flag model, compiled once per process (it is immutable). */
let shippedNet: FlagModel | undefined;

/** Data the analyzer is built from; defaults are the files in src/nlp/data. */
export interface AnalyzerData {
  lexicon?: unknown;
  intents?: unknown;
  /** The concept layer's files (concepts.json, context.json, flagRules.json). */
  concepts?: unknown;
  context?: unknown;
  flagRules?: unknown;
  /**
   * natural's trained intent model (`data/intentModel.json`, generated by `scripts/intentModel.ts`). Used with the
   * default intents and lexicon; with other intents or lexicon, or `null`, natural trains one at start-up.
   */
  intentModel?: unknown;
  /** The intent rules' phrase cues (`data/cues.json`, `cues.ts`). */
  cues?: unknown;
  /** The learned possible-flag net (`data/flagModel.json`, `scripts/flagModel.ts`); `null` turns it off. */
  flagModel?: unknown;
}

/** The neutral values of the fields the concept layer and the dialogue reader fill: what a message with no words gets, and the base they override. */
const NO_DIALOGUE = (isQuestion: boolean) => ({
  possibleRedFlags: [],
  askedAboutRedFlags: [],
  contraindications: [],
  deniedContraindications: [],
  command: null,
  answer: { yesNo: null, screening: null, alreadyTold: false },
  isQuestion,
  ask: null,
  explanations: [],
});
const EMPTY_FEATURES = (): Analysis['features'] => ({
  locations: [],
  spreadsTo: [],
  belowKnee: null,
  aggravators: [],
  relievers: [],
  quality: [],
  numbness: null,
  tingling: null,
  weakness: null,
  side: null,
  duration: null,
});

const RealWordsSchema = z.object({ $comment: z.string().optional(), words: z.array(z.string().regex(/^[a-z]+$/)) });

/** natural's intent model trained from the intents data, as `data/intentModel.json` holds it (`scripts/intentModel.ts`). */
export function trainIntentModel(data: AnalyzerData = {}): NaturalModel {
  return new TextAnalyzer({ ...data, intentModel: null }).intentModel;
}

/** The text of `data/intentModel.json`: the trained model, one feature or class per line so a diff reads. */
export function intentModelFile(): string {
  const m = trainIntentModel();
  const lines = (o: Record<string, unknown>): string => Object.entries(o).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n');
  const c = m.classifier;
  return [
    '{',
    '  "$comment": "Generated by scripts/intentModel.ts from intents.json (natural BayesClassifier, smoothing 0.5). Do not edit.",',
    `  "features": {\n${lines(m.features)}\n  },`,
    `  "classifier": {\n  "classFeatures": {\n${lines(c.classFeatures)}\n  },\n  "classTotals": ${JSON.stringify(c.classTotals)},\n  "totalExamples": ${c.totalExamples},\n  "smoothing": ${c.smoothing}\n  }`,
    '}',
    '',
  ].join('\n');
}

/** The free-text matcher: data validated and the intent model trained once, then `analyze` is pure. */
export class TextAnalyzer implements Analyzer {
  private readonly lex: CompiledLexicon;
  private readonly muscles: MuscleScorer;
  private readonly speller: SpellingCorrector;
  private readonly classifier: IntentClassifier;
  /** natural's intent model the classifier was frozen from. */
  readonly intentModel: NaturalModel;
  /** The concept layer: lexicon, context modifiers and flag / contraindication compositions. */
  readonly concepts: ConceptFlagReader;
  /** The learned net for the possible tier (flagModel.ts), or null. */
  private readonly flagNet: FlagModel | null;
  /** The intent rules' phrase cues and concept lists (data/cues.json). */
  readonly cues: CueReader;
  /** `prepare`'s memo of raw tokens: the rewrites and the speller are fixed once built. */
  private readonly tokenMemo = new Map<string, readonly Word[]>();

  constructor(data: AnalyzerData = {}) {
    this.lex = compileLexicon(data.lexicon);
    this.muscles = new MuscleScorer(this.lex);
    const parsed = IntentDataSchema.safeParse(data.intents ?? intentsJson);
    if (!parsed.success) throw new Error(`src/nlp/data/intents.json is invalid: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    const intents: IntentData = parsed.data;

    // Words seen in training or the lexicon are real words: the speller must leave them alone.
    const known = new Set<string>();
    for (const list of Object.values(intents.intents)) {
      for (const utterance of list ?? []) for (const t of prepare(cleanText(utterance), () => null).tokens) known.add(t);
    }
    for (const [k, v] of this.lex.rewrites) {
      known.add(k);
      for (const w of v.split(' ')) known.add(w);
    }
    // Real English words a typo away from a target ("dancer", "never"): generated by scripts/realWords.ts.
    const realWords = RealWordsSchema.safeParse(realWordsJson);
    if (!realWords.success) throw new Error(`src/nlp/data/realWords.json is invalid: ${realWords.error.issues.map((i) => i.message).join('; ')}`);
    for (const w of realWords.data.words) known.add(w);
    this.speller = new SpellingCorrector(this.lex.data.fuzzyTargets, known);
    // Concept terms go through the same word rewriting as messages, so "won't lift" matches "will not lift". The
    // concept and cue terms repeat their words tens of thousands of times: each word is normalised once for both.
    const termWords = new Map<string, string[]>();
    const normaliseWord = (w: string): string[] => {
      let out = termWords.get(w);
      if (out === undefined) termWords.set(w, (out = this.prepareText(w).tokens));
      return out;
    };
    this.concepts = new ConceptFlagReader(normaliseWord, { concepts: data.concepts, context: data.context, flagRules: data.flagRules });
    // The intent rules' cues are read like concept terms: same word rewriting, same matcher.
    this.cues = new CueReader(data.cues ?? cuesJson, normaliseWord, this.concepts.reader.conceptIds);

    // The shipped model was trained on the default intents and lexicon (its features read the lexicon): other data trains its own.
    const shipped = data.intents === undefined && data.lexicon === undefined;
    const model = data.intentModel !== undefined ? data.intentModel : shipped ? intentModelJson : null;
    if (model === null) {
      this.intentModel = this.trainIntentModel(intents);
    } else {
      const parsedModel = NaturalModelSchema.safeParse(model);
      if (!parsedModel.success) throw new Error(`src/nlp/data/intentModel.json is invalid: ${z.prettifyError(parsedModel.error)}`);
      this.intentModel = parsedModel.data;
    }
    this.classifier = new IntentClassifier(this.intentModel);
    // The shipped net learned from the default concept data: with other data (tests of rules) it stays off unless given.
    const ownData = data.concepts === undefined && data.context === undefined && data.flagRules === undefined && data.lexicon === undefined;
    const net = data.flagModel !== undefined ? data.flagModel : ownData ? flagModelJson : null;
    this.flagNet = net === null ? null : net === flagModelJson ? (shippedNet ??= new FlagModel(net)) : new FlagModel(net);
  }

  /** natural's model trained on the intents through this analyzer's own features (`scripts/intentModel.ts` saves it). */
  private trainIntentModel(intents: IntentData): NaturalModel {
    const examples: Array<{ features: string[]; intent: Intent }> = [];
    for (const [intent, list] of Object.entries(intents.intents) as Array<[Intent, string[]]>) {
      for (const utterance of list) examples.push({ features: this.features(this.prepareText(utterance)).features, intent });
    }
    return trainNatural(examples);
  }

  private prepareText(raw: string): PreparedText & { words: Word[] } {
    const rewrites = this.lex.rewrites;
    return prepare(cleanText(raw), (w) => rewrites.get(w) ?? this.speller?.correct(w) ?? null, this.tokenMemo);
  }

  /** The flag model's features of a message, what `analyze` gives the net, and the flags the concept layer dismissed (scripts/flagModel.ts). */
  flagModelInput(raw: string): { features: string[]; dismissed: RedFlagId[] } {
    const head = this.prepareText(raw.length > HEAVY_LIMIT ? raw.slice(0, HEAVY_LIMIT) : raw);
    const dismissed = [...this.readConcepts(raw, head).dismissed.keys()];
    return { features: flagModelFeatures(head.tokens, computeScopes(head.tokens), isCarerReport(head.norm)), dismissed };
  }

  /** The phrase cues (data/cues.json) a message shows, in their data order: what the intent rules read. */
  cuesOf(raw: string): CueName[] {
    const reading = this.cues.reading(this.prepareText(raw.length > HEAVY_LIMIT ? raw.slice(0, HEAVY_LIMIT) : raw).tokens);
    return CUE_NAMES.filter((n) => reading.has(n));
  }

  /** What `analyze` gives the intent classifier for a message: masked tokens and concept markers. */
  intentInputOf(raw: string): { tokens: readonly string[]; concepts: string[]; words: readonly Word[] | undefined } {
    const text = this.prepareText(raw.length > HEAVY_LIMIT ? raw.slice(0, HEAVY_LIMIT) : raw);
    return this.signals(text, this.lex.muscles.scan(text.norm), this.lex.techniques.scan(text.norm), null);
  }

  /** Intent features plus the lexicon signals both training and analysis need. */
  private features(text: PreparedText): { features: string[]; domain: boolean; painWord: boolean; other: boolean; areaWord: boolean } {
    const f = this.signals(text, this.lex.muscles.scan(text.norm), this.lex.techniques.scan(text.norm), null);
    return { ...f, features: intentFeatures(f.tokens, f.concepts) };
  }

  /**
   * Masked tokens and concept markers for the intent model, and the lexicon signals. `hits` (when the caller scanned
   * them already) answers the area, aggravator and finding tests (`test` is true exactly when `scan` has a hit).
   */
  private signals(
    text: PreparedText,
    muscleHits: ReadonlyArray<{ start: number; end: number }>,
    techHits: ReadonlyArray<{ start: number; end: number }>,
    hits: LexiconHits | null,
  ): { tokens: readonly string[]; words: readonly Word[] | undefined; concepts: string[]; domain: boolean; painWord: boolean; other: boolean; areaWord: boolean } {
    const { norm } = text;
    // Entities become markers so "tell me about cupping" teaches "tell me about <technique>".
    let tokens: readonly string[] = text.tokens;
    if (muscleHits.length > 0 || techHits.length > 0) {
      let masked = norm;
      // Plain loops: spreading two mapped arrays made this function deoptimise while it warmed up.
      const spans: Array<{ start: number; end: number; mark: string }> = [];
      for (const h of muscleHits) spans.push({ start: h.start, end: h.end, mark: 'xmuscle' });
      for (const h of techHits) spans.push({ start: h.start, end: h.end, mark: 'xtechnique' });
      spans.sort((a, b) => b.start - a.start);
      for (const s of spans) masked = masked.slice(0, s.start) + s.mark + masked.slice(s.end);
      tokens = masked.split(' ');
    } // else: norm is the tokens joined by spaces (prepare), so its split is the token list itself.
    const lex = this.lex;
    const concepts: string[] = [];
    if (muscleHits.length) concepts.push('#muscle');
    if (techHits.length) concepts.push('#technique');
    const areas = hits !== null ? hits.areas.length > 0 : lex.areas.test(norm);
    if (areas) concepts.push('#area');
    if (hits !== null ? hits.aggravators.length > 0 : lex.aggravators.test(norm)) concepts.push('#aggravator');
    const findings = hits !== null ? hits.findings.length > 0 : lex.findings.test(norm);
    if (findings) concepts.push('#finding');
    const domainWord = lex.domain.test(norm);
    if (domainWord) concepts.push('#domain');
    const other = lex.otherBodyParts.test(norm);
    if (other) concepts.push('#otherbody');
    const painWord = lex.painWords.test(norm);
    if (painWord) concepts.push('#pain');
    const domain = muscleHits.length > 0 || techHits.length > 0 || areas || domainWord || findings;
    // The prepared words go with the tokens when no entity was masked (the classifier keeps its lookups on them).
    return { tokens, words: tokens === text.tokens ? text.words : undefined, concepts, domain, painWord, other, areaWord: areas };
  }

  /** The concept layer over the whole text (long texts in overlapping pieces, so nothing past the cut-off is missed). */
  private readConcepts(raw: string, head: PreparedText & { words: Word[] }): ConceptFlags {
    const carer = carerTest(head.norm);
    const first = this.concepts.hits(head.tokens, carer, head.words);
    const pieces = [{ tokens: head.tokens, hits: first.hits, concepts: first.concepts }];
    if (raw.length > HEAVY_LIMIT) {
      for (const piece of chunks(raw.slice(HEAVY_LIMIT - 200), HEAVY_LIMIT)) {
        const p = this.prepareText(piece);
        const h = this.concepts.hits(p.tokens, carer, p.words);
        pieces.push({ tokens: p.tokens, hits: h.hits, concepts: h.concepts });
      }
    }
    return this.concepts.resolve(pieces);
  }

  /** Reads one message. Never throws: anything that is not text is treated as an empty message. */
  analyze(input: string): Analysis {
    const raw = typeof input === 'string' ? input : '';
    const display = displayText(raw);
    const head = this.prepareText(raw.length > HEAVY_LIMIT ? raw.slice(0, HEAVY_LIMIT) : raw);
    const words = head.tokens.filter(hasWordChar);
    if (words.length === 0) {
      // A bare "?" (or "??") asks what the bot can do.
      const asks = head.tokens.includes('?');
      const ranking: IntentScore[] = [{ intent: asks ? 'help' : 'out_of_scope', confidence: asks ? 0.6 : 0 }];
      return {
        text: display,
        intent: asks ? 'help' : 'out_of_scope',
        confidence: asks ? 0.6 : 0,
        ranking,
        muscles: [],
        techniques: [],
        redFlags: [],
        ...NO_DIALOGUE(asks),
        ...readDialogue(head, computeScopes(head.tokens), []),
        negated: [],
        features: EMPTY_FEATURES(),
        nerveRootPattern: false,
      };
    }

    const concept = this.readConcepts(raw, head);
    const red = flagsOf(concept, head);
    const scopes = computeScopes(head.tokens);
    const net = this.flagNet;
    if (net !== null) addModelFlags((skip) => net.likeliestOf(head.words, scopes, carerTest(head.norm), skip), red, concept.dismissed);
    const hits = scanLexicon(this.lex, head);
    const features = extractFeatures(head, hits, scopes);
    const names = this.lex.muscles.scan(head.norm);
    const flagClauses = red.spans.map(([a, b]) => clauseAround(head.norm, a, b));
    const muscles = this.muscles.score(head, hits, features, scopes, names, flagClauses);
    const techHits = this.lex.techniques.scan(head.norm);
    const techniques = findTechniques(techHits);

    const f = this.signals(head, names, techHits, hits);
    const { ranking, knownFeatures } = this.classifier.classify(f.tokens, f.concepts, f.words);
    let intent = (ranking[0] as IntentScore).intent;
    let intentRule = 'intent-model';
    let confidence = (ranking[0] as IntentScore).confidence;
    const cues = this.cues.reading(head.tokens);
    // What the message does in the conversation (its follow-up ask is read by the intent rules too).
    const dialogue = readDialogue(head, scopes, techniques, names);
    // "what does cauda equina mean?": asking what the name of an emergency means asks about its signs (cues.json flagTerms),
    // when the message tells no flag itself.
    if (red.flags.length === 0 && red.possible.length === 0 && red.hypothetical.length === 0 && cues.has('term-question')) {
      for (const id of this.cues.flagTerms(head.tokens)) red.hypothetical.push(id);
    }
    const flagTalk = red.flags.length > 0 || red.negated.length > 0 || red.hypothetical.length > 0;
    // A contraindication stated ("I'm on warfarin", "6 weeks post op") is about the person's health, like a flag; a cold
    // or a rash is not ("itchy red rash on my forearm" stays out of scope).
    let healthStated = false;
    for (const id of concept.contraindications.keys()) if (id !== 'fever-unwell-skin') healthStated = true;
    const strongDomain = f.domain || flagTalk || muscles.length > 0 || concept.concepts.has('topic.redflag-talk') || healthStated;
    // Another body part or condition (neck, migraine, plantar fasciitis) with nothing of this bot's in the message.
    const found = concept.concepts;
    const sets = this.cues.conceptSets;
    const elsewhere =
      ((found.has('topic.elsewhere') && !f.areaWord && !found.has('site.lowerlimb')) ||
        (found.has('topic.other-condition') && !features.locations.some((a) => CORE_AREAS.has(a)))) &&
      !sets['in-scope-sites'].some((c) => found.has(c)) &&
      names.length === 0 &&
      !flagTalk &&
      red.possible.length === 0 &&
      concept.contraindications.size === 0 &&
      concept.deniedContraindications.size === 0;
    // "my back is completely fine", "nothing to do with my back" (NOT_BACK) with no buttock, hip, groin, leg or
    // sciatica either, a question about a seat or stool to buy (topic.equipment), or a knee alone; no muscle or
    // technique named, no asserted red flag.
    // Numbness down there from the bike seat or a long ride that passes, no pain and no flag even possible: a saddle
    // fit question, not this bot's ("goes a bit numb down there after a long bike ride, back to normal after a rest").
    const localSaddle = found.has('cause.local') && found.has('site.saddle') && !found.has('site.buttock') && !found.has('sym.pain') && red.possible.length === 0;
    const disclaimed =
      ((cues.has('not-back') && !sets['disclaimer-keeps'].some((c) => found.has(c)) && !flagTalk && !found.has('event.trauma')) || (found.has('topic.equipment') && head.tokens.includes('?')) || kneeOnly(features, concept, cues, sets['knee-keeps']) || localSaddle) &&
      names.length === 0 &&
      techniques.length === 0 &&
      red.flags.length === 0;
    // "the day after a hard massage my neck is still sore": how a session left them is aftercare, wherever it is felt.
    // "is trigger point therapy actually worth the money?": whether a named technique works, not what it costs.
    const doubtsTechnique = techniques.length > 0 && dialogue.ask === 'worth-it' && cues.has('efficacy-doubt');
    const postSession = found.has('topic.post-session') && red.flags.length === 0 && !cues.has('recurs');
    // "fine while I'm sitting but the longer I sit the worse it catches when I stand": what eases it and what sets it off,
    // told with no body word, is still the person's back story (two postures or more read as aggravators or relievers).
    const postureStory = features.aggravators.length + features.relievers.length >= 2;
    // "had cancer in 95, signed off after ten years of checkups, is deep tissue ok on my hamstrings?": a health condition
    // stated and a safety question; the admin word ("signed off", "insurance") is background, not the question.
    const safetyOfOwnHealth = healthStated && found.has('ask.safety');
    if (
      (concept.concepts.has('topic.admin') && !doubtsTechnique && !safetyOfOwnHealth) ||
      cues.has('outside-topic') ||
      ((cues.has('other-treatment') || ((cues.has('medicine') || cues.has('other-therapy')) && cues.has('efficacy-doubt') && !cues.has('what-helps'))) &&
        techniques.length === 0 &&
        names.length === 0 &&
        red.flags.length === 0 &&
        red.possible.length === 0) ||
      // Numbness told with the shopping question (a numb bum on the bike) stays with the triage: saddle numbness that passes
      // is localSaddle's, the rest may be a flag the concept layer did not read.
      (cues.has('equipment-ask') && ASKS.test(head.norm) && techniques.length === 0 && names.length === 0 && red.flags.length === 0 && red.possible.length === 0 && features.numbness !== true) ||
      (elsewhere && !postSession) ||
      ((found.has('topic.other-condition') || found.has('topic.elsewhere') || cues.has('other-condition')) &&
        cues.has('relation-ask') &&
        !sets['relation-keeps'].some((c) => found.has(c)) &&
        names.length === 0 &&
        techniques.length === 0 &&
        red.flags.length === 0 &&
        red.possible.length === 0) ||
      disclaimed ||
      (concept.concepts.has('topic.offtopic') && names.length === 0 && techniques.length === 0 && !cues.has('own-trouble'))
    ) {
      // Tipping, insurance, sick notes, benefits, bookings, a therapist's training (cues.json outside-topic), whether a drug
      // or acupuncture works (cues.json other-treatment, a medicine named with efficacy-doubt), which cushion or saddle to
      // get (equipment-ask); other body parts; whether another condition is linked to the back (other-condition or
      // topic.other-condition / topic.elsewhere with relation-ask); stage fright and laughing fits: not this bot's
      // business, even with a back or a massage in the sentence (concepts.json topic.admin, topic.elsewhere ...).
      intent = 'out_of_scope';
      intentRule = 'topic-outside';
      confidence = Math.max(0.6, 1 - confidence);
    } else if (
      (intent === 'symptom' || (postSession && intent === 'out_of_scope')) &&
      red.flags.length === 0 &&
      (found.has('topic.selfcare-ask') || cues.has('selfcare-ask') || postSession)
    ) {
      // A pain story that ends "what stretches help?", "would an epsom bath help?", "would a firmer mattress help?": asks for
      // home care (concepts.json topic.selfcare-ask, cues.json selfcare-ask);
      // so does one about how a session left them ("had a deep massage yesterday and today I can barely move").
      intent = 'aftercare';
      intentRule = 'self-care-ask';
      confidence = Math.max(1 - confidence, 0.55);
    } else if (
      techniques.length > 0 &&
      (intent === 'symptom' || (intent === 'aftercare' && !cues.has('care-words'))) &&
      concept.concepts.has('ask.safety') &&
      red.flags.length === 0
    ) {
      // "on xarelto, can I still get cupping done?", "would trigger point work on my bum be a bad idea?": whether a named
      // technique suits them is a technique question, whatever else the message tells.
      intent = 'technique_info';
      intentRule = 'technique-safety-ask';
      confidence = Math.max(confidence, 0.6);
    } else if (
      names.length === 0 &&
      techniques.length === 0 &&
      intent !== 'symptom' &&
      DOMAIN_INTENTS.has(intent) &&
      red.flags.length === 0 &&
      ((concept.contraindications.size > 0 && f.domain && !cues.has('care-words')) || concept.asked.size > 0 || concept.concepts.has('topic.redflag-talk'))
    ) {
      // A health condition and massage ("I'm on warfarin, is massage ok?"), or a question about a red flag ("why is it
      // called cauda equina?"): about the person's health, read as a symptom message so the triage answers it.
      intent = 'symptom';
      intentRule = 'health-question';
      confidence = Math.max(confidence, 0.55);
    } else if (intent === 'out_of_scope' && healthStated) {
      // "I take rivaroxaban for my heart": a contraindication stated is about the person's health, a symptom message.
      intent = 'symptom';
      intentRule = 'contraindication-stated';
      confidence = Math.max(1 - confidence, 0.55);
    } else if (flagTalk && !DOMAIN_INTENTS.has(intent)) {
      // Asserting, denying or asking about a red flag is always about the person's health: a symptom report.
      intent = 'symptom';
      intentRule = 'flag-talk-is-symptom';
      confidence = Math.max(1 - confidence, 0.6);
    } else if (
      names.length === 0 &&
      techniques.length === 0 &&
      ((red.flags.length > 0 && (intent === 'muscle_info' || intent === 'technique_info')) || (red.hypothetical.length > 0 && intent !== 'symptom'))
    ) {
      // "wet myself twice today and the sciatica is awful": an asserted flag with no muscle or technique named is a report.
      intent = 'symptom';
      intentRule = 'asserted-flag-is-report';
      confidence = Math.max(confidence, 0.6);
    } else if (
      (intent === 'technique_info' || intent === 'aftercare' || intent === 'muscle_info') &&
      names.length === 0 &&
      techniques.length === 0 &&
      cues.has('own-trouble') &&
      ((cues.has('what-helps') && !cues.has('care-words')) || (cues.has('massage-worth') && !cues.has('home-care')))
    ) {
      // "what helps sciatica", "lower back pain, what can massage do for it?", "threw my back out and could barely get
      // out of the car, is massage worth a try?": asks what helps their own pain.
      intent = 'symptom';
      intentRule = 'what-helps-own-trouble';
      confidence = Math.max(confidence, 0.55);
    } else if (intent !== 'technique_info' && doubtsTechnique && red.flags.length === 0 && red.possible.length === 0) {
      // "is myofascial release legit or is it all placebo?", "does cupping actually help chronic low back pain?": whether a
      // named technique works at all is a technique question, whatever pain story comes with it (a plain "would cupping
      // help my bum?" asks what helps their pain: a symptom message).
      intent = 'technique_info';
      intentRule = 'technique-worth-ask';
      confidence = Math.max(1 - confidence, 0.6);
    } else if (
      intent === 'symptom' &&
      red.flags.length === 0 &&
      red.possible.length === 0 &&
      red.hypothetical.length === 0 &&
      concept.contraindications.size === 0 &&
      cues.has('muscle-ask')
    ) {
      // "my lower back aches on one side by home time, which muscle takes the hit?", "... is that my psoas?": the pain story
      // is the background of a question about a muscle (cues.json muscle-ask).
      intent = 'muscle_info';
      intentRule = 'asks-which-muscle';
      confidence = Math.max(1 - confidence, 0.55);
    } else if (red.flags.length === 0 && cues.has('just-tell-me') && cues.has('request-object')) {
      // "it's probably nothing, just give me some stretches": a plain request for home care (aftercare) or for what to
      // do about the trouble (symptom), said with enough confidence that the bot answers instead of asking.
      intent = cues.has('care-request') ? 'aftercare' : intent === 'technique_info' || intent === 'muscle_info' ? intent : 'symptom';
      intentRule = 'plain-request';
      confidence = Math.max(confidence, 0.7);
    } else if (intent === 'aftercare' && red.flags.length === 0 && red.negated.length > 0 && !cues.has('care-words')) {
      // "any fever? nope": a denied red flag with no before/after-care words is part of the symptom story.
      intent = 'symptom';
      intentRule = 'denied-flag-in-story';
      confidence = Math.max(confidence, 0.55);
    } else if ((intent === 'aftercare' || (intent === 'symptom' && red.flags.length === 0 && /\?|(?:^| )which /.test(head.norm))) && techniques.length >= 2) {
      // "should I try MFR or trigger points": weighing techniques against each other is a technique question.
      intent = 'technique_info';
      intentRule = 'techniques-compared';
      confidence = Math.max(1 - confidence, 0.55);
    } else if (!strongDomain && words.filter(isMash).length * 2 >= words.length) {
      // "asdfghjkl", "hdhdhd jsjsj": keyboard mashing, whatever the model makes of it.
      intent = 'out_of_scope';
      intentRule = 'keyboard-mashing';
      confidence = 0.9;
    } else if (SOCIAL_CUES.has(intent) && confidence < 0.5 && strongDomain && dialogue.command === null && (cues.has('own-trouble') || f.areaWord || flagTalk || found.has('topic.redflag-talk'))) {
      // A weak greeting / thanks / cancel / help guess over a message about the body ("stumbled on the pavement, back feels
      // the same as before so I think I'm ok?", "what should someone ask me to rule out cauda equina?"): the dialogue
      // reader found no command, so it is about the person's health.
      intent = 'symptom';
      intentRule = 'social-guess-on-a-body-story';
      confidence = Math.max(1 - confidence, 0.55);
    } else if (
      !strongDomain &&
      confidence < 0.4 &&
      SOCIAL_CUES.has(intent) &&
      !cues.has(intent as CueName)
    ) {
      // A social intent with none of its words ("blah bleep bloop", "migraine again, any tips?") is a guess.
      intent = 'out_of_scope';
      intentRule = 'social-without-cue';
      confidence = 0.5;
    } else if (
      intent !== 'out_of_scope' &&
      !flagTalk &&
      names.length === 0 &&
      techniques.length === 0 &&
      !f.areaWord &&
      cues.has('off-topic') &&
      !cues.has('own-trouble')
    ) {
      // Shopping, gym programmes, books: outside the bot even with a domain word in them ("buy a massage gun").
      intent = 'out_of_scope';
      intentRule = 'off-topic';
      confidence = Math.max(0.5, 1 - confidence);
    } else if (intent !== 'out_of_scope' && red.flags.length === 0 && !postSession && PET.test(head.norm) && !OWN_BODY.test(head.norm)) {
      // "my dog's back legs keep giving way": an animal's trouble, not the writer's (nor a person they care for).
      intent = 'out_of_scope';
      intentRule = 'pet';
      confidence = Math.max(0.5, 1 - confidence);
    } else if (!DOMAIN_INTENTS.has(intent) && intent !== 'cancel' && (techniques.length > 0 || names.length > 0)) {
      // "can u explain cupping", "hi, what's the QL": a named technique or muscle outweighs the social words
      // (but "stop talking about cupping" is still a cancel).
      intent = techniques.length > 0 ? 'technique_info' : 'muscle_info';
      intentRule = 'named-entity';
      confidence = Math.max(1 - confidence, 0.55);
    } else if (knownFeatures === 0) {
      intent = 'out_of_scope';
      intentRule = 'unknown-words';
      confidence = 0.9;
    } else if (DOMAIN_INTENTS.has(intent) && !strongDomain && (f.other || (!f.painWord && confidence < OOS_CONFIDENCE && !postureStory))) {
      // Pain elsewhere ("my tooth hurts") or no domain word at all: not something this bot covers.
      intent = 'out_of_scope';
      intentRule = 'no-domain-word';
      confidence = Math.max(0.5, 1 - confidence);
    }

    const negated = [...red.negated];
    for (const k of ['numbness', 'tingling', 'weakness'] as const) if (features[k] === false) negated.push(k);
    // A rule that keeps the model's intent but raises its confidence ("just give me some stretches") raises it in the
    // ranking too: the dialogs read the margin over the runner-up there.
    const top = ranking[0] as IntentScore;
    const rankingOut = intent === top.intent && confidence === top.confidence ? ranking : overrideRanking(ranking, intent, confidence);
    const rounded: IntentScore[] = [];
    for (const r of rankingOut) rounded.push({ intent: r.intent, confidence: Math.round(r.confidence * 1000) / 1000 });
    // Outside the bot's scope ("my bum is sore from the bike saddle, do noseless seats help?") a muscle is only what the
    // message names: nothing is inferred from incidental words.
    const musclesOut = intent === 'out_of_scope' && names.length === 0 ? [] : muscles;
    const contraindications: ContraindicationMatch[] = [];
    for (const [id, h] of concept.contraindications) contraindications.push({ id, evidence: concept.evidence(h) });
    const explanations: Explanation[] = [...red.explanations];
    for (const e of concept.explanations) if (e.kind === 'contraindication') explanations.push(e);
    for (const m of musclesOut) explanations.push({ kind: 'muscle', id: m.id, rule: 'muscleCues', concepts: m.evidence.map((text) => ({ concept: 'cue', text })) });
    explanations.push({ kind: 'intent', id: intent, rule: intentRule, concepts: [] });
    // Spelt out rather than spread from the neutral fields and the whole dialogue reading (spreads cost here), typed so a
    // new required field of Analysis fails the build; the key order is the one those spreads gave (scripts/nluSnapshot.ts
    // compares the output byte for byte). A new optional field of the dialogue reading must be added here too.
    const analysis: Analysis = {
      text: display,
      intent,
      confidence: Math.round(confidence * 1000) / 1000,
      ranking: rounded,
      muscles: musclesOut,
      techniques,
      redFlags: red.flags,
      possibleRedFlags: red.possible,
      askedAboutRedFlags: red.hypothetical,
      contraindications,
      deniedContraindications: [...concept.deniedContraindications.keys()],
      command: dialogue.command,
      answer: dialogue.answer,
      isQuestion: dialogue.isQuestion,
      ask: dialogue.ask,
      explanations,
      ...(dialogue.namedMuscles !== undefined ? { namedMuscles: dialogue.namedMuscles } : {}),
      negated,
      features,
      nerveRootPattern: isNerveRootPattern(head, features),
    };
    return analysis;
  }
}
