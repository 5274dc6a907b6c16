import type { Intent } from '../knowledge/vocabulary';
import { extractFeatures, isNerveRootPattern, scanLexicon } from './features';
import { IntentClassifier, IntentDataSchema, intentFeatures, type IntentData } from './intentClassifier';
import { compileLexicon, loadRedFlagRules, type CompiledLexicon, type RedFlagRuleData } from './lexicon';
import { MuscleScorer } from './muscles';
import { computeScopes } from './negation';
import { RedFlagDetector } from './redFlags';
import { SpellingCorrector } from './spelling';
import { findTechniques } from './techniques';
import { HEAVY_LIMIT, chunks, cleanText, displayText, prepare, type PreparedText } from './text';
import type { Analysis, Analyzer, IntentScore, RedFlagMatch } from './types';
import intentsJson from './data/intents.json';

/** Intents that are about the domain: without any domain word they fall back to out_of_scope. */
const DOMAIN_INTENTS: ReadonlySet<Intent> = new Set(['symptom', 'muscle_info', 'technique_info', 'aftercare']);
/** Below this, a domain intent with no domain words is treated as out of scope. */
const OOS_CONFIDENCE = 0.9;

const CLAUSE_END = new Set(['.', ',', ';', '!', '?']);

/** The clause (between punctuation or "but") around a span: words there describe the red flag, not a muscle. */
function clauseAround(norm: string, start: number, end: number): readonly [number, number] {
  let a = start;
  while (a > 0 && !CLAUSE_END.has(norm[a - 1] as string) && !norm.startsWith(' but ', a - 1)) a--;
  let b = end;
  while (b < norm.length && !CLAUSE_END.has(norm[b] as string) && !norm.startsWith(' but ', b)) b++;
  return [a, b];
}

/** Puts an overriding intent first with its confidence; the rest share what is left, in their old order. */
function overrideRanking(ranking: readonly IntentScore[], intent: Intent, confidence: number): IntentScore[] {
  const rest = ranking.filter((r) => r.intent !== intent);
  const sum = rest.reduce((s, r) => s + r.confidence, 0) || 1;
  return [{ intent, confidence }, ...rest.map((r) => ({ intent: r.intent, confidence: (r.confidence / sum) * (1 - confidence) }))];
}

/** Data the analyzer is built from; defaults are the files in src/nlp/data. */
export interface AnalyzerData {
  lexicon?: unknown;
  redFlags?: unknown;
  intents?: unknown;
}

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

/** The free-text matcher: data validated and the intent model trained once, then `analyze` is pure. */
export class TextAnalyzer implements Analyzer {
  private readonly lex: CompiledLexicon;
  private readonly redFlags: RedFlagDetector;
  private readonly muscles: MuscleScorer;
  private readonly speller: SpellingCorrector;
  private readonly classifier: IntentClassifier;

  constructor(data: AnalyzerData = {}) {
    this.lex = compileLexicon(data.lexicon);
    const rules: RedFlagRuleData[] = loadRedFlagRules(data.redFlags);
    this.redFlags = new RedFlagDetector(rules);
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
    this.speller = new SpellingCorrector(this.lex.data.fuzzyTargets, known);

    const examples: Array<{ features: string[]; intent: Intent }> = [];
    for (const [intent, list] of Object.entries(intents.intents) as Array<[Intent, string[]]>) {
      for (const utterance of list) examples.push({ features: this.features(this.prepareText(utterance)).features, intent });
    }
    this.classifier = new IntentClassifier(examples);
  }

  private prepareText(raw: string): PreparedText {
    const rewrites = this.lex.rewrites;
    return prepare(cleanText(raw), (w) => rewrites.get(w) ?? this.speller?.correct(w) ?? null);
  }

  /** Intent features plus the lexicon signals both training and analysis need. */
  private features(
    text: PreparedText,
    muscleHits = this.lex.muscles.scan(text.norm),
    techHits = this.lex.techniques.scan(text.norm),
  ): { features: string[]; domain: boolean; painWord: boolean; other: boolean } {
    const { norm } = text;
    // Entities become markers so "tell me about cupping" teaches "tell me about <technique>".
    let masked = norm;
    const spans = [...muscleHits.map((h) => ({ ...h, mark: 'xmuscle' })), ...techHits.map((h) => ({ ...h, mark: 'xtechnique' }))].sort(
      (a, b) => b.start - a.start,
    );
    for (const s of spans) masked = masked.slice(0, s.start) + s.mark + masked.slice(s.end);
    const concepts: string[] = [];
    if (muscleHits.length) concepts.push('#muscle');
    if (techHits.length) concepts.push('#technique');
    const areas = this.lex.areas.test(norm);
    if (areas) concepts.push('#area');
    if (this.lex.aggravators.test(norm)) concepts.push('#aggravator');
    if (this.lex.findings.test(norm)) concepts.push('#finding');
    const domainWord = this.lex.domain.test(norm);
    if (domainWord) concepts.push('#domain');
    const other = this.lex.otherBodyParts.test(norm);
    if (other) concepts.push('#otherbody');
    const painWord = this.lex.painWords.test(norm);
    if (painWord) concepts.push('#pain');
    const domain = muscleHits.length > 0 || techHits.length > 0 || areas || domainWord || this.lex.findings.test(norm);
    return { features: intentFeatures(masked.split(' '), concepts), domain, painWord, other };
  }

