/**
 * `npx tsx scripts/flagModel.ts`: trains the learned possible-flag net (src/nlp/flagModel.ts) and writes
 * src/nlp/data/flagModel.json. Steps:
 *  1. nested leave-one-part-out cross-validation over the real-dev parts, printed per part (each part scored by a model
 *     and thresholds that never saw it): any reaction and flag-free questions, before and after the net;
 *  2. thresholds from plain leave-one-part-out over all five parts, printed for comparison (those parts are the ones the
 *     concept rules were tuned on, so little is left there for the net to catch);
 *  3. the final model trained on every part plus the written-here sets, its thresholds chosen on CALIBRATION_PART
 *     (real-dev6: never trained on, rules never tuned on it) within a 10 % flag-free question budget, each step buying
 *     at least MIN_CATCH_PER_QUESTION.
 * Run it after changing the concept data, the lexicon, the feature code or the labelled dev parts;
 * tests/nlp/flagModel.test.ts fails while the weights are stale. `--cv` prints the cross-validation and writes nothing.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RED_FLAG_IDS } from '../src/knowledge/vocabulary';
import { CALIBRATION_BUDGET, CALIBRATION_PART, DEV_PARTS, QUESTION_BUDGET, chooseThresholds, figures, flagModelFile, loadLines, outOfFold, scoreLines, trainOn, type Figures, type Line } from '../src/nlp/flagModelTrain';

const pct = (a: number, b: number): string => (b === 0 ? '   -  ' : `${((100 * a) / b).toFixed(1).padStart(5)}%`);
const out = (s: string): boolean => process.stdout.write(`${s}\n`);

function row(name: string, f: Figures, th: readonly number[] | null): void {
  out(
    `${name.padEnd(10)} any ${pct(f.anyBefore, f.anyTotal)} -> ${pct(f.anyAfter, f.anyTotal)} (${f.anyBefore}->${f.anyAfter}/${f.anyTotal})   ` +
      `free question ${pct(f.questionBefore, f.freeTotal)} -> ${pct(f.questionAfter, f.freeTotal)} (${f.questionBefore}->${f.questionAfter}/${f.freeTotal})   urgent ${pct(f.urgent, f.freeTotal)}`,
  );
  const per = RED_FLAG_IDS.filter((id) => f.perFlag[id].total > 0 || f.perFlag[id].added > 0).map((id) => {
    const p = f.perFlag[id];
    return `${id} ${p.before}->${p.after}/${p.total}${p.wrongAdded ? ` (+${p.wrongAdded} wrong)` : ''}`;
  });
  out(`           ${per.join(', ')}`);
  if (th) out(`           thresholds ${RED_FLAG_IDS.map((id, k) => `${id}=${(th[k] as number) > 1 ? 'off' : th[k]}`).join(' ')}`);
}

function sum(fs: Figures[]): Figures {
  const total = structuredClone(fs[0] as Figures);
  for (const f of fs.slice(1)) {
    for (const k of ['anyTotal', 'anyBefore', 'anyAfter', 'freeTotal', 'questionBefore', 'questionAfter', 'urgent'] as const) total[k] += f[k];
    for (const id of RED_FLAG_IDS) for (const k of ['total', 'before', 'after', 'added', 'wrongAdded'] as const) total.perFlag[id][k] += f.perFlag[id][k];
  }
  return total;
}

function main(): void {
  const cvOnly = process.argv.includes('--cv');
  const t0 = Date.now();
  const lines = loadLines();
  out(`read ${lines.length} lines in ${Date.now() - t0} ms`);

  out('\nNested leave-one-part-out (thresholds chosen on the other four parts, by their own leave-one-out):');
  const budgets = (process.argv.find((a) => a.startsWith('--budgets='))?.slice(10).split(',') ?? [String(QUESTION_BUDGET)]).map(Number);
  const folds = DEV_PARTS.map((held) => {
    const others = DEV_PARTS.filter((p) => p !== held);
    const inner = outOfFold(lines, others);
    const train = lines.filter((l) => l.part !== held);
    const test = lines.filter((l) => l.part === held);
    return { held, inner, test, probs: scoreLines(trainOn(train), test) };
  });
  for (const budget of budgets) {
    out(`-- question budget ${budget}`);
    const parts: Figures[] = [];
    for (const { held, inner, test, probs } of folds) {
      const th = chooseThresholds(inner.lines, inner.probs, budget);
      const f = figures(test, probs, th);
      parts.push(f);
      row(held, f, th);
    }
    row('all', sum(parts), null);
  }

  if (process.argv.includes('--nested-only')) return;
  const oof = outOfFold(lines, DEV_PARTS);
  const th = chooseThresholds(oof.lines, oof.probs);
  out('\nShipped thresholds (leave-one-part-out over all five), out-of-fold figures at them:');
  const byPart = DEV_PARTS.map((p) => {
    const idx = oof.lines.map((l, i) => (l.part === p ? i : -1)).filter((i) => i >= 0);
    const f = figures(
      idx.map((i) => oof.lines[i] as Line),
      idx.map((i) => oof.probs[i] as Float64Array),
      th,
    );
    row(p, f, null);
    return f;
  });
  row('all', sum(byPart), th);

  // The dev parts above are the ones the concept rules were tuned on, so few of their flags are left for the net and the
  // cross-validation says little about fresh pages. The thresholds are therefore chosen on CALIBRATION_PART, a dev part
  // the rules were never tuned on and the net never trains on, within the issue's 10 % flag-free question limit.
  const model = trainOn(lines);
  const cal = loadLines([CALIBRATION_PART]);
  const calProbs = scoreLines(model, cal);
  const calTh = chooseThresholds(cal, calProbs, CALIBRATION_BUDGET);
  out(`\nThresholds chosen on ${CALIBRATION_PART} (never trained on; the rules were not tuned on it), figures there:`);
  row(CALIBRATION_PART, figures(cal, calProbs, calTh), calTh);
  if (cvOnly) return;
  const file = resolve(__dirname, '../src/nlp/data/flagModel.json');
  writeFileSync(file, flagModelFile({ ...model, thresholds: calTh }));
  out(`\nwrote ${file} in ${Date.now() - t0} ms`);
}

main();
