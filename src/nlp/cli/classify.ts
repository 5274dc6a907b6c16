/**
 * `npm run --silent classify`: one utterance per stdin line in, exactly one JSON line per input line out
 * (CONTRACT.md). The model is built once; output is buffered and flushed in blocks for throughput.
 */
import { createInterface } from 'node:readline';
import { createAnalyzer } from '../index';
import { toPrediction } from '../evaluate';

const FLUSH_EVERY = 256;

function main(): void {
  const analyzer = createAnalyzer();
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let buffer: string[] = [];
  const flush = (): void => {
    if (buffer.length === 0) return;
    process.stdout.write(`${buffer.join('\n')}\n`);
    buffer = [];
  };
  rl.on('line', (line) => {
    let out: string;
    try {
      const p = toPrediction(analyzer.analyze(line));
      out = JSON.stringify({
        text: line,
        intent: p.intent,
        confidence: p.confidence,
        muscles: p.muscles,
        techniques: p.techniques,
        redFlags: p.redFlags,
        possibleRedFlags: p.possibleRedFlags ?? [],
        contraindications: p.contraindications ?? [],
      });
    } catch (err) {
      // The contract is one line per input line, whatever happens; the cause goes to stderr without the text.
      process.stderr.write(`classify: analysis failed: ${(err as Error).message}\n`);
      out = JSON.stringify({ text: line, intent: 'out_of_scope', confidence: 0, muscles: [], techniques: [], redFlags: [], possibleRedFlags: [], contraindications: [] });
    }
    buffer.push(out);
    if (buffer.length >= FLUSH_EVERY) flush();
  });
  // A pause in input (interactive use) should not hold back answers.
  process.stdin.on('pause', flush);
  rl.on('close', flush);
  // Interactive use: flush when input goes quiet.
  setInterval(flush, 50).unref();
}

main();
