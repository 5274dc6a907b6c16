import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import intentsJson from '../../src/nlp/data/intents.json';
import { BayesClassifier } from '../../src/nlp/natural';
import { IntentClassifier, IntentDataSchema, intentFeatures, normaliseUtterance } from '../../src/nlp/intentClassifier';
import type { Intent } from '../../src/knowledge/vocabulary';
import { cleanText, prepare } from '../../src/nlp/text';

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
  const examples: Array<{ features: string[]; intent: Intent }> = [
    { features: ['hello', 'there'], intent: 'greeting' },
    { features: ['hi'], intent: 'greeting' },
    { features: ['thank', 'you'], intent: 'thanks' },
    { features: ['thank', 'a', 'lot'], intent: 'thanks' },
    { features: ['bum', 'hurt'], intent: 'symptom' },
  ];

  it('ranks like natural\'s BayesClassifier it was trained with', () => {
    const ours = new IntentClassifier(examples);
    const natural = new BayesClassifier(undefined, 0.5);
    for (const e of examples) natural.addDocument(e.features, e.intent);
    natural.train();
    for (const probe of [['hello'], ['thank', 'you'], ['bum'], ['hello', 'bum', 'thank']]) {
      const theirs = natural.getClassifications(probe).map((c) => c.label);
      expect(ours.classify(probe).ranking.map((r) => r.intent)).toEqual(theirs);
    }
  });

  it('classifyTokens gives exactly classify(intentFeatures(...)), repeated words and pairs included', () => {
    const c = new IntentClassifier([
      { features: intentFeatures(['hello', 'there'], []), intent: 'greeting' },
      { features: intentFeatures(['thank', 'you', 'so', 'much'], ['#domain']), intent: 'thanks' },
      { features: intentFeatures(['my', 'bum', 'hurts', 'my', 'bum', '?'], ['#area', '#pain']), intent: 'symptom' },
    ]);
    for (const [tokens, concepts] of [
      [['hello', 'hello', 'there', 'there'], []],
      [['my', 'bum', 'my', 'bum', 'hurts', '?'], ['#area', '#pain', '#area']],
      [['thank', 'you', 'zebra', 'you'], ['#q']],
      [['zebra'], []],
      [[], ['#domain']],
    ] as Array<[string[], string[]]>) {
      expect(c.classifyTokens(tokens, concepts)).toEqual(c.classify(intentFeatures(tokens, concepts)));
    }
  });

  it('ranks best first and keeps label order on ties', () => {
    const c = new IntentClassifier([
      { features: ['hello'], intent: 'greeting' },
      { features: ['thanks'], intent: 'thanks' },
      { features: ['bum'], intent: 'symptom' },
      { features: ['bum', 'hurt'], intent: 'symptom' },
    ]);
    for (const probe of [['zebra'], ['hello'], ['bum'], ['hello', 'thanks']]) {
      const ranking = c.classify(probe).ranking;
      const stable = [...ranking].sort((a, b) => b.confidence - a.confidence);
      expect(ranking.map((r) => r.intent)).toEqual(stable.map((r) => r.intent));
    }
    // greeting and thanks tie on an unknown word: the label first trained comes first.
    const tie = c.classify(['zebra']).ranking.map((r) => r.intent);
    expect(tie.indexOf('greeting')).toBeLessThan(tie.indexOf('thanks'));
  });

  it('reports unknown words and gives confidences that sum to 1', () => {
    const c = new IntentClassifier(examples);
    expect(c.classify(['zebra']).knownFeatures).toBe(0);
    const r = c.classify(['hello']);
    expect(r.knownFeatures).toBe(1);
    expect(r.ranking.reduce((s, x) => s + x.confidence, 0)).toBeCloseTo(1, 6);
    expect(c.vocabularySize).toBe(9);
  });
});

describe('classifyTokens on the trained model', () => {
  it('scores every labelled and training text exactly like the string features (bit for bit)', () => {
    const examples: Array<{ features: string[]; intent: Intent }> = [];
    const prep = (t: string) => prepare(cleanText(t), () => null).tokens;
    for (const [intent, list] of Object.entries(intentsJson.intents) as Array<[Intent, string[]]>) {
      for (const u of list) examples.push({ features: intentFeatures(prep(u), ['#domain']), intent });
    }
    const c = new IntentClassifier(examples);
    const texts: string[] = Object.values(intentsJson.intents).flat();
    for (const f of ['heldout', 'dev', 'dev2', 'blind-a', 'blind-b']) {
      const p = resolve(__dirname, `data/${f}.jsonl`);
      if (existsSync(p)) for (const line of readFileSync(p, 'utf8').split('\n')) if (line.trim()) texts.push((JSON.parse(line) as { text: string }).text);
    }
    for (const t of texts) {
      const tokens = prep(t);
      for (const concepts of [[], ['#domain', '#q']]) expect(c.classifyTokens(tokens, concepts)).toEqual(c.classify(intentFeatures(tokens, concepts)));
    }
  });
});
