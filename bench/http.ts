import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { loadConfig } from '../src/config';
import { createAdapter } from '../src/bot/adapter';
import { createApp } from '../src/index';
import { createLogger } from '../src/logger';
import { createServer } from '../src/server';
import { createMinimalBot, createMinimalBotServer } from './minimalBot';
import { benchMessage, SCRIPTS } from './scripts';

/**
 * `npm run bench:http`: our full server against a minimal botbuilder waterfall bot (bench/minimalBot.ts),
 * served two ways (below), each in its own child process on 127.0.0.1, driven over HTTP with deliveryMode
 * expectReplies by CONCURRENCY simulated people, each holding one conversation at a time. After a warm-up,
 * rounds alternate between the servers; each round is bounded by time and by turn count. Reports turns/s,
 * p50/p99 latency and server CPU per turn for each (median over rounds), and the ratios of ours to each.
 * CPU per turn is the steadier figure on a shared machine; turns/s also depends on the driver and on load.
 * On a machine shared with other work the load changes from one round to the next, so the ratios are also
 * given per round (ours against the other server's round next to it, in the same stretch of load), as the
 * median and range over rounds, with the load average before and after the run.
 *
 * Options (environment): BENCH_CONCURRENCY (16), BENCH_ROUNDS (6), BENCH_ROUND_SECONDS (3),
 * BENCH_ROUND_MAX_TURNS (20000), BENCH_WARMUP_SECONDS (3), BENCH_SAME_USER (0), BENCH_NODE_ARGS (extra node flags for the
 * server processes, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
 */

/**
 * The servers measured. `minimal`: the baseline bot served as botbuilder's samples serve it (stock
 * CloudAdapter.process). `minimal-our-server`: the same bot behind our server and adapter (src/server.ts,
 * src/bot/adapter.ts: client reuse, no per-request re-validation), so ours / minimal-our-server is the cost
 * of our matcher, dialogs, state and cards alone. `ours`: `npm start`'s app.
 */
type ServerKind = 'minimal' | 'minimal-our-server' | 'ours';
const KINDS: readonly ServerKind[] = ['minimal', 'minimal-our-server', 'ours'];
const scriptOf = (kind: ServerKind): readonly string[] => SCRIPTS[kind === 'ours' ? 'ours' : 'minimal'];

const CONCURRENCY = intEnv('BENCH_CONCURRENCY', 16);
const ROUNDS = intEnv('BENCH_ROUNDS', 6);
const ROUND_MS = intEnv('BENCH_ROUND_SECONDS', 3) * 1000;
const ROUND_MAX_TURNS = intEnv('BENCH_ROUND_MAX_TURNS', 20_000);
const WARMUP_MS = intEnv('BENCH_WARMUP_SECONDS', 3) * 1000;
/**
 * Each conversation is a new person (as in bench/load.ts): the store keeps an index of each person's conversations
 * for "forget me" (src/storage/privacy.ts), read and rewritten when one of theirs starts, so sixteen people with
 * hundreds of conversations each in a few seconds would measure that index's growth, not a turn.
 * BENCH_SAME_USER=1 gives every conversation of one simulated person the same user id, as before.
 */
const SAME_USER = process.env.BENCH_SAME_USER === '1';

interface RoundResult {
  turns: number;
  /** Server CPU (ms) used during the round. */
  cpuMs: number;
  errors: number;
  seconds: number;
  latenciesMs: number[];
}

interface Summary {
  turnsPerSecond: number;
  /** Server CPU per turn (ms), median over rounds. */
  cpuMsPerTurn: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  rounds: number[];
}

// ---------------------------------------------------------------- server side (child process)

