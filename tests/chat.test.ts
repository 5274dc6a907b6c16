import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open } from 'lmdb';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');

/** Runs `npm run chat` the way a person would pipe into it: tsx, src/chat.ts, stdin not a TTY. */
function chat(input: string, env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'src/chat.ts')], {
    cwd: root,
    input,
    encoding: 'utf8',
    timeout: 60_000,
    // Memory state: each run starts afresh and writes nothing under the repository's data/ directory.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, STATE_STORE: 'memory', ...env },
  });
}

describe('npm run chat (piped)', () => {
  it('welcomes, answers a muscle question, and quits cleanly', () => {
    const run = chat('hi\nwhat is the piriformis\nquit\n');
    expect(run.status).toBe(0);
    const out = run.stdout;
    // Welcome first, with numbered options.
    expect(out).toMatch(/^Bot: .*massage/im);
    expect(out).toMatch(/^\s+1\. \S/m);
    // The user's lines are echoed, each followed by the bot's answer.
    expect(out).toContain('You: hi');
    expect(out).toContain('You: what is the piriformis');
    const afterQuestion = out.slice(out.indexOf('You: what is the piriformis'));
    expect(afterQuestion).toMatch(/piriformis/i);
    expect(afterQuestion).toMatch(/buttock/i);
    expect(out.trim().endsWith('Bye. Take care.')).toBe(true);
    expect(out).not.toMatch(/went wrong|\[object Object\]|undefined/);
  });

  it('lets a number pick one of the options just shown', () => {
    const run = chat('1\n');
    expect(run.status).toBe(0);
    const welcome = run.stdout.slice(0, run.stdout.indexOf('You: 1'));
    const firstOption = /^\s+1\. (.+)$/m.exec(welcome)?.[1];
    expect(firstOption).toBeTruthy();
    const answer = run.stdout.slice(run.stdout.indexOf('You: 1') + 'You: 1'.length);
    expect(answer).toMatch(/^\s*Bot: /);
    expect(answer).not.toMatch(/didn't catch that|not sure I understood/i);
  });

  it('exits with the bad key named when the configuration is invalid', () => {
    const run = chat('hi\n', { PORT: 'not-a-port' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PORT');
  });

  it('"forget me" in a later terminal chat deletes the earlier ones kept in the embedded store', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chat-forget-'));
    const keys = (): string[] => {
      const db = open({ path: join(dir, 'state.mdb'), encoding: 'json', readOnly: true });
      try {
        return [...db.getKeys()].map(String).filter((k) => k !== 'readyz');
      } finally {
        void db.close();
      }
    };
    try {
      const env = { STATE_STORE: 'embedded', STATE_DIR: dir };
      const first = chat('I have a deep ache in my bum when I sit\nquit\n', env);
      expect(first.status).toBe(0);
      const before = keys();
      // The first chat left its conversation state and an index of this person's conversations.
      expect(before.some((k) => k.includes('/conversations/'))).toBe(true);
      const second = chat('forget me\nquit\n', env);
      expect(second.status).toBe(0);
      expect(second.stdout).toMatch(/deleted|forgotten/i);
      const after = keys();
      expect(after.filter((k) => before.includes(k))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
