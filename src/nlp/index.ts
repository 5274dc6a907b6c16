/**
 * The free-text matcher: intent, muscles, techniques, red flags and symptom features from one message.
 * No botbuilder here; the bot layer calls `createAnalyzer()` once and `analyze(text)` per turn.
 */
import { TextAnalyzer, type AnalyzerData } from './analyzer';
import type { Analyzer } from './types';

export type * from './types';
export type { AnalyzerData } from './analyzer';

/** Builds the matcher once (validates the data files, trains the intent model); `analyze` is then pure and fast. */
export function createAnalyzer(data: AnalyzerData = {}): Analyzer {
  return new TextAnalyzer(data);
}