async function serve(kind: ServerKind): Promise<void> {
  let server: { listen: (port: number, host: string, cb: () => void) => unknown; address: () => unknown };
  // Memory state, like the minimal bot's MemoryStorage: the comparison is of the turn, not the store
  // (bench:load measures the default embedded store). Logging at the deployed default level (info).
  const config = loadConfig({ LOG_LEVEL: 'info', STATE_STORE: 'memory' });
  const logger = createLogger(config.logLevel, (line) => process.stderr.write(line + '\n'));
  if (kind === 'minimal') {
    server = createMinimalBotServer();
  } else if (kind === 'minimal-our-server') {
    const { bot, conversationState } = createMinimalBot();
    server = createServer({ adapter: createAdapter(config, logger, conversationState), bot, config, logger });
  } else {
    server = createApp(config, logger).server;
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.stdout.write(JSON.stringify({ port: (server.address() as AddressInfo).port }) + '\n');
  // The driver asks for CPU time around each round: CPU per turn is robust to other load on the machine.
  process.on('message', (m) => {
    if (m === 'cpu') process.send?.(process.cpuUsage());
  });
  // Exit (rather than die) on SIGTERM so --cpu-prof in BENCH_NODE_ARGS can write its profile.
  process.once('SIGTERM', () => process.exit(0));
}

// ---------------------------------------------------------------- driver side

function startServer(kind: ServerKind): Promise<{ child: ChildProcess; port: number }> {
  // One process per server (node --import tsx, not the tsx CLI, which adds a parent process).
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, ['--no-deprecation', ...nodeArgs, '--import', 'tsx', __filename, '--serve', kind], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    cwd: join(__dirname, '..'),
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once('line', (line) => resolve({ child, port: (JSON.parse(line) as { port: number }).port }));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

/** The server process's user+system CPU time so far, in milliseconds. */
function serverCpuMs(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (m) => {
      const usage = m as NodeJS.CpuUsage;
      resolve((usage.user + usage.system) / 1000);
    });
    child.send('cpu');
  });
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY * 2 });