  /** Red flags over the whole text (long texts in overlapping chunks), so nothing past the cut-off is missed. */
  private scanRedFlags(raw: string, head: PreparedText): { flags: RedFlagMatch[]; negated: string[]; spans: Array<readonly [number, number]> } {
    const first = this.redFlags.scan(head);
    if (raw.length <= HEAVY_LIMIT) return first;
    const found = new Map(first.flags.map((f) => [f.id, f] as const));
    const negated = new Set<string>(first.negated);
    for (const piece of chunks(raw.slice(HEAVY_LIMIT - 200), HEAVY_LIMIT)) {
      const r = this.redFlags.scan(this.prepareText(piece));
      for (const f of r.flags) if (!found.has(f.id)) found.set(f.id, f);
      for (const n of r.negated) negated.add(n);
    }
    return { flags: [...found.values()], negated: [...negated].filter((n) => !found.has(n as RedFlagMatch['id'])), spans: first.spans };
  }

  /** Reads one message. Never throws: anything that is not text is treated as an empty message. */
  analyze(input: string): Analysis {
    const raw = typeof input === 'string' ? input : '';
    const display = displayText(raw);
    const head = this.prepareText(raw.length > HEAVY_LIMIT ? raw.slice(0, HEAVY_LIMIT) : raw);
    const words = head.tokens.filter((t) => /[a-z0-9]/.test(t));
    if (words.length === 0) {
      const ranking: IntentScore[] = [{ intent: 'out_of_scope', confidence: 0 }];
      return {
        text: display,
        intent: 'out_of_scope',
        confidence: 0,
        ranking,
        muscles: [],
        techniques: [],
        redFlags: [],
        negated: [],
        features: EMPTY_FEATURES(),
        nerveRootPattern: false,
      };
    }

    const red = this.scanRedFlags(raw, head);
    const scopes = computeScopes(head.tokens);
    const hits = scanLexicon(this.lex, head);
    const features = extractFeatures(head, hits, scopes);
    const names = this.lex.muscles.scan(head.norm);
    const muscles = this.muscles.score(head, hits, features, scopes, names, red.spans.map(([a, b]) => clauseAround(head.norm, a, b)));
    const techHits = this.lex.techniques.scan(head.norm);
    const techniques = findTechniques(techHits);

    const f = this.features(head, names, techHits);
    const { ranking, knownFeatures } = this.classifier.classify(f.features);
    let intent = (ranking[0] as IntentScore).intent;
    let confidence = (ranking[0] as IntentScore).confidence;
    const strongDomain = f.domain || red.flags.length > 0 || red.negated.length > 0 || muscles.length > 0;
    if ((red.flags.length > 0 || red.negated.length > 0) && !DOMAIN_INTENTS.has(intent)) {
      // Asserting or denying a red flag is always about the person's health: a symptom report.
      intent = 'symptom';
      confidence = Math.max(1 - confidence, 0.6);
    } else if (!DOMAIN_INTENTS.has(intent) && intent !== 'cancel' && (techniques.length > 0 || names.length > 0)) {
      // "can u explain cupping", "hi, what's the QL": a named technique or muscle outweighs the social words
      // (but "stop talking about cupping" is still a cancel).
      intent = techniques.length > 0 ? 'technique_info' : 'muscle_info';
      confidence = Math.max(1 - confidence, 0.55);
    } else if (knownFeatures === 0) {
      intent = 'out_of_scope';
      confidence = 0.9;
    } else if (DOMAIN_INTENTS.has(intent) && !strongDomain && (f.other || (!f.painWord && confidence < OOS_CONFIDENCE))) {
      // Pain elsewhere ("my tooth hurts") or no domain word at all: not something this bot covers.
      intent = 'out_of_scope';
      confidence = Math.max(0.5, 1 - confidence);
    }

    const negated = [...red.negated];
    for (const k of ['numbness', 'tingling', 'weakness'] as const) if (features[k] === false) negated.push(k);
    const rankingOut = intent === ranking[0]?.intent ? ranking : overrideRanking(ranking, intent, confidence);
    return {
      text: display,
      intent,
      confidence: Math.round(confidence * 1000) / 1000,
      ranking: rankingOut.map((r) => ({ intent: r.intent, confidence: Math.round(r.confidence * 1000) / 1000 })),
      muscles,
      techniques,
      redFlags: red.flags,
      negated,
      features,
      nerveRootPattern: isNerveRootPattern(head, features),
    };
  }
}
