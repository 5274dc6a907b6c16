import { once } from 'node:events';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createGzip, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter } from '../../src/bot/adapter';
import { loadConfig } from '../../src/config';
import { createBotParts } from '../../src/index';
import { createMemoryLogger } from '../../src/logger';
import { createServer } from '../../src/server';
import { startChannelService } from './httpHarness';

/**
 * A seeded fuzz of the front door: thousands of malformed requests to every route of the real app (real
 * knowledge, matcher, dialogs, CloudAdapter, restify) in process. Passes when no answer is an unexpected
 * 5xx, nothing crashes (an uncaught error would fail the run), no malformed activity reaches the
 * turn-error handler, memory stays flat, and a normal conversation works afterwards.
 * FUZZ_SEED and FUZZ_REQUESTS override the defaults to replay or widen a run.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 6_000);
const CONCURRENCY = 8;

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T,>(items: readonly T[]): T => items[int(items.length)] as T;
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
type Rng = ReturnType<typeof rng>;

const ACTIVITY_TYPES = ['message', 'message', 'message', 'conversationUpdate', 'invoke', 'event', 'messageReaction', 'typing', 'endOfConversation', 'installationUpdate', 'messageUpdate', 'messageDelete', 'trace', 'handoff', 'command', 'zzz-unknown', ''];
const TEXTS = ['hi', 'my bum hurts when I sit', 'help', 'start over', 'what is the piriformis', 'no', 'none of these', '🙂🙂', '<at>Bot</at> hi', 'Боль', '', '   ', 'forget me', 'yes', 'cupping?'];
const FIELDS = ['type', 'id', 'channelId', 'serviceUrl', 'timestamp', 'localTimestamp', 'localTimezone', 'locale', 'from', 'from.id', 'from.name', 'from.role', 'recipient', 'recipient.id', 'conversation', 'conversation.id', 'conversation.isGroup', 'conversation.conversationType', 'text', 'textFormat', 'value', 'entities', 'attachments', 'membersAdded', 'membersRemoved', 'reactionsAdded', 'channelData', 'channelData.tenant', 'name', 'replyToId', 'deliveryMode', 'speak', 'inputHint', 'suggestedActions', 'expiration', 'action'];

function weird(r: Rng, depth = 0): unknown {
  switch (r.int(depth > 2 ? 12 : 16)) {
    case 0: return null;
    case 1: return r.int(2) === 0 ? -1 : 1e308;
    case 2: return '';
    case 3: return 'x'.repeat(r.pick([1, 100, 5_000, 60_000]));
    case 4: return r.chance(0.5);
    case 5: return '<script>alert(1)</script>';
    case 6: return '2026-13-45T99:99:99Z';
    case 7: return 'http://127.0.0.1:9/';
    case 8: return 'javascript:alert(1)';
    case 9: return '\u0000\uffff\ud800';
    case 10: return 0;
    case 11: return r.pick(TEXTS);
    case 12: return {};
    case 13: return [];
    case 14: return [weird(r, depth + 1), weird(r, depth + 1)];
    default: return { id: weird(r, depth + 1), type: weird(r, depth + 1), text: weird(r, depth + 1), mentioned: weird(r, depth + 1) };
  }
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const [head, ...rest] = path.split('.');
  if (!head) return;
  if (rest.length === 0) {
    if (value === undefined) delete target[head];
    else target[head] = value;
    return;
  }
  const child = target[head];
  if (typeof child === 'object' && child !== null && !Array.isArray(child)) setPath(child as Record<string, unknown>, rest.join('.'), value);
}

function activityBody(r: Rng, n: number, serviceUrl: string): Record<string, unknown> {
  const conversation = `fuzz-${r.int(300)}`;
  const a: Record<string, unknown> = {
    type: r.pick(ACTIVITY_TYPES.slice(0, 3)),
    id: `act-${n}`,
    timestamp: new Date().toISOString(),
    channelId: r.pick(['emulator', 'msteams', 'webchat', 'directline', 'slack']),
    serviceUrl,
    deliveryMode: 'expectReplies',
    conversation: { id: conversation, conversationType: 'personal' },
    from: { id: `user-${conversation}`, name: 'Fuzz' },
    recipient: { id: 'bot', name: 'Bot' },
    text: r.pick(TEXTS),
    locale: 'en-GB',
  };
  switch (r.int(6)) {
    case 0: a.type = r.pick(ACTIVITY_TYPES); break;
    case 1: delete a.text; a.attachments = [{ contentType: 'image/png', contentUrl: 'https://example.invalid/x.png' }]; break;
    case 2: delete a.text; a.value = r.pick([{}, { choice: 'none' }, { text: 5 }, { action: 'submit' }, [1, 2], 'x', { text: 'help' }]); break;
    case 3: a.type = 'conversationUpdate'; a.membersAdded = r.pick([[a.from, a.recipient], [a.recipient], [], [{ name: 'no id' }]]); break;
    case 4: a.type = 'invoke'; a.name = r.pick(['adaptiveCard/action', 'task/fetch', 'signin/verifyState', '']); a.value = weird(r); delete a.deliveryMode; break;
    default: break;
  }
  const mutations = r.int(4);
  for (let i = 0; i < mutations; i++) setPath(a, r.pick(FIELDS), r.chance(0.2) ? undefined : weird(r));
  return a;
}

function localBody(r: Rng): Record<string, unknown> {
  const body: Record<string, unknown> = {
    conversationId: r.pick(['fuzz-page-0001', 'fuzz-page-0002', `fuzz-page-${r.int(50).toString().padStart(4, '0')}`]),
    activity: { type: r.pick(['message', 'message', 'event', 'conversationUpdate']), text: r.pick(TEXTS) },
  };
  const activity = body.activity as Record<string, unknown>;
  if (r.chance(0.3)) { delete activity.text; activity.value = weird(r); }
  for (let i = r.int(3); i > 0; i--) setPath(r.chance(0.3) ? body : activity, r.pick(['conversationId', 'activity', 'type', 'text', 'value', 'name', 'locale', 'channelData', 'channelData.clientActivityID', 'localTimestamp']), weird(r));
  return body;
}

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** Turns a JSON text into what goes over the wire: sometimes broken, re-typed or re-encoded. */
function wire(r: Rng, json: string): { body: Buffer | string; headers: Record<string, string>; label: string } {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  let body: Buffer | string = json;
  let label = 'json';
  switch (r.int(14)) {
    case 0: body = json.slice(0, r.int(json.length)); label = 'truncated'; break;
    case 1: body = Buffer.from(Array.from({ length: r.int(2_000) }, () => r.int(256))); label = 'garbage'; break;
    case 2: body = json.replace(/"text":/, `"value":${nested(r.pick([10, 70, 500, 5_000, 20_000]))},"text":`); label = 'deep'; break;
    case 3: headers['content-type'] = r.pick(['text/plain', 'application/x-www-form-urlencoded', 'text/csv', 'text/tsv', 'application/xml', 'multipart/form-data; boundary=zz', 'application/json; charset=utf-16', 'application/json;;', 'APPLICATION/JSON', '*/*', '']); label = 'type'; break;
    case 4: headers['content-encoding'] = 'gzip'; body = gzipSync(json); label = 'gzip'; break;
    case 5: headers['content-encoding'] = 'gzip'; body = r.chance(0.5) ? 'not gzip at all' : gzipSync(json).subarray(0, 12); label = 'bad-gzip'; break;
    case 6: headers['content-encoding'] = r.pick(['deflate', 'br', 'identity', 'compress', 'gzip, deflate', 'x-custom']); body = headers['content-encoding'] === 'deflate' ? deflateSync(json) : json; label = 'encoding'; break;
    case 7: body = r.pick(['', 'null', 'true', '42', '"str"', '[]', '[null]', '{}', '{"type":null}', '\ufeff{}', '{"__proto__":{"polluted":1}}']); label = 'primitive'; break;
    default: break;
  }
  return { body, headers, label };
}

