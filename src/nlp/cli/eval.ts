/**
 * `npm run eval -- FILE.jsonl [--json]`: scores the matcher on a labelled file, `rasa test nlu` style.
 * Exits 1 when red-flag recall is below 1, 2 on a usage or file error.
 */
import { readFileSync } from 'node:fs';
import { INTENTS } from '../../knowledge/vocabulary';
import { createAnalyzer } from '../index';
import { evaluate, parseLabelled, toPrediction, type EvalReport, type Rate } from '../evaluate';

const pct = (r: Rate): string => `${(r.rate * 100).toFixed(1)}% (${r.hit}/${r.total})`;
const pad = (s: string, n: number): string => s.padEnd(n);
const padL = (s: string, n: number): string => s.padStart(n);

/** The human-readable report. */
export function formatReport(file: string, r: EvalReport, badLines: number): string {
  const out: string[] = [];
  out.push(`NLU evaluation: ${file} (${r.total} utterances${badLines ? `, ${badLines} unreadable lines skipped` : ''})`, '');
  out.push('Intent classification');
  out.push(`${pad('intent', 16)}${padL('precision', 10)}${padL('recall', 9)}${padL('f1', 8)}${padL('support', 9)}`);
  for (const s of r.perIntent) {
    out.push(`${pad(s.intent, 16)}${padL(s.precision.toFixed(3), 10)}${padL(s.recall.toFixed(3), 9)}${padL(s.f1.toFixed(3), 8)}${padL(String(s.support), 9)}`);
  }
  out.push(`accuracy ${pct(r.intentAccuracy)}   macro F1 ${r.macroF1.toFixed(3)}`, '');
  out.push('Confusion (rows: expected, columns: predicted)');
  const abbrev = INTENTS.map((i) => i.slice(0, 6));
  out.push(`${pad('', 16)}${abbrev.map((a) => padL(a, 7)).join('')}`);
  for (const e of INTENTS) out.push(`${pad(e, 16)}${INTENTS.map((p) => padL(String(r.confusion[e][p] || '.'), 7)).join('')}`);
  out.push('');
  out.push(`muscle hit@1            ${pct(r.muscleHitAt1)}`);
  out.push(`muscles null -> []      ${pct(r.muscleNullCorrect)}`);
  out.push(`techniques all found    ${pct(r.techniqueAccuracy)}`);
  out.push(`out_of_scope recall     ${pct(r.outOfScopeRecall)}`);
  out.push(`red-flag recall         ${pct(r.redFlagRecallOverall)}   (labelled red flags asserted at once)`);
  out.push(`red-flag any reaction   ${pct(r.anyReactionRecall)}   (labelled flags, asserted or possible, in redFlags or possibleRedFlags)`);
  out.push(`red-flag asserted       ${pct(r.assertedRecall)}`);
  out.push(`${pad('  per flag', 24)}${padL('any', 16)}${padL('asserted', 18)}`);
  for (const flag of Object.keys(r.redFlagRecall) as Array<keyof typeof r.redFlagRecall>) {
    const any = r.anyReactionPerFlag[flag];
    if (any.total > 0) out.push(`  ${pad(flag, 22)}${padL(pct(any), 16)}${padL(pct(r.redFlagRecall[flag]), 18)}`);
  }
  out.push(`flag-free: urgent       ${pct(r.flagFreeUrgent)}   (flag-free lines given urgent advice)`);
  out.push(`flag-free: question     ${pct(r.flagFreeQuestion)}   (flag-free lines given a clarifying question)`);
  out.push(`false red flags         ${pct(r.falseRedFlags)} of lines`);
  if (r.contraindicationPrecision.total + r.contraindicationRecall.total > 0) {
    out.push(`contraindications       precision ${pct(r.contraindicationPrecision)}   recall ${pct(r.contraindicationRecall)}`);
  }
  out.push('');
  out.push(`Misses (${r.misses.length})`);
  for (const m of r.misses) {
    out.push(`  [${m.kind}] expected ${m.expected}, got ${m.predicted}: ${m.text}`);
    if (m.why) out.push(`      why: ${m.why}`);
  }
  return out.join('\n');
}

function main(argv: string[]): number {
  const json = argv.includes('--json');
  const file = argv.find((a) => !a.startsWith('--'));
  if (!file) {
    process.stderr.write('usage: npm run eval -- FILE.jsonl [--json]\n');
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    process.stderr.write(`eval: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
    return 2;
  }
  const { items, bad } = parseLabelled(text);
  for (const b of bad) process.stderr.write(`eval: ${file}:${b.line}: ${b.error}\n`);
  const analyzer = createAnalyzer();
  const report = evaluate(items, (t) => toPrediction(analyzer.analyze(t)));
  process.stdout.write(json ? `${JSON.stringify({ file, badLines: bad.length, ...report })}\n` : `${formatReport(file, report, bad.length)}\n`);
  return report.redFlagRecallOverall.rate < 1 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
