import { describe, expect, it } from 'vitest';
import { runCli } from './runCli';

describe('classify CLI', () => {
  it('writes exactly one JSON line per input line, in order, empty lines included', async () => {
    const lines = ['my bum hurts when I drive', '', 'what is NMT', "I can't control my bladder", '😀', 'thanks'];
    const { code, stdout } = await runCli('src/nlp/cli/classify.ts', [], `${lines.join('\n')}\n`);
    expect(code).toBe(0);
    const out = stdout.split('\n').filter((l, i, a) => !(i === a.length - 1 && l === ''));
    expect(out).toHaveLength(lines.length);
    const rows = out.map((l) => JSON.parse(l) as Record<string, unknown>);
    rows.forEach((r, i) => {
      expect(Object.keys(r)).toEqual(['text', 'intent', 'confidence', 'muscles', 'techniques', 'redFlags', 'possibleRedFlags', 'contraindications']);
      expect(r.text).toBe(lines[i]);
    });
    expect(rows[0]).toMatchObject({ intent: 'symptom', muscles: ['piriformis', 'glutes'] });
    expect(rows[1]).toMatchObject({ intent: 'out_of_scope', muscles: [], redFlags: [] });
    expect(rows[2]).toMatchObject({ intent: 'technique_info', techniques: ['neuromuscular'] });
    expect(rows[3]).toMatchObject({ redFlags: ['bladder-bowel'] });
    expect(rows[5]).toMatchObject({ intent: 'thanks' });
  });

  it('answers a last line without a newline and CRLF input', async () => {
    const { stdout } = await runCli('src/nlp/cli/classify.ts', [], 'hello\r\nstart over');
    expect(stdout.trim().split('\n').map((l) => (JSON.parse(l) as { intent: string }).intent)).toEqual(['greeting', 'cancel']);
  });
});