interface Outcome {
  route: string;
  status: number | 'error';
  label: string;
  type?: unknown;
}

let base = '';
const agent = new Agent({ keepAlive: true, maxSockets: 16 });
let closeAll: () => Promise<void> = async () => {};
let logger: ReturnType<typeof createMemoryLogger>;

beforeAll(async () => {
  const channel = await startChannelService();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'debug' });
  logger = createMemoryLogger('warn');
  const parts = createBotParts(config, logger);
  const adapter = createAdapter(config, logger, parts.conversationState);
  const unlimited = { capacity: 1e9, refillPerSecond: 1e9 };
  const server = createServer({ adapter, bot: parts.bot, config, logger, webChat: { ipLimit: unlimited, conversationLimit: unlimited } });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.FUZZ_SERVICE_URL = channel.serviceUrl;
  closeAll = async () => {
    server.server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await channel.close();
    agent.destroy();
  };
});

afterAll(async () => {
  await closeAll();
});

/** One request with node:http (fetch refuses a GET with a body); 'error' for a reset or dropped connection. */
function send(path: string, method: string, payload: { body?: Buffer | string; headers: Record<string, string> }): Promise<number | 'error'> {
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { ...payload.headers };
    if (payload.body !== undefined) headers['content-length'] = Buffer.byteLength(payload.body);
    const req = request(`${base}${path}`, { method, headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve('error'));
    });
    req.on('error', () => resolve('error'));
    req.end(payload.body);
  });
}

