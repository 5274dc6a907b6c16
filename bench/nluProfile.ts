/**
 * A driver for profiling and quick before/after checks of the analyzer (not part of `npm run bench`):
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/nluProfile.ts analyze   # 8 s of analyze calls
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/nluProfile.ts build     # 30 builds
 *   npx tsx bench/nluProfile.ts cpu                                                    # CPU time per analyze / build
 *
 * `cpu` counts process CPU time (process.cpuUsage), not wall time: time slices the shared machine gives other jobs are
 * not counted, so two versions of the code compare better than with bench/nlu.ts's wall-clock figures.
 */
import { createAnalyzer } from '../src/nlp';
import { labelledTexts } from './nluCorpus';

const texts = labelledTexts();

const cpuUs = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const mode = process.argv[2] ?? 'analyze';
if (mode === 'build') {
  for (let i = 0; i < 30; i++) createAnalyzer();
} else if (mode === 'cpu') {
  createAnalyzer();
  const builds: number[] = [];
  for (let i = 0; i < 7; i++) {
    const s = cpuUs();
    createAnalyzer();
    builds.push((cpuUs() - s) / 1000);
  }
  const a = createAnalyzer();
  for (let r = 0; r < 3; r++) for (const t of texts) a.analyze(t);
  const passes: number[] = [];
  for (let r = 0; r < 15; r++) {
    const s = cpuUs();
    for (const t of texts) a.analyze(t);
    passes.push((cpuUs() - s) / texts.length);
  }
  const long = 'my back hurts and both legs feel numb since this morning, no fever, my mum had cancer. '.repeat(116).slice(0, 10_000);
  const tenKb: number[] = [];
  for (let r = 0; r < 9; r++) {
    const s = cpuUs();
    a.analyze(long);
    tenKb.push((cpuUs() - s) / 1000);
  }
  process.stdout.write(
    `CPU per analyze: min ${Math.min(...passes).toFixed(1)} µs, median ${median(passes).toFixed(1)} µs (15 passes of ${texts.length}); ` +
      `build min ${Math.min(...builds).toFixed(1)} ms, median ${median(builds).toFixed(1)} ms; 10 KB median ${median(tenKb).toFixed(2)} ms\n`,
  );
} else {
  const a = createAnalyzer();
  const t0 = Date.now();
  let n = 0;
  while (Date.now() - t0 < 8000) {
    for (const t of texts) a.analyze(t);
    n++;
  }
  process.stdout.write(`${n} passes of ${texts.length}\n`);
}
