import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './azurite';

/**
 * `npm start` as a process (node, tsx, src/index.ts) with nothing configured but the port and STATE_DIR:
 * the default store keeps a conversation across a stop and a start. And production refuses memory state.
 */

const root = join(__dirname, '..', '..');
const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
const dir = mkdtempSync(join(tmpdir(), 'state-process-'));
const running: ChildProcess[] = [];

afterAll(() => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function start(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [tsx, '--no-deprecation', join(root, 'src/index.ts')], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), STATE_DIR: dir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.push(child);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && child.exitCode === null) {
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
    if (ready?.status === 200) {
      expect(await ready.json()).toMatchObject({ store: 'embedded' });
      return child;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the server did not become ready');
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function say(port: number, text: string, n: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: `m${n}`,
      text,
      channelId: 'emulator',
      serviceUrl: 'http://127.0.0.1:9',
      deliveryMode: 'expectReplies',
      conversation: { id: 'restart-process' },
      from: { id: 'person-1', role: 'user' },
      recipient: { id: 'bot', role: 'bot' },
    }),
  });
  expect(res.status).toBe(200);
  return JSON.stringify(await res.json());
}

describe('npm start on the default (embedded) store, as a process', () => {
  it('keeps a conversation through a stop and a start', async () => {
    const port = await freePort();
    const first = await start(port);
    expect(await say(port, 'my buttock hurts when I sit', 1)).toMatch(/before I suggest anything/i);
    await stop(first);

    const second = await start(port);
    const next = await say(port, 'none of these', 2);
    expect(next).not.toMatch(/went wrong|only help with|lost track|before I suggest anything/i);
    await stop(second);
  }, 90_000);

  it('refuses to start in production on memory state unless allowed', () => {
    const run = spawnSync(process.execPath, [tsx, join(root, 'src/index.ts')], {
      cwd: root,
      env: { PATH: process.env.PATH, NODE_ENV: 'production', MicrosoftAppId: 'id', MicrosoftAppPassword: 'pw', STATE_STORE: 'memory', PORT: '0' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/ALLOW_MEMORY_STATE_IN_PRODUCTION/);
  }, 40_000);
});