/** A gzip body that inflates to `megabytes` MB, built in chunks so the test itself stays small. */
async function gzipBomb(megabytes: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => out.push(chunk));
  const chunk = Buffer.alloc(2 ** 20, 0x7b);
  for (let i = 0; i < megabytes; i++) if (!gzip.write(chunk)) await once(gzip, 'drain');
  gzip.end();
  await once(gzip, 'end');
  return Buffer.concat(out);
}

async function runAll(jobs: Array<() => Promise<Outcome>>): Promise<Outcome[]> {
  const results: Outcome[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++] as () => Promise<Outcome>;
        results.push(await job());
      }
    }),
  );
  return results;
}

/** A full garbage collection, so heap figures compare what is kept rather than what is not yet collected. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function isUnexpected(o: Outcome): boolean {
  if (o.status === 'error') return true;
  // botbuilder answers an invoke the bot does not handle with 501 Not Implemented: the channel expects that.
  if (o.status === 501 && o.type === 'invoke') return false;
  return o.status >= 500;
}

describe(`fuzzing every route (seed ${SEED}, ${REQUESTS} requests)`, () => {
  it('gives no unexpected 5xx, no crash, no turn error, flat memory, and keeps serving', async () => {
    const r = rng(SEED);
    const serviceUrl = process.env.FUZZ_SERVICE_URL ?? '';
    const jobs: Array<() => Promise<Outcome>> = [];
    for (let n = 0; n < REQUESTS; n++) {
      const roll = r.next();
      if (roll < 0.6) {
        const a = activityBody(r, n, serviceUrl);
        const w = wire(r, JSON.stringify(a));
        jobs.push(async () => ({ route: '/api/messages', status: await send('/api/messages', 'POST', w), label: w.label, type: a.type }));
      } else if (roll < 0.92) {
        const w = wire(r, JSON.stringify(localBody(r)));
        jobs.push(async () => ({ route: '/api/local/messages', status: await send('/api/local/messages', 'POST', w), label: w.label }));
      } else {
        const path = r.pick(['/api/directline/token', '/healthz', '/', '/static/app.js', '/nope', '/api/messages']);
        const method = r.pick(['GET', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH']);
        const w = r.chance(0.5) ? wire(r, '{"x":1}') : { headers: {}, label: 'none' };
        const payload = method === 'GET' && r.chance(0.5) ? { headers: {}, label: 'none' } : w;
        jobs.push(async () => ({ route: `${method} ${path}`, status: await send(path, method, payload), label: payload.label }));
      }
    }

    // Warm up (first turns load the matcher's memos), then measure.
    await runAll(jobs.slice(0, 200));
    collectGarbage();
    const before = process.memoryUsage();
    const started = Date.now();
    const outcomes = await runAll(jobs.slice(200));
    const seconds = (Date.now() - started) / 1000;
    collectGarbage();
    const after = process.memoryUsage();

    const histogram: Record<string, Record<string, number>> = {};
    for (const o of outcomes) {
      const byStatus = (histogram[o.route] ??= {});
      byStatus[String(o.status)] = (byStatus[String(o.status)] ?? 0) + 1;
    }
    const unexpected = outcomes.filter(isUnexpected);
    const report = { seed: SEED, requests: outcomes.length, seconds, histogram, rssMB: [before.rss, after.rss].map((b) => Math.round(b / 2 ** 20)), heapMB: [before.heapUsed, after.heapUsed].map((b) => Math.round(b / 2 ** 20)) };
    console.info(JSON.stringify(report));

    expect(unexpected.slice(0, 10), JSON.stringify(report)).toEqual([]);
    const turnErrors = logger.lines.filter((l) => l.msg === 'turn failed' || l.msg === 'activity failed' || l.msg === 'web chat local turn failed');
    expect(turnErrors.slice(0, 5).map((l) => ({ ...l, error: undefined, errorMessage: (l.error as { message?: string } | undefined)?.message, stack: String((l.error as { stack?: string } | undefined)?.stack).split('\n').slice(0, 6) }))).toEqual([]);
    // Every route was reached with every kind of body, and most malformed ones were refused at the door.
    expect(Object.keys(histogram)).toEqual(expect.arrayContaining(['/api/messages', '/api/local/messages']));
    // What is kept is the conversations' state (a few hundred conversations in memory): a few MB at most.
    expect(after.heapUsed - before.heapUsed).toBeLessThan(32 * 2 ** 20);
    expect(after.rss - before.rss).toBeLessThan(160 * 2 ** 20);

    // Still serving: a normal turn on each route.
    const hello = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', channelId: 'emulator', serviceUrl, deliveryMode: 'expectReplies', conversation: { id: 'after-fuzz' }, from: { id: 'u' }, recipient: { id: 'b' }, text: 'hi' }),
    });
    expect(hello.status).toBe(200);
    const local = await fetch(`${base}/api/local/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ conversationId: 'after-fuzz-page', activity: { type: 'message', text: 'hi' } }),
    });
    expect(local.status).toBe(200);
  }, 120_000);

  describe.each(['/api/messages', '/api/local/messages'])('%s: the named attacks', (path) => {
    const valid = path === '/api/messages'
      ? JSON.stringify({ type: 'message', channelId: 'emulator', serviceUrl: 'http://127.0.0.1:9', deliveryMode: 'expectReplies', conversation: { id: 'named' }, from: { id: 'u' }, text: 'hi' })
      : JSON.stringify({ conversationId: 'named-attack-page', activity: { type: 'message', text: 'hi' } });

    const cases: Array<[string, Record<string, string>, () => string | Buffer | Promise<Buffer>, number]> = [
      ['a body that is not gzip', { 'content-encoding': 'gzip' }, () => 'not gzip', 400],
      ['a gzip bomb (inflates to 300 MB)', { 'content-encoding': 'gzip' }, () => gzipBomb(300), 413],
      ['a multipart upload', { 'content-type': 'multipart/form-data; boundary=b' }, () => `--b\r\ncontent-disposition: form-data; name="f"; filename="x.bin"\r\n\r\n${'x'.repeat(200_000)}\r\n--b--\r\n`, 415],
      ['a form-encoded body', { 'content-type': 'application/x-www-form-urlencoded' }, () => 'type=message&text=hi', 415],
      ['a CSV body', { 'content-type': 'text/csv' }, () => 'type,text\nmessage,hi', 415],
      ['a value nested 5,000 levels deep', {}, () => valid.replace('"text":', `"value":${nested(5_000)},"text":`), 413],
    ];
    it.each(cases.map(([label, ...rest]) => [`${label}: ${rest[2]}`, ...rest] as const))('answers %s', async (_label, extraHeaders, makeBody, status) => {
      const body = await makeBody();
      const rssBefore = process.memoryUsage().rss;
      const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...extraHeaders }, body });
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(96 * 2 ** 20);
      expect((await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: valid })).status).toBe(200);
    });
  });
});
