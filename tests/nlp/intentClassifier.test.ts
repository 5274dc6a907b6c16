import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import intentModelJson from '../../src/nlp/data/intentModel.json';
import intentsJson from '../../src/nlp/data/intents.json';
import { BayesClassifier } from '../../src/nlp/natural';
import { IntentClassifier, IntentDataSchema, NaturalModelSchema, intentFeatures, normaliseUtterance } from '../../src/nlp/intentClassifier';
import { TextAnalyzer, intentModelFile } from '../../src/nlp/analyzer';
import type { Intent } from '../../src/knowledge/vocabulary';

describe('intent training data', () => {
  it('validates: every intent present, several hundred utterances, out_of_scope well covered', () => {
    const data = IntentDataSchema.parse(intentsJson);
    const counts = Object.values(data.intents).map((l) => l?.length ?? 0);
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(500);
    expect(data.intents.out_of_scope?.length).toBeGreaterThanOrEqual(100);
  });

  it('rejects an utterance listed under two intents', () => {
    const bad = structuredClone(intentsJson) as { intents: Record<string, string[]> };
    bad.intents.greeting?.push('Cancel!');
    expect(IntentDataSchema.safeParse(bad).success).toBe(false);
  });

  it('loads the shipped model and rejects a model with a count that is not a number', () => {
    expect(NaturalModelSchema.safeParse(intentModelJson).success).toBe(true);
    const model = structuredClone(intentModelJson) as { features: Record<string, unknown>; classifier: { classFeatures: Record<string, Record<string, unknown>> } };
    const badFeature = structuredClone(model);
    badFeature.features['my_back'] = '3';
    expect(NaturalModelSchema.safeParse(badFeature).success).toBe(false);
    const badCount = structuredClone(model);
    (badCount.classifier.classFeatures.greeting as Record<string, unknown>)['0'] = null;
    expect(NaturalModelSchema.safeParse(badCount).success).toBe(false);
    expect(NaturalModelSchema.safeParse({ ...model, features: [1, 2] }).success).toBe(false);
    expect(() => new TextAnalyzer({ intentModel: badCount as never })).toThrow(/intentModel\.json is invalid/);
  });

  it('normalises for overlap checks', () => {
    expect(normaliseUtterance("  What's   the QL? ")).toBe('what s the ql');
  });
});

describe('intentFeatures', () => {
  it('keeps stopwords that carry intent, adds bigrams, first words and markers', () => {
    const f = intentFeatures(['what', 'should', 'i', 'do', 'after', '?'], ['#domain']);
    expect(f).toEqual(expect.arrayContaining(['what', 'should', 'after', 'what_should', '^what', '^what_should', '#q', '#domain', '#short'].filter((x) => x !== '#short')));
  });
});

describe('IntentClassifier', () => {
  const train = (list: Array<[string[], Intent]>) => list.map(([tokens, intent]) => ({ features: intentFeatures(tokens, []), intent }));
  const examples = train([
    [['hello', 'there'], 'greeting'],
    [['hi'], 'greeting'],
    [['thank', 'you'], 'thanks'],
    [['thank', 'you', 'a', 'lot'], 'thanks'],
    [['my', 'bum', 'hurts', '?'], 'symptom'],
  ]);

  it('ranks and scores like natural\'s BayesClassifier it was trained with, repeated words and pairs included', () => {
    const ours = new IntentClassifier(examples);
    const natural = new BayesClassifier(undefined, 0.5);
    for (const e of examples) natural.addDocument(e.features, e.intent);
    natural.train();
    for (const [probe, concepts] of [
      [['hello'], []],
      [['thank', 'you'], ['#q']],
      [['my', 'bum', 'my', 'bum', 'hurts', '?'], ['#area', 'hello']],
      [['hello', 'bum', 'thank', 'you', 'thank', 'you'], []],
      [['zebra'], []],
    ] as Array<[string[], string[]]>) {
      const theirs = natural.getClassifications(intentFeatures(probe, concepts));
      const mine = ours.classify(probe, concepts).ranking;
      expect(mine.map((r) => r.intent)).toEqual(theirs.map((c) => c.label));
    }
  });

  it('ranks best first and keeps label order on ties', () => {
    const c = new IntentClassifier(train([[['hello'], 'greeting'], [['thanks'], 'thanks'], [['bum'], 'symptom'], [['bum', 'hurt'], 'symptom']]));
    for (const probe of [['zebra'], ['hello'], ['bum'], ['hello', 'thanks']]) {
      const ranking = c.classify(probe, []).ranking;
      const stable = [...ranking].sort((a, b) => b.confidence - a.confidence);
      expect(ranking.map((r) => r.intent)).toEqual(stable.map((r) => r.intent));
    }
    // greeting and thanks tie on an unknown word: the label first trained comes first.
    const tie = c.classify(['zebra'], []).ranking.map((r) => r.intent);
    expect(tie.indexOf('greeting')).toBeLessThan(tie.indexOf('thanks'));
  });

  it('reports unknown words and gives confidences that sum to 1', () => {
    const c = new IntentClassifier(examples);
    expect(c.classify(['zebra'], ['#q']).knownFeatures).toBe(0);
    const r = c.classify(['hello'], []);
    // "hello" and "^hello" (the first word).
    expect(r.knownFeatures).toBe(2);
    expect(r.ranking.reduce((s, x) => s + x.confidence, 0)).toBeCloseTo(1, 6);
    expect(c.knows('^hello')).toBe(true);
  });
});

