/**
 * `npx tsx scripts/nluSnapshot.ts [OUT]`: writes analyze() of a fixed input set as JSON lines (default
 * /tmp/nlu-snapshot.jsonl), so a change meant only for speed can be checked to leave every analysis byte-identical:
 * run it before and after, then `cmp` the two files.
 *
 * Inputs: every line of every tests/nlp/data/*.jsonl file and ../shared/nlu-examples.jsonl (only their text is read),
 * bad and adversarial inputs (empty, 100 KB, emoji, other scripts, control characters, repeated cue words), and
 * seeded mixes of those lines (several joined, and word salads) to reach combinations no single line has. Each
 * input is analysed twice, the second time after all the others, so a cache that leaks state shows as a mismatch.
 */
import { readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createAnalyzer } from '../src/nlp';

const ROOT = resolve(__dirname, '..');
const out = process.argv[2] ?? '/tmp/nlu-snapshot.jsonl';

const lines: string[] = [];
const dataDir = resolve(ROOT, 'tests/nlp/data');
const files = readdirSync(dataDir)
  .filter((f) => f.endsWith('.jsonl'))
  .sort()
  .map((f) => resolve(dataDir, f));
const shared = resolve(ROOT, '../shared/nlu-examples.jsonl');
if (existsSync(shared)) files.push(shared);
for (const f of files) {
  for (const line of readFileSync(f, 'utf8').split('\n')) if (line.trim()) lines.push((JSON.parse(line) as { text: string }).text);
}

/** mulberry32: the same mixes every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(9);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

const mixes: string[] = [];
for (let i = 0; i < 600; i++) {
  const n = 2 + Math.floor(rand() * 3);
  const parts: string[] = [];
  for (let k = 0; k < n; k++) parts.push(pick(lines));
  mixes.push(parts.join(pick([' ', '. ', ', ', ' and ', '? ', '\n'])));
}
const words = lines.join(' ').split(/\s+/).filter(Boolean);
for (let i = 0; i < 600; i++) {
  const n = 1 + Math.floor(rand() * 30);
  const parts: string[] = [];
  for (let k = 0; k < n; k++) parts.push(pick(words));
  mixes.push(parts.join(' '));
}
// Long texts past the 2,000-character cut-off, so the piecewise red-flag scan runs.
for (let i = 0; i < 20; i++) {
  const parts: string[] = [];
  let len = 0;
  const target = 2_000 + Math.floor(rand() * 9_000);
  while (len < target) {
    const l = pick(lines);
    parts.push(l);
    len += l.length + 2;
  }
  mixes.push(parts.join('. '));
}

const sentence = 'my back hurts and both legs feel numb since this morning, no fever, my mum had cancer. ';
const bad: unknown[] = [
  '',
  ' ',
  '\n\t\r',
  '?',
  '??',
  '...',
  '😀',
  '😭'.repeat(5_000),
  '<b>hi</b>',
  '<script>alert(1)</script> my bum hurts',
  '&amp; &lt;3 &#39;s &nbsp; &bogus;',
  'pririformis hamstrng cuping',
  'x'.repeat(1500),
  'a'.repeat(10_000),
  sentence.repeat(12),
  sentence.repeat(120),
  sentence.repeat(1_150),
  'no '.repeat(3_400),
  'not sure if '.repeat(850),
  'if if if '.repeat(1_133),
  'my mum '.repeat(1_450),
  ', '.repeat(5_000),
  '腰痛がひどいです',
  'у меня болит спина и нога немеет',
  'ألم في أسفل الظهر',
  'Ο πόνος στη μέση μου',
  'Rücken schmerzt, Ischias seit Wochen',
  'dolor de espalda y ciática',
  'मेरी पीठ में दर्द है',
  '\u0000\u0001\u0002 my back \u0007\u001b[31m hurts\u007f',
  '\u200b\u200d\ufeff zero width \u202e reversed',
  'my back hurts\u2028and my leg\u2029is numb',
  '\ud800 lone surrogate \udfff',
  'HEYYYYY SOOOOO SORE!!!!!!',
  'w/o pain b/c of 8kg lifting & 38.5c fever 10lbs 3-.5',
  "can't won't ain't shan't it's let's what's i'm i've you're they'll we'd",
  'ur u r temp pls thx',
  '1234567890 '.repeat(100),
  null,
  undefined,
  42,
  {},
  ['my back'],
];

const analyzer = createAnalyzer();
const inputs: unknown[] = [...lines, ...bad, ...mixes];
const first = inputs.map((t) => JSON.stringify(analyzer.analyze(t as string)));
const again = inputs.map((t) => JSON.stringify(analyzer.analyze(t as string)));
let unstable = 0;
for (let i = 0; i < inputs.length; i++) if (first[i] !== again[i]) unstable++;
writeFileSync(out, `${first.join('\n')}\n`);
process.stdout.write(`${inputs.length} analyses written to ${out}${unstable ? `; ${unstable} differ when analysed again (state leaks between calls)` : ''}\n`);
if (unstable) process.exitCode = 1;
