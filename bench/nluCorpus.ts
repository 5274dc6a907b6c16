import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

/** The labelled sets' texts (issue 9 sets the per-analyze targets on them) and the shared examples; never real-test. */
export function labelledTexts(): string[] {
  const texts: string[] = [];
  const sets = ['heldout', 'dev', 'dev2', 'blind-a', 'blind-b', 'blind-c', 'real-dev'].map((f) => `tests/nlp/data/${f}.jsonl`);
  for (const f of [...sets, '../shared/nlu-examples.jsonl']) {
    const p = resolve(ROOT, f);
    if (!existsSync(p)) continue;
    for (const line of readFileSync(p, 'utf8').split('\n')) if (line.trim()) texts.push((JSON.parse(line) as { text: string }).text);
  }
  return texts;
}
