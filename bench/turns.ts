import { MemoryStorage, type Middleware, type Storage, type TurnContext } from 'botbuilder';
import { InProcessAdapter } from '../src/bot/inProcessAdapter';
import { loadConfig } from '../src/config';
import { createBotParts } from '../src/index';
import { createLogger } from '../src/logger';
import { createStorage } from '../src/storage';
import { createMinimalBotLogic } from './minimalBot';
import { SCRIPTS } from './scripts';

/**
 * `npx tsx bench/turns.ts`: the bot's turn without HTTP, for profiling the dialog layer. Builds exactly the
 * bot bench:http's `ours` server runs (createBotParts over `STATE_STORE=memory`, the privacy index as
 * middleware), plays the same eight-turn script as bench/http.ts
 * over many conversations through the in-process adapter, and reports time per turn (also without the
 * analyzer, the part the matcher's own benchmark covers), analyzer calls per turn, and for each turn of the
 * script its median time and the size of the stored conversation state after it.
 * `--minimal` runs bench/minimalBot.ts's three-step waterfall bot (botbuilder's MemoryStorage) with the
 * same driver instead (the same bot, without restify), so the in-process gap between the two bots can be read without HTTP noise.
 * Profile with `node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/turns.ts`.
 * Options (environment): BENCH_CONVERSATIONS (2000), BENCH_WARMUP (300).
 */

const MINIMAL = process.argv.includes('--minimal');

const SCRIPT = SCRIPTS[MINIMAL ? 'minimal' : 'ours'];

const CONVERSATIONS = intEnv('BENCH_CONVERSATIONS', 2000);
const WARMUP = intEnv('BENCH_WARMUP', 300);

async function main(): Promise<void> {
  const { logic, analyzer, storage, middleware } = MINIMAL ? minimalBot() : oursBot();
  const analyze = analyzer.analyze.bind(analyzer);
  let analyzeCalls = 0;
  let analyzeMs = 0;
  analyzer.analyze = (text: string) => {
    analyzeCalls += 1;
    const t0 = performance.now();
    const a = analyze(text);
    analyzeMs += performance.now() - t0;
    return a;
  };

  const conversation = async (n: number, sizes?: number[][], times?: number[][]) => {
    const id = `turns-${n}`;
    const adapter = new InProcessAdapter({
      channelId: 'emulator',
      serviceUrl: 'http://127.0.0.1:9',
      conversation: { id, isGroup: false, conversationType: 'personal', name: id },
      // A new person per conversation, as in bench:http and bench:load (BENCH_SAME_USER=1: sixteen people).
      user: { id: process.env.BENCH_SAME_USER === '1' ? `user-${n % 16}` : `user-${n}`, name: 'bench user' },
      bot: { id: 'bot', name: 'bot' },
      locale: 'en-GB',
    });
    for (const m of middleware) adapter.use(m);
    for (const [i, text] of SCRIPT.entries()) {
      const t0 = performance.now();
      await adapter.send({ text }, logic);
      if (times) (times[i] ??= []).push(performance.now() - t0);
      if (sizes) {
        const key = `emulator/conversations/${id}/`;
        const { eTag: _eTag, ...stored } = (await storage.read([key]))[key] ?? {};
        (sizes[i] ??= []).push(Object.keys(stored).length > 0 ? Buffer.byteLength(JSON.stringify(stored), 'utf8') : 0);
      }
    }
  };

  for (let n = 0; n < WARMUP; n++) await conversation(-n - 1);
  analyzeCalls = 0;
  analyzeMs = 0;
  const sizes: number[][] = [];
  const times: number[][] = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let n = 0; n < CONVERSATIONS; n++) await conversation(n, n < 20 ? sizes : undefined, times);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const turns = CONVERSATIONS * SCRIPT.length;
  process.stdout.write(
    [
      `turns: ${turns}, wall ${((ms / turns) * 1000).toFixed(1)} µs/turn, cpu ${(((cpu.user + cpu.system) / 1000 / turns) * 1000).toFixed(1)} µs/turn`,
      `analyzer: ${(analyzeCalls / turns).toFixed(2)} calls/turn, ${((analyzeMs / turns) * 1000).toFixed(1)} µs/turn; wall without it ${(((ms - analyzeMs) / turns) * 1000).toFixed(1)} µs/turn`,
      'per turn of the script: median wall µs, stored conversation state after it (bytes, max over 20 conversations):',
      ...SCRIPT.map((text, i) => `  ${medianUs(times[i] ?? []).padStart(6)}  ${String(Math.max(...(sizes[i] ?? [0]))).padStart(6)}  ${text}`),
    ].join('\n') + '\n',
  );
}

type Logic = (context: TurnContext) => Promise<void>;

interface Bench {
  logic: Logic;
  analyzer: { analyze: (text: string) => unknown };
  storage: Storage;
  middleware: Middleware[];
}

/** bench:http's `ours` without its transport: the same config (memory store) and the same adapter middleware. */
function oursBot(): Bench {
  const config = loadConfig({ LOG_LEVEL: 'warn', STATE_STORE: 'memory' });
  const parts = createBotParts(config, createLogger('warn', (l) => process.stderr.write(l + '\n')), createStorage(config));
  return { logic: parts.bot.run.bind(parts.bot), analyzer: parts.analyzer, storage: parts.storage, middleware: [parts.privacy.middleware()] };
}

/** bench/minimalBot.ts's bot without its transport. */
function minimalBot(): Bench {
  const storage = new MemoryStorage();
  return { logic: createMinimalBotLogic(storage).run, analyzer: { analyze: (text: string) => text }, storage, middleware: [] };
}

function medianUs(ms: readonly number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  return sorted.length === 0 ? '-' : ((sorted[sorted.length >> 1] as number) * 1000).toFixed(0);
}

function intEnv(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:turns failed: ${String(err)}\n`);
  process.exit(1);
});
