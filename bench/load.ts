import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { loadConfig } from '../src/config';
import { createApp } from '../src/index';
import { createLogger } from '../src/logger';
import { EMBEDDED_FILE } from '../src/storage';
import { benchMessage, SCRIPTS } from './scripts';

/**
 * `npm run bench:load`: the app as `npm start` runs it (the default embedded store, in a temporary
 * STATE_DIR), in its own process on 127.0.0.1, driven over HTTP with deliveryMode expectReplies.
 *
 * 1. Load: BENCH_LOAD_CONCURRENCY (64) people at once for BENCH_LOAD_SECONDS (60), each playing the
 *    eight-turn script (bench/scripts.ts) in one conversation after another. Reports p50/p99/max latency,
 *    errors, turns/s and the server's RSS (sampled every second: start, peak, end).
 * 2. Growth: two-turn conversations (state is written for each), 64 at a time, until 10,000 and then
 *    20,000 conversations (BENCH_LOAD_CONVERSATIONS); reports the server's RSS and the data file's size at
 *    each mark. RSS should stay bounded: state lives in the file, not in the heap.
 * Loopback only; every request bounded by a 30 s timeout. Figures are medians of nothing: one run, on a
 * shared machine. Use them for orders of magnitude and for regressions.
 */

const CONCURRENCY = intEnv('BENCH_LOAD_CONCURRENCY', 64);
const SECONDS = intEnv('BENCH_LOAD_SECONDS', 60);
const MARKS = (process.env.BENCH_LOAD_CONVERSATIONS ?? '10000,20000').split(',').map(Number).filter((n) => n > 0);
const REQUEST_TIMEOUT_MS = 30_000;

function intEnv(name: string, fallback: number): number {
  const n = Number(process.env[name]);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

// ---------------------------------------------------------------- server side (child process)

async function serve(stateDir: string): Promise<void> {
  const config = loadConfig({ LOG_LEVEL: 'warn', STATE_STORE: 'embedded', STATE_DIR: stateDir });
  const app = createApp(config, createLogger('warn', (line) => process.stderr.write(line + '\n')));
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  process.stdout.write(JSON.stringify({ port: (app.server.address() as AddressInfo).port, store: app.storage.kind }) + '\n');
  process.on('message', (m) => {
    if (m === 'memory') process.send?.(process.memoryUsage());
  });
  process.once('SIGTERM', () => {
    void app.storage.close?.().finally(() => process.exit(0));
  });
}

// ---------------------------------------------------------------- driver side

interface Server {
  child: ChildProcess;
  port: number;
  store: string;
}

function startServer(stateDir: string): Promise<Server> {
  const child = spawn(process.execPath, ['--no-deprecation', '--import', 'tsx', __filename, '--serve', stateDir], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    cwd: join(__dirname, '..'),
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once('line', (line) => resolve({ child, ...(JSON.parse(line) as { port: number; store: string }) }));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

function serverMemory(child: ChildProcess): Promise<NodeJS.MemoryUsage> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as NodeJS.MemoryUsage));
    child.send('memory');
  });
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY * 2 });

function post(port: number, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/messages',
        method: 'POST',
        agent,
        timeout: REQUEST_TIMEOUT_MS,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

let conversationSeq = 0;

/** One turn; resolves with its latency (ms) and whether it was answered with replies. */
async function turn(port: number, conversationId: string, i: number, text: string): Promise<{ ms: number; ok: boolean }> {
  const activity = benchMessage(conversationId, i, text, `user-${conversationId}`);
  const t0 = performance.now();
  try {
    const res = await post(port, JSON.stringify(activity));
    return { ms: performance.now() - t0, ok: res.status === 200 && res.body.includes('"activities"') && !res.body.includes('went wrong') };
  } catch {
    return { ms: performance.now() - t0, ok: false };
  }
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const mb = (bytes: number): number => Math.round(bytes / 1024 / 1024);

async function loadPhase(server: Server): Promise<void> {
  const latencies: number[] = [];
  let errors = 0;
  const rss: number[] = [(await serverMemory(server.child)).rss];
  const sampler = setInterval(() => void serverMemory(server.child).then((m) => rss.push(m.rss)), 1000);
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  const person = async () => {
    while (performance.now() < deadline) {
      const id = `load-${++conversationSeq}`;
      for (const [i, text] of SCRIPTS.ours.entries()) {
        if (performance.now() >= deadline) return;
        const { ms, ok } = await turn(server.port, id, i, text);
        latencies.push(ms);
        if (!ok) errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, person));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  rss.push((await serverMemory(server.child)).rss);
  latencies.sort((a, b) => a - b);
  process.stdout.write(
    [
      `load: ${CONCURRENCY} concurrent conversations for ${Math.round(seconds)} s over HTTP (expectReplies), store ${server.store}`,
      `  turns ${latencies.length}, turns/s ${(latencies.length / seconds).toFixed(0)}, errors ${errors}`,
      `  latency ms: p50 ${percentile(latencies, 50).toFixed(1)}  p99 ${percentile(latencies, 99).toFixed(1)}  max ${(latencies[latencies.length - 1] ?? NaN).toFixed(1)}`,
      `  server RSS MB: start ${mb(rss[0] ?? 0)}  peak ${mb(Math.max(...rss))}  end ${mb(rss[rss.length - 1] ?? 0)}`,
    ].join('\n') + '\n',
  );
}

async function growthPhase(server: Server, stateDir: string): Promise<void> {
  const [opening, answer] = SCRIPTS.ours.slice(1, 3) as [string, string];
  let done = 0;
  let errors = 0;
  const started = performance.now();
  const before = await serverMemory(server.child);
  process.stdout.write(`growth: two-turn conversations, ${CONCURRENCY} at a time (RSS before: ${mb(before.rss)} MB)\n`);
  for (const mark of MARKS) {
    const person = async () => {
      while (done < mark) {
        done += 1;
        const id = `grow-${++conversationSeq}`;
        for (const [i, text] of [opening, answer].entries()) if (!(await turn(server.port, id, i, text)).ok) errors += 1;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, person));
    const memory = await serverMemory(server.child);
    const fileMb = statSync(join(stateDir, EMBEDDED_FILE)).size / 1024 / 1024;
    process.stdout.write(
      `  after ${mark} conversations: RSS ${mb(memory.rss)} MB, heap used ${mb(memory.heapUsed)} of ${mb(memory.heapTotal)} MB, ` +
        `external ${mb(memory.external)} MB, data file ${fileMb.toFixed(1)} MB, ` +
        `errors ${errors}, ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
    );
  }
}

async function drive(): Promise<void> {
  const stateDir = mkdtempSync(join(tmpdir(), 'bench-load-'));
  const server = await startServer(stateDir);
  try {
    await loadPhase(server);
    await growthPhase(server, stateDir);
  } finally {
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    await exited;
    agent.destroy();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--serve') {
  void serve(process.argv[3] as string);
} else {
  drive().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
