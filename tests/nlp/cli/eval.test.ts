import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './runCli';

const dir = mkdtempSync(join(tmpdir(), 'nlu-eval-'));
const file = (name: string, rows: object[]): string => {
  const p = join(dir, name);
  writeFileSync(p, rows.map((r) => JSON.stringify(r)).join('\n'));
  return p;
};

describe('eval CLI', () => {
  it('prints a rasa-style report and exits 0 when every red flag is found', async () => {
    const good = file('good.jsonl', [
      { text: 'hello', intent: 'greeting', redFlags: [] },
      { text: 'I wet myself', intent: 'symptom', muscles: null, redFlags: ['bladder-bowel'] },
    ]);
    const { code, stdout } = await runCli('src/nlp/cli/eval.ts', [good]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/precision\s+recall\s+f1\s+support/);
    expect(stdout).toMatch(/red-flag recall\s+100\.0% \(1\/1\)/);
    expect(stdout).toMatch(/Confusion/);
  });

  it('exits non-zero when a red flag is missed, and --json is machine-readable', async () => {
    const missed = file('missed.jsonl', [{ text: 'my bum hurts', intent: 'symptom', muscles: ['piriformis'], redFlags: ['fever'] }]);
    const { code, stdout } = await runCli('src/nlp/cli/eval.ts', [missed, '--json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { redFlagRecallOverall: { rate: number }; misses: Array<{ kind: string }> };
    expect(report.redFlagRecallOverall.rate).toBe(0);
    expect(report.misses.map((m) => m.kind)).toContain('red-flag-missed');
  });

  it('reports a missing file as a usage error', async () => {
    const { code, stderr } = await runCli('src/nlp/cli/eval.ts', [join(dir, 'nope.jsonl')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/cannot read/);
  });
});
