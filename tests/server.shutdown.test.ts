import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeGracefully } from '../src/server';
import { activity, post, startServer, type Running } from './serverHarness';

const running: Running[] = [];
async function start(): Promise<Running> {
  const r = await startServer();
  running.push(r);
  return r;
}
afterEach(async () => {
  for (const r of running.splice(0)) await r.close().catch(() => undefined);
});

interface Answer {
  status: number;
  connection: string | undefined;
  body: string;
}

/** POST over a given agent (so keep-alive sockets are reused); rejects on a socket error such as ECONNRESET. */
function postOn(agent: Agent, base: string, body: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = request(
      `${base}/api/messages`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('graceful shutdown', () => {
  it('answers 503 with Connection: close on a kept-alive connection while a turn in flight finishes', async () => {
    const r = await start();
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    try {
      let release = () => {};
      r.dialog.gate = new Promise<void>((resolve) => (release = resolve));
      const slow = postOn(agent, r.base, activity('slow one', { conversation: { id: 'slow' } }));
      await expect.poll(() => r.lifecycle.inFlight).toBe(1);
      r.dialog.gate = undefined;
      // A second socket that stays open, idle, after its answer.
      const warm = await postOn(agent, r.base, activity('warm', { conversation: { id: 'warm' } }));
      expect(warm.status).toBe(200);
      expect(warm.connection).toBe('keep-alive');

      const closing = closeGracefully(r.server, r.lifecycle, r.logger, 5_000);
      const during = await Promise.all(Array.from({ length: 20 }, (_, i) => postOn(agent, r.base, activity(`late ${i}`, { conversation: { id: `late-${i}` } }))));
      for (const answer of during) {
        expect(answer.status).toBe(503);
        expect(answer.connection).toBe('close');
        expect(JSON.parse(answer.body)).toMatchObject({ error: 'ShuttingDown' });
      }
      const health = await fetch(`${r.base}/healthz`);
      expect(health.status).toBe(503);

      release();
      const finished = await slow;
      expect(finished.status).toBe(200);
      expect(JSON.parse(finished.body).activities[0].text).toBe('echo 1: slow one');
      await expect(closing).resolves.toBe(true);
      await expect(fetch(`${r.base}/healthz`)).rejects.toThrow();
    } finally {
      agent.destroy();
    }
  });

  it('waits for a web chat turn in flight too', async () => {
    const r = await start();
    let release = () => {};
    r.dialog.gate = new Promise<void>((resolve) => (release = resolve));
    const local = fetch(`${r.base}/api/local/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ conversationId: 'page-shutdown-1', activity: { type: 'message', text: 'slow local' } }),
    });
    await expect.poll(() => r.dialog.started).toBe(1);
    const closing = closeGracefully(r.server, r.lifecycle, r.logger, 5_000);
    // Longer than the grace closeGracefully gives answers after the drain.
    setTimeout(release, 1_200);
    const res = await local;
    expect(res.status).toBe(200);
    await expect(closing).resolves.toBe(true);
  });

  it('gives up waiting after the timeout', async () => {
    const r = await start();
    r.dialog.gate = new Promise<void>(() => {});
    void post(r.base, JSON.stringify(activity('stuck'))).catch(() => undefined);
    await expect.poll(() => r.lifecycle.inFlight).toBe(1);
    await expect(closeGracefully(r.server, r.lifecycle, r.logger, 100)).resolves.toBe(false);
    expect(r.logger.lines.map((l) => l.msg)).toContain('shutdown timed out with turns in flight');
  });
});

async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('npm start', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    // The child leads its own process group: whatever it left running goes with it.
    if (child?.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  });

  it('listens on HOST and stops on SIGTERM sent to the npm process (signals reach the server)', async () => {
    const port = await freePort();
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    let output = '';
    child = spawn(npm, ['start', '--silent'], {
      cwd: join(__dirname, '..'),
      env: { ...process.env, NODE_ENV: 'development', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', MicrosoftAppId: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<string>((resolve) => child?.once('exit', (code, signal) => resolve(String(signal ?? code))));

    const deadline = Date.now() + 45_000;
    let healthy = false;
    while (!healthy && Date.now() < deadline && child.exitCode === null) {
      healthy = (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.ok ?? false;
      if (!healthy) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(healthy, `the server did not come up; its output:\n${output}`).toBe(true);
    const listening = output.split('\n').find((line) => line.includes('"msg":"listening"'));
    expect(JSON.parse(listening ?? '{}')).toMatchObject({ host: '127.0.0.1' });
    // The README's address works against the 127.0.0.1 default (clients fall back from ::1).
    expect((await fetch(`http://localhost:${port}/healthz`)).status).toBe(200);
    // And only there: another interface of this machine, if it has one, is not served.
    const external = Object.values(networkInterfaces()).flat().find((i) => i?.family === 'IPv4' && !i.internal);
    if (external) await expect(fetch(`http://${external.address}:${port}/healthz`)).rejects.toThrow();

    child.kill('SIGTERM');
    // npm exits when the server does (0, or by re-raising the signal it forwarded, as npm does).
    expect(['0', 'SIGTERM']).toContain(await exited);
    // Nothing is left behind: the port no longer answers.
    await expect.poll(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).then(() => 'up', () => 'down')), { timeout: 5_000 }).toBe('down');
    // The server logs "stopped" after its listener closes (npm may have exited first): wait for the line.
    await expect.poll(() => output.includes('"msg":"stopped"'), { timeout: 10_000 }).toBe(true);
  }, 60_000);
});