describe('the shipped model (src/nlp/data/intentModel.json)', () => {
  const analyzer = new TextAnalyzer();

  it('is natural\'s model of the current intents, lexicon and features (else: npx tsx scripts/intentModel.ts)', () => {
    expect(readFileSync(resolve(__dirname, '../../src/nlp/data/intentModel.json'), 'utf8')).toBe(intentModelFile());
  });

  it('the frozen lookup gives natural\'s ranking and probabilities on every labelled line', () => {
    const natural = BayesClassifier.restore(JSON.parse(readFileSync(resolve(__dirname, '../../src/nlp/data/intentModel.json'), 'utf8')));
    // natural's own textToFeatures (indexOf over the whole vocabulary per feature) is too slow for 1,600 lines: the same 0/1 vector.
    const vocabulary = Object.keys(natural.features);
    natural.textToFeatures = (o) => {
      const present = new Set(o);
      return vocabulary.map((f) => (present.has(f) ? 1 : 0));
    };
    const ours = new IntentClassifier(analyzer.intentModel);
    let lines = 0;
    for (const f of ['heldout', 'dev', 'dev2', 'blind-a', 'blind-b', 'blind-c', 'real-dev']) {
      for (const line of readFileSync(resolve(__dirname, `data/${f}.jsonl`), 'utf8').split('\n')) {
        if (!line.trim()) continue;
        lines++;
        const { tokens, concepts, words } = analyzer.intentInputOf((JSON.parse(line) as { text: string }).text);
        const theirs = natural.getClassifications(intentFeatures(tokens, concepts));
        // Every other line through the prepared words' records (as analyze does), which the analyzer's own classifier filled.
        analyzer.analyze((JSON.parse(line) as { text: string }).text);
        const mine = ours.classify(tokens, concepts, lines % 2 === 0 ? words : undefined);
        // natural's probability p(c) * prod p(f|c); ours, the same in logs, softened by the feature count.
        const t = 1 + 0.35 * mine.knownFeatures;
        const best = (theirs[0] as { value: number }).value;
        expect(best).toBeGreaterThan(0);
        const soft = theirs.map((c) => (c.value / best) ** (1 / t));
        const sum = soft.reduce((x, y) => x + y, 0);
        theirs.forEach((c, i) => {
          const rank = mine.ranking.findIndex((r) => r.intent === c.label);
          expect(Math.abs((mine.ranking[rank] as { confidence: number }).confidence - (soft[i] as number) / sum)).toBeLessThan(1e-12);
          // Same place, except among ties (equal counts): the sums run in another order, so they differ in the 16th digit.
          if (rank !== i) expect(Math.abs((theirs[rank] as { value: number }).value - c.value)).toBeLessThan(1e-12 * c.value);
        });
      }
    }
    expect(lines).toBeGreaterThan(1500);
  });
});