function post(port: number, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/api/messages', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

let conversationSeq = 0;

/** Drives `kind` on `port` with CONCURRENCY people until the time or turn bound; records each turn's latency. */
async function round(kind: ServerKind, server: { child: ChildProcess; port: number }, ms: number, maxTurns: number): Promise<RoundResult> {
  const { port } = server;
  const cpuBefore = await serverCpuMs(server.child);
  const script = scriptOf(kind);
  const latenciesMs: number[] = [];
  let errors = 0;
  let turns = 0;
  const started = performance.now();
  const deadline = started + ms;

  const person = async (n: number) => {
    while (performance.now() < deadline && turns < maxTurns) {
      const conversationId = `bench-${kind}-${n}-${++conversationSeq}`;
      for (const [i, text] of script.entries()) {
        if (performance.now() >= deadline || turns >= maxTurns) return;
        const activity = benchMessage(conversationId, i, text, SAME_USER ? `user-${n}` : `user-${conversationId}`);
        const t0 = performance.now();
        const res = await post(port, JSON.stringify(activity));
        latenciesMs.push(performance.now() - t0);
        turns += 1;
        if (res.status !== 200 || !res.body.includes('"activities"')) errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, n) => person(n)));
  const seconds = (performance.now() - started) / 1000;
  const cpuMs = (await serverCpuMs(server.child)) - cpuBefore;
  return { turns, errors, seconds, cpuMs, latenciesMs };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);

function summarise(results: RoundResult[]): Summary {
  const rates = results.map((r) => r.turns / r.seconds);
  const latencies = results.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
  return {
    turnsPerSecond: median(rates),
    cpuMsPerTurn: median(results.map((r) => r.cpuMs / r.turns)),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    errors: results.reduce((n, r) => n + r.errors, 0),
    rounds: rates.map((r) => Math.round(r)),
  };
}

async function drive(): Promise<void> {
  const servers = new Map<ServerKind, { child: ChildProcess; port: number }>();
  try {
    for (const kind of KINDS) servers.set(kind, await startServer(kind));
    const server = (kind: ServerKind) => servers.get(kind) as { child: ChildProcess; port: number };

    const loadBefore = loadavg()[0] as number;
    process.stderr.write(`bench:http: concurrency ${CONCURRENCY}, ${ROUNDS} rounds of ${ROUND_MS / 1000}s per server, warm-up ${WARMUP_MS / 1000}s each\n`);
    for (const kind of KINDS) await round(kind, server(kind), WARMUP_MS, Number.MAX_SAFE_INTEGER);

    const results: Record<ServerKind, RoundResult[]> = { ours: [], minimal: [], 'minimal-our-server': [] };
    for (let r = 0; r < ROUNDS; r++) {
      // Alternate the order so drift (thermal, other load on a shared machine) hits all alike.
      for (const kind of r % 2 === 0 ? KINDS : [...KINDS].reverse()) {
        results[kind].push(await round(kind, server(kind), ROUND_MS, ROUND_MAX_TURNS));
      }
    }

    const summaries = Object.fromEntries(KINDS.map((kind) => [kind, summarise(results[kind])])) as Record<ServerKind, Summary>;
    const { ours, minimal } = summaries;
    const likeForLike = summaries['minimal-our-server'];
    const row = (name: string, s: Summary) =>
      `${name.padEnd(18)} ${s.turnsPerSecond.toFixed(0).padStart(8)} ${s.cpuMsPerTurn.toFixed(3).padStart(11)} ${s.p50Ms.toFixed(2).padStart(9)} ${s.p99Ms.toFixed(2).padStart(9)} ${String(s.errors).padStart(7)}   ${s.rounds.join(', ')}`;
    const ratio = ours.turnsPerSecond / minimal.turnsPerSecond;
    const likeRatio = ours.turnsPerSecond / likeForLike.turnsPerSecond;
    const paired = pairedRatios(results.ours, results.minimal);
    const pairedLike = pairedRatios(results.ours, results['minimal-our-server']);
    const loadAfter = loadavg()[0] as number;
    const spread = (p: { median: number; min: number; max: number }) => `${p.median.toFixed(2)}x (${p.min.toFixed(2)}-${p.max.toFixed(2)})`;
    process.stdout.write(
      [
        'server              turns/s  cpu ms/turn   p50 ms    p99 ms  errors   turns/s per round',
        row('minimal', minimal),
        row('minimal-our-server', likeForLike),
        row('ours', ours),
        `ours / minimal (stock CloudAdapter): throughput ${ratio.toFixed(2)}x (target >= 1.0x, issues 9 and 10), server CPU per turn ${(ours.cpuMsPerTurn / minimal.cpuMsPerTurn).toFixed(2)}x, p50 latency ${(ours.p50Ms / minimal.p50Ms).toFixed(2)}x`,
        `ours / minimal-our-server (same server and adapter, like for like): throughput ${likeRatio.toFixed(2)}x, server CPU per turn ${(ours.cpuMsPerTurn / likeForLike.cpuMsPerTurn).toFixed(2)}x, p50 latency ${(ours.p50Ms / likeForLike.p50Ms).toFixed(2)}x`,
        `round by round, median (range) of ${ROUNDS}: ours / minimal throughput ${spread(paired.throughput)}, CPU per turn ${spread(paired.cpu)}; ours / minimal-our-server throughput ${spread(pairedLike.throughput)}, CPU per turn ${spread(pairedLike.cpu)}; load average ${loadBefore.toFixed(2)} -> ${loadAfter.toFixed(2)}`,
        JSON.stringify({
          concurrency: CONCURRENCY,
          roundSeconds: ROUND_MS / 1000,
          loadAverage: [Number(loadBefore.toFixed(2)), Number(loadAfter.toFixed(2))],
          ...summaries,
          ratio: Number(ratio.toFixed(3)),
          likeForLikeRatio: Number(likeRatio.toFixed(3)),
          paired: { minimal: paired, 'minimal-our-server': pairedLike },
        }),
      ].join('\n') + '\n',
    );
    if (KINDS.some((kind) => summaries[kind].errors > 0)) process.exitCode = 1;
  } finally {
    for (const { child } of servers.values()) child.kill();
    agent.destroy();
  }
}

/**
 * Ours against `other` round by round: round r of each ran next to the other (the order alternates), so
 * the two saw about the same load. Median and range over rounds of ours / other for turns/s and of
 * ours / other for CPU per turn.
 */
function pairedRatios(ours: RoundResult[], other: RoundResult[]): Record<'throughput' | 'cpu', { median: number; min: number; max: number }> {
  const middle = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const m = sorted.length >> 1;
    return sorted.length % 2 === 1 ? (sorted[m] as number) : ((sorted[m - 1] as number) + (sorted[m] as number)) / 2;
  };
  const stats = (xs: number[]) => ({ median: Number(middle(xs).toFixed(3)), min: Number(Math.min(...xs).toFixed(3)), max: Number(Math.max(...xs).toFixed(3)) });
  const rounds = ours.map((o, r) => ({ o, x: other[r] as RoundResult }));
  return {
    throughput: stats(rounds.map(({ o, x }) => o.turns / o.seconds / (x.turns / x.seconds))),
    cpu: stats(rounds.map(({ o, x }) => o.cpuMs / o.turns / (x.cpuMs / x.turns))),
  };
}

function intEnv(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

const serveIndex = process.argv.indexOf('--serve');
if (serveIndex !== -1) {
  const kind = process.argv[serveIndex + 1];
  if (!KINDS.includes(kind as ServerKind)) throw new Error(`--serve ${KINDS.join('|')}`);
  serve(kind as ServerKind).catch((err: unknown) => {
    process.stderr.write(`bench server failed: ${String(err)}\n`);
    process.exit(1);
  });
} else {
  drive().catch((err: unknown) => {
    process.stderr.write(`bench:http failed: ${String(err)}\n`);
    process.exit(1);
  });
}
