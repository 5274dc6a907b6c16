import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RED_FLAG_IDS } from '../../src/knowledge/vocabulary';
import { TextAnalyzer } from '../../src/nlp/analyzer';
import { FlagModel, flagModelFeatures } from '../../src/nlp/flagModel';
import { flagModelFile, fullThresholds, loadLines, trainOn } from '../../src/nlp/flagModelTrain';
import { computeScopes, isCarerReport } from '../../src/nlp/negation';
import { cleanText, prepare, type Word } from '../../src/nlp/text';

const FILE = resolve(__dirname, '../../src/nlp/data/flagModel.json');
const shipped = JSON.parse(readFileSync(FILE, 'utf8')) as { flags: Array<(typeof RED_FLAG_IDS)[number]>; thresholds: number[]; weights: Record<string, number[]> };

/** A hand-made model: only the stem "stair" counts, for trauma. */
function stairModel(threshold = 0.5): unknown {
  const w = RED_FLAG_IDS.map((f) => (f === 'trauma' ? 4 : 0));
  return { flags: [...RED_FLAG_IDS], bias: RED_FLAG_IDS.map(() => -2), thresholds: RED_FLAG_IDS.map(() => threshold), weights: { stair: w } };
}

describe('flag model features', () => {
  const feats = (tokens: string[], carer = false): string[] => flagModelFeatures(tokens, computeScopes(tokens), carer);

  it('reads stems and bigrams, and marks negated and someone-else words', () => {
    expect(feats(['i', 'fell', 'down', 'the', 'stairs'])).toEqual(expect.arrayContaining(['fell', 'stair', 'the_stair']));
    const denied = feats(['no', 'bladder', 'trouble']);
    expect(denied).toContain('!bladder');
    expect(denied).not.toContain('bladder');
    const mum = feats(['my', 'mom', 'fell', 'down', 'the', 'stairs']);
    expect(mum).toContain('@stair');
    expect(mum).not.toContain('stair');
    // A carer writing about the person: their words count as the person's.
    expect(feats(['my', 'mom', 'fell', 'down', 'the', 'stairs'], true)).toContain('stair');
    expect(feats(['is', 'that', 'bad', '?'])).toContain('#q');
  });
});

describe('flag model', () => {
  it('reads the same features from prepared words as from flagModelFeatures (same flag, probability and top features)', () => {
    // Thresholds at 0 so every message gets a flag and its top features; two models share the words' records.
    const models = [new FlagModel({ ...shipped, bias: shipped.flags.map(() => 0), thresholds: shipped.flags.map(() => 0) }), new FlagModel(stairModel(0))];
    const memo = new Map<string, readonly Word[]>();
    const texts = ['dev', 'real-dev', 'real-dev2'].flatMap((f) =>
      readFileSync(resolve(__dirname, `data/${f}.jsonl`), 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => (JSON.parse(l) as { text: string }).text),
    );
    texts.push('no fever? my mum fell down the stairs and her legs are weak ? no no', 'is that bad?');
    for (const round of [1, 2]) {
      for (const text of texts) {
        const p = prepare(cleanText(text), () => null, memo);
        const scopes = computeScopes(p.tokens);
        const carer = (): boolean => isCarerReport(p.norm);
        for (const [k, m] of models.entries()) {
          const skip = (id: string): boolean => round === 2 && id === m.flags[0];
          expect(m.likeliestOf(p.words, scopes, carer, skip), `${text} (model ${k}, round ${round})`).toEqual(m.likeliest(flagModelFeatures(p.tokens, scopes, carer), skip));
        }
      }
    }
  });

  it('rejects a malformed model', () => {
    expect(() => new FlagModel({ flags: ['trauma'], bias: [], thresholds: [0.5], weights: {} })).toThrow(/one value per flag/);
    expect(() => new FlagModel({ flags: ['nope'], bias: [0], thresholds: [0.5], weights: {} })).toThrow(/flagModel.json is invalid/);
  });

  it('adds a confident flag the concept layer missed to possibleRedFlags only, with its why', () => {
    const a = new TextAnalyzer({ flagModel: stairModel() }).analyze('I went down the stairs on my backside last night and my lower back is sore');
    expect(a.redFlags.map((f) => f.id)).not.toContain('trauma');
    expect(a.possibleRedFlags.map((f) => f.id)).toContain('trauma');
    const why = a.explanations.find((e) => e.kind === 'possibleRedFlag' && e.id === 'trauma');
    expect(why?.rule).toMatch(/^flagModel p=0\.8/);
    expect(why?.concepts[0]?.text).toBe('stair +4');
  });

  it('stays quiet under its threshold, on denied words and on flags the concept layer already has', () => {
    expect(new TextAnalyzer({ flagModel: stairModel(0.9) }).analyze('I went down the stairs on my backside').possibleRedFlags).toEqual([]);
    expect(new TextAnalyzer({ flagModel: stairModel() }).analyze('no stairs in my house, my back hurts').possibleRedFlags).toEqual([]);
    const fell = new TextAnalyzer({ flagModel: stairModel() }).analyze('I fell down the stairs yesterday and hurt my back');
    const tiers = [...fell.redFlags, ...fell.possibleRedFlags].filter((f) => f.id === 'trauma');
    expect(tiers).toHaveLength(1);
    expect(fell.explanations.filter((e) => e.rule.startsWith('flagModel'))).toEqual([]);
  });

  it('is off with null and with other concept data', () => {
    const text = 'I went down the stairs on my backside';
    expect(new TextAnalyzer({ flagModel: null }).analyze(text).explanations.some((e) => e.rule.startsWith('flagModel'))).toBe(false);
  });

  it('ships the flags that have a threshold in (0, 1], with a weight per flag for each feature', () => {
    expect(shipped.flags.length).toBeGreaterThan(0);
    expect(shipped.thresholds).toHaveLength(shipped.flags.length);
    for (const t of shipped.thresholds) expect(t > 0 && t <= 1).toBe(true);
    expect(Object.keys(shipped.weights).length).toBeGreaterThan(1000);
  });

  it('src/nlp/data/flagModel.json is what scripts/flagModel.ts trains now (run it after changing data or features)', () => {
    expect(readFileSync(FILE, 'utf8')).toBe(flagModelFile(trainOn(loadLines(), fullThresholds(shipped))));
  }, 120_000);
});
