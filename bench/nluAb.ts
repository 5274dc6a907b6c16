/**
 * `npx tsx bench/nluAb.ts <other checkout> [rounds]`: this checkout's `analyze` against another's, in one process (not
 * part of `npm run bench`). Each labelled text is analysed by both, back to back (which goes first alternates), and each
 * keeps its least time over the rounds; the report gives p50, p99 and the mean of those, and the median of the per-text
 * ratios. Run it twice, the second time with `--new-first`: on a shared machine the analyzer built first measures a few
 * per cent faster, so take the mean of the two runs. bench/nlu.ts's separate processes cannot resolve a 5 % change here.
 *
 *   git worktree add --detach /tmp/base <commit> && ln -s "$PWD/node_modules" /tmp/base/node_modules
 *   npx tsx bench/nluAb.ts /tmp/base && npx tsx bench/nluAb.ts /tmp/base 21 --new-first
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createAnalyzer } from '../src/nlp';
import type { Analyzer } from '../src/nlp/types';
import { labelledTexts } from './nluCorpus';

async function main(): Promise<void> {
  const [other, roundsArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (other === undefined) throw new Error('usage: npx tsx bench/nluAb.ts <other checkout> [rounds] [--new-first]');
  const rounds = Number(roundsArg ?? 15);
  const newFirst = process.argv.includes('--new-first');
  const base = (await import(pathToFileURL(resolve(other, 'src/nlp/index.ts')).href)) as { createAnalyzer: () => Analyzer };
  const built = newFirst ? [createAnalyzer(), base.createAnalyzer()] : [base.createAnalyzer(), createAnalyzer()];
  const [before, after] = (newFirst ? [built[1], built[0]] : built) as [Analyzer, Analyzer];
  const texts = labelledTexts();
  for (let w = 0; w < 3; w++) for (const t of texts) (before.analyze(t), after.analyze(t));
  const best = [texts.map(() => Infinity), texts.map(() => Infinity)];
  const both = [before, after];
  for (let r = 0; r < rounds; r++) {
    texts.forEach((t, i) => {
      for (const k of (r + i) % 2 === 0 ? [0, 1] : [1, 0]) {
        const s = process.hrtime.bigint();
        (both[k] as Analyzer).analyze(t);
        const us = Number(process.hrtime.bigint() - s) / 1e3;
        const row = best[k] as number[];
        if (us < (row[i] as number)) row[i] = us;
      }
    });
  }
  const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] as number;
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const [b, a] = best as [number[], number[]];
  const line = (name: string, xs: number[]): string => `${name} p50 ${pct(xs, 0.5).toFixed(1)} µs, p99 ${pct(xs, 0.99).toFixed(1)} µs, mean ${mean(xs).toFixed(1)} µs`;
  const change = (x: number, y: number): string => `${((y / x - 1) * 100).toFixed(1)} %`;
  process.stdout.write(
    [
      `${texts.length} labelled texts, least of ${rounds} rounds each, ${newFirst ? 'this checkout' : 'the other'} built first`,
      line(`  other (${other})`.padEnd(28), b),
      line('  this checkout'.padEnd(28), a),
      `  change: p50 ${change(pct(b, 0.5), pct(a, 0.5))}, p99 ${change(pct(b, 0.99), pct(a, 0.99))}, mean ${change(mean(b), mean(a))}, ` +
        `median per-text ${change(1, pct(texts.map((_, i) => (a[i] as number) / (b[i] as number)), 0.5))}`,
      '',
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`nluAb failed: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
