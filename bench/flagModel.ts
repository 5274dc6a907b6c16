/**
 * `npx tsx bench/flagModel.ts`: what the learned possible-flag net (src/nlp/flagModel.ts) costs, measured A/B in one
 * process so machine load hits both sides alike: loading data/flagModel.json, building the analyzer with and without
 * it, and analyze per message with and without it (alternating per round over the labelled sets).
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { TextAnalyzer } from '../src/nlp/analyzer';
import { FlagModel } from '../src/nlp/flagModel';
import flagModelJson from '../src/nlp/data/flagModel.json';

const ROOT = resolve(__dirname, '..');
const now = (): number => Number(process.hrtime.bigint()) / 1e6;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const texts: string[] = [];
for (const f of ['heldout', 'dev', 'dev2', 'blind-a', 'blind-b', 'blind-c', 'real-dev']) {
  for (const line of readFileSync(resolve(ROOT, `tests/nlp/data/${f}.jsonl`), 'utf8').split('\n')) if (line.trim()) texts.push((JSON.parse(line) as { text: string }).text);
}

const load: number[] = [];
for (let i = 0; i < 7; i++) {
  const t = now();
  new FlagModel(flagModelJson);
  load.push(now() - t);
}
const buildOn: number[] = [];
const buildOff: number[] = [];
for (let i = 0; i < 5; i++) {
  let t = now();
  new TextAnalyzer({ flagModel: null });
  buildOff.push(now() - t);
  t = now();
  new TextAnalyzer();
  buildOn.push(now() - t);
}
const on = new TextAnalyzer();
const off = new TextAnalyzer({ flagModel: null });
for (const t of texts) {
  on.analyze(t);
  off.analyze(t);
}
const perOn: number[] = [];
const perOff: number[] = [];
// Alternating per message, the side going first swapped each round, so load and GC fall on both alike.
for (let round = 0; round < 10; round++) {
  let tOn = 0;
  let tOff = 0;
  for (const x of texts) {
    const first = round % 2 === 0 ? on : off;
    const second = first === on ? off : on;
    const a = now();
    first.analyze(x);
    const b = now();
    second.analyze(x);
    const c = now();
    if (first === on) {
      tOn += b - a;
      tOff += c - b;
    } else {
      tOff += b - a;
      tOn += c - b;
    }
  }
  perOn.push((tOn * 1000) / texts.length);
  perOff.push((tOff * 1000) / texts.length);
}
const r = {
  texts: texts.length,
  modelLoadMs: +median(load).toFixed(2),
  buildMsWithout: +median(buildOff).toFixed(1),
  buildMsWith: +median(buildOn).toFixed(1),
  analyzeMeanUsWithout: +median(perOff).toFixed(1),
  analyzeMeanUsWith: +median(perOn).toFixed(1),
  netCostUs: +(median(perOn) - median(perOff)).toFixed(1),
  loadAverage: loadavg().map((x) => +x.toFixed(2)),
};
process.stdout.write(`${JSON.stringify(r)}\n`);
