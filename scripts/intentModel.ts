/**
 * `npx tsx scripts/intentModel.ts`: trains natural's intent model from src/nlp/data/intents.json through the analyzer's
 * own features and writes it to src/nlp/data/intentModel.json, so start-up loads it instead of training
 * (docs/nlu.md, "Intent model"). Run it after changing intents.json, lexicon.json or the feature code;
 * tests/nlp/intentClassifier.test.ts fails while the file is stale.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { intentModelFile } from '../src/nlp/analyzer';

const out = resolve(__dirname, '../src/nlp/data/intentModel.json');
writeFileSync(out, intentModelFile());
process.stdout.write(`wrote ${out}\n`);
