/**
 * Typed doors into the `natural` submodules the matcher uses. The package root is never imported: it pulls
 * database clients, takes ~0.45 s and prints to stdout, which would break the classify CLI's output contract.
 */

/** Porter stemmer (English). */
export interface Stemmer {
  stem(token: string): string;
}

/** A `natural` classifier wrapper; documents may be pre-tokenised arrays (then natural does no stemming). */
export interface NaturalClassifier {
  addDocument(text: string | string[], label: string): void;
  train(): void;
  /** Feature vocabulary in insertion order; `textToFeatures` walks it with for..in. */
  features: Record<string, number>;
  /** The underlying apparatus classifier (counts after `train`). */
  classifier: {
    classFeatures: Record<string, Record<string, number>>;
    classTotals: Record<string, number>;
    totalExamples: number;
    smoothing: number;
  };
  getClassifications(observation: string | string[]): Array<{ label: string; value: number }>;
  textToFeatures(observation: string | string[]): number[];
}

interface BayesCtor {
  new (stemmer?: Stemmer, smoothing?: number): NaturalClassifier;
  /** A classifier from its JSON (what `JSON.stringify` of a trained one holds). */
  restore(model: unknown, stemmer?: Stemmer): NaturalClassifier;
}

interface Tokenizer {
  tokenize(text: string): string[];
}
interface RegexpTokenizerCtor {
  new (options: { pattern: RegExp; gaps?: boolean }): Tokenizer;
}

type Distance = (a: string, b: string, options?: Record<string, unknown>) => number;

/* eslint-disable @typescript-eslint/no-require-imports -- natural ships no types for its submodules */
export const PorterStemmer = require('natural/lib/natural/stemmers/porter_stemmer') as Stemmer;
export const BayesClassifier = require('natural/lib/natural/classifiers/bayes_classifier') as BayesCtor;
export const RegexpTokenizer = (require('natural/lib/natural/tokenizers/regexp_tokenizer') as { RegexpTokenizer: RegexpTokenizerCtor })
  .RegexpTokenizer;
export const DamerauLevenshteinDistance = (
  require('natural/lib/natural/distance/levenshtein_distance') as { DamerauLevenshteinDistance: Distance }
).DamerauLevenshteinDistance;
export const JaroWinklerDistance = require('natural/lib/natural/distance/jaro-winkler_distance') as Distance;
/* eslint-enable @typescript-eslint/no-require-imports */
