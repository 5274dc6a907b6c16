import { request } from 'node:http';
import { gzipSync, deflateSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../src/server';
import { activity, post, startServer, type Running } from './serverHarness';

const running: Running[] = [];
async function start(env: NodeJS.ProcessEnv = {}): Promise<Running> {
  const r = await startServer(env);
  running.push(r);
  return r;
}

afterEach(async () => {
  for (const r of running.splice(0)) await r.close();
});

const JSON_TYPE = { 'content-type': 'application/json' };

/** The conversation state as stored (undefined when nothing was written). */
async function storedTurns(r: Running, conversationId = 'conv-1'): Promise<unknown> {
  const items = await r.storage.read([`test/conversations/${conversationId}/`]);
  return items[`test/conversations/${conversationId}/`];
}

describe('GET /healthz', () => {
  it('answers 200 with the status only (no version, no uptime)', async () => {
    const { base } = await start();
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});

describe('every JSON answer', () => {
  it.each([
    ['GET', '/healthz', undefined],
    ['GET', '/no/such/path', undefined],
    ['POST', '/api/messages', '{"oops'],
    ['POST', '/api/messages', JSON.stringify(activity('hi'))],
    ['DELETE', '/api/messages', undefined],
  ])('%s %s carries nosniff and no-store', async (method, path, body) => {
    const { base } = await start();
    const res = await fetch(`${base}${path}`, { method, headers: JSON_TYPE, ...(body === undefined ? {} : { body }) });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('a 404 does not echo the path', async () => {
    const { base } = await start();
    const res = await fetch(`${base}/api/%3Cscript%3Ealert(1)%3C%2Fscript%3E-secret-path`);
    expect(res.status).toBe(404);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: 'ResourceNotFound', message: 'Not found.' });
    expect(text).not.toMatch(/script|secret/);
  });
});

describe('POST /api/messages', () => {
  it('runs a turn and returns the replies when delivery mode is expectReplies', async () => {
    const { base } = await start();
    const res = await post(base, JSON.stringify(activity('hello')));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { activities: Array<{ text?: string }> };
    expect(body.activities.map((a) => a.text)).toEqual(['echo 1: hello']);
  });

  it.each([
    ['malformed JSON', '{"type": "message", "text": "my secret', 400, 'InvalidContent'],
    ['an empty body', '', 400, 'InvalidActivity'],
    ['a JSON array', '[1,2]', 400, 'InvalidActivity'],
    ['an object without a type', '{"text":"hi"}', 400, 'InvalidActivity'],
    ['a JSON string', '"hello"', 400, 'InvalidActivity'],
    ['an activity without a channelId', JSON.stringify({ ...activity('hi'), channelId: undefined }), 400, 'InvalidActivity'],
    ['an activity without a conversation id', JSON.stringify({ ...activity('hi'), conversation: {} }), 400, 'InvalidActivity'],
    ['an activity whose conversation is not an object', JSON.stringify({ ...activity('hi'), conversation: 5 }), 400, 'InvalidActivity'],
    ['an activity without a sender', JSON.stringify({ ...activity('hi'), from: undefined }), 400, 'InvalidActivity'],
    ['an activity whose sender has no id', JSON.stringify({ ...activity('hi'), from: { name: 'x' } }), 400, 'InvalidActivity'],
    ['an activity whose sender is a string', JSON.stringify({ ...activity('hi'), from: 'user-1' }), 400, 'InvalidActivity'],
    ['entities: [null]', JSON.stringify({ ...activity('<at>bot</at> my secret'), entities: [null] }), 400, 'InvalidActivity'],
    ['a mention whose text is a number', JSON.stringify({ ...activity('<at>bot</at> hi'), entities: [{ type: 'mention', text: 5 }] }), 400, 'InvalidActivity'],
    ['a serviceUrl that is a number', JSON.stringify({ ...activity('hi'), serviceUrl: 42 }), 400, 'InvalidActivity'],
    ['a serviceUrl that is not http(s)', JSON.stringify({ ...activity('hi'), serviceUrl: 'file:///etc/passwd' }), 400, 'InvalidActivity'],
    ['text that is an object', JSON.stringify({ ...activity('hi'), text: { secret: 1 } }), 400, 'InvalidActivity'],
    ['attachments that are a string', JSON.stringify({ ...activity('hi'), attachments: 'secret' }), 400, 'InvalidActivity'],
    ['membersAdded with a null member', JSON.stringify({ ...activity('hi'), type: 'conversationUpdate', membersAdded: [null] }), 400, 'InvalidActivity'],
    ['a Teams message update without channelData', JSON.stringify({ ...activity('hi'), type: 'messageUpdate', channelId: 'msteams' }), 400, 'InvalidActivity'],
    ['a conversation id with a lone surrogate', JSON.stringify({ ...activity('hi'), conversation: { id: 'c-\ud800' } }), 400, 'InvalidActivity'],
    ['a sender id with a control character', JSON.stringify({ ...activity('hi'), from: { id: 'u\u0000' } }), 400, 'InvalidActivity'],
    ['a timestamp that is not a date', JSON.stringify({ ...activity('hi'), timestamp: 'secret o clock' }), 400, 'InvalidActivity'],
    ['a 40 KB card value', JSON.stringify({ ...activity(''), value: { text: 'x'.repeat(40_000) } }), 400, 'InvalidActivity'],
    ['a value nested 5,000 levels deep', JSON.stringify({ ...activity('') }).replace('}', `,"value":${'['.repeat(5000)}${']'.repeat(5000)}}`), 413, 'NestingTooDeep'],
  ])('rejects %s with a JSON error, without echoing it or touching state, and keeps serving', async (_label, body, status, code) => {
    const r = await start();
    const res = await post(r.base, body);
    expect(res.status).toBe(status);
    const json = (await res.json()) as Record<string, unknown>;
    expect(json.error).toBe(code);
    expect(JSON.stringify(json)).not.toContain('secret');
    expect(r.dialog.started).toBe(0);
    expect(await storedTurns(r)).toBeUndefined();
    expect(JSON.stringify(r.logger.lines)).not.toContain('secret');
    const next = await post(r.base, JSON.stringify(activity('still there?')));
    expect(next.status).toBe(200);
  });

  it('accepts JSON nulls for optional fields as absent', async () => {
    const { base } = await start();
    const res = await post(base, JSON.stringify(activity('hello', { entities: null, attachments: null, recipient: null, locale: null })));
    expect(res.status).toBe(200);
  });

  it.each([
    ['text/plain', 'type=message&text=hi'],
    ['application/x-www-form-urlencoded', 'type=message&text=hi'],
    ['text/csv', 'type,text\nmessage,hi'],
    ['text/tsv', 'type\ttext\nmessage\thi'],
    ['multipart/form-data; boundary=x', '--x\r\ncontent-disposition: form-data; name="f"; filename="a.txt"\r\n\r\nhello\r\n--x--\r\n'],
    ['application/json; charset=latin1', JSON.stringify(activity('hi'))],
    ['application/jsonx', JSON.stringify(activity('hi'))],
  ])('answers a %s body with 415, before reading it', async (contentType, body) => {
    const r = await start();
    const res = await post(r.base, body, { 'content-type': contentType });
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ error: 'UnsupportedMediaType' });
    expect(r.dialog.started).toBe(0);
  });

  it('accepts application/json with a UTF-8 charset', async () => {
    const { base } = await start();
    const res = await post(base, JSON.stringify(activity('hi')), { 'content-type': 'application/json; charset=utf-8' });
    expect(res.status).toBe(200);
  });

  it('answers a body without a content type with 415', async () => {
    const { base } = await start();
    const res = await new Promise<number>((resolve, reject) => {
      const body = JSON.stringify(activity('hi'));
      const req = request(`${base}/api/messages`, { method: 'POST', headers: { 'content-length': Buffer.byteLength(body) } }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(res).toBe(415);
  });

  it('survives a client that goes away mid-body, and does not count it in flight', async () => {
    const r = await start();
    await new Promise<void>((resolve) => {
      const req = request(`${r.base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': 1000 } });
      req.on('error', () => resolve());
      req.write('{"type":"mess');
      setTimeout(() => req.destroy(), 50);
    });
    await expect.poll(() => r.lifecycle.inFlight).toBe(0);
    expect(r.dialog.started).toBe(0);
    expect((await post(r.base, JSON.stringify(activity('still there?')))).status).toBe(200);
  });

  it('rejects bodies over the size limit with 413', async () => {
    const { base } = await start();
    const res = await post(base, JSON.stringify(activity('x'.repeat(MAX_BODY_BYTES + 10))));
    expect(res.status).toBe(413);
    expect(((await res.json()) as Record<string, unknown>).error).toBe('PayloadTooLarge');
  });

  describe('compressed bodies', () => {
    const gzipHeaders = { ...JSON_TYPE, 'content-encoding': 'gzip' };

    it.each([
      ['gzip', gzipSync],
      ['deflate', deflateSync],
    ] as const)('decodes a %s body', async (encoding, compress) => {
      const { base } = await start();
      const res = await post(base, compress(Buffer.from(JSON.stringify(activity('squeezed')))), { ...JSON_TYPE, 'content-encoding': encoding });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { activities: Array<{ text?: string }> }).activities[0]?.text).toBe('echo 1: squeezed');
    });

    it('answers a body that is not gzip with 400 and keeps serving', async () => {
      const { base } = await start();
      const res = await post(base, 'not gzip', gzipHeaders);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: 'InvalidContent' });
      const truncated = gzipSync(Buffer.from(JSON.stringify(activity('cut short')))).subarray(0, 20);
      expect((await post(base, truncated, gzipHeaders)).status).toBe(400);
      expect((await post(base, JSON.stringify(activity('still there?')))).status).toBe(200);
    });

    it('answers a gzip bomb (under the limit compressed, 200 MB decoded) with 413, memory flat', async () => {
      const { base } = await start();
      const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024, 0x20), { level: 9 });
      expect(bomb.length).toBeLessThan(MAX_BODY_BYTES);
      const before = process.memoryUsage().rss;
      const res = await post(base, bomb, gzipHeaders);
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ error: 'PayloadTooLarge' });
      expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
      expect((await post(base, JSON.stringify(activity('still there?')))).status).toBe(200);
    });

    it.each(['br', 'compress', 'gzip, gzip'])('answers content-encoding %s with 415', async (encoding) => {
      const { base } = await start();
      const res = await post(base, JSON.stringify(activity('hi')), { ...JSON_TYPE, 'content-encoding': encoding });
      expect(res.status).toBe(415);
    });
  });

  it('answers 500 with a JSON error, and logs it with the conversation id, when an error escapes the turn', async () => {
    const { base, adapter, dialog, logger } = await start();
    adapter.onTurnError = undefined as never; // nothing catches it inside the turn
    dialog.onTurn = () => {
      throw new Error('broken beyond onTurnError');
    };
    const res = await post(base, JSON.stringify(activity('my secret words')));
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'Internal', message: 'The activity could not be processed.' });
    const line = logger.lines.find((l) => l.msg === 'activity failed');
    expect(line).toMatchObject({ level: 'error', conversationId: 'conv-1' });
    expect(JSON.stringify(logger.lines)).not.toContain('secret');
  });

  it("gives the bot the activity's timestamps as dates, keeping the text it was sent", async () => {
    const { base, dialog } = await start();
    const seen: unknown[] = [];
    dialog.onTurn = (context) => seen.push(context.activity.timestamp, (context.activity as { rawTimestamp?: unknown }).rawTimestamp);
    const res = await post(base, JSON.stringify(activity('hello', { timestamp: '2026-11-24T08:00:00.000Z' })));
    expect(res.status).toBe(200);
    expect(seen[0]).toBeInstanceOf(Date);
    expect((seen[0] as Date).toISOString()).toBe('2026-11-24T08:00:00.000Z');
    expect(seen[1]).toBe('2026-11-24T08:00:00.000Z');
  });
});

describe('turn ordering', () => {
  it('answers the second of two simultaneous messages of one conversation after the first, never dropping one (30 trials)', async () => {
    const r = await start();
    r.dialog.delayMs = 5;
    for (let trial = 0; trial < 30; trial++) {
      const conversation = { id: `race-${trial}` };
      const [a, b] = await Promise.all(
        ['first', 'second'].map((text) => post(r.base, JSON.stringify(activity(text, { conversation, id: `${trial}-${text}` })))),
      );
      const texts = await Promise.all([a, b].map(async (res) => {
        expect(res?.status).toBe(200);
        return ((await res!.json()) as { activities: Array<{ text?: string }> }).activities.map((x) => x.text);
      }));
      // Each turn saw the other's state: one is turn 1, the other turn 2, and nothing went wrong.
      expect(texts.flat().map((t) => t?.slice(0, 6)).sort()).toEqual(['echo 1', 'echo 2']);
    }
  });

  it('runs different conversations at the same time', async () => {
    const r = await start();
    let release = () => {};
    r.dialog.gate = new Promise<void>((resolve) => (release = resolve));
    const held = post(r.base, JSON.stringify(activity('held', { conversation: { id: 'held' } })));
    await expect.poll(() => r.dialog.started).toBe(1);
    r.dialog.gate = undefined;
    const other = await post(r.base, JSON.stringify(activity('other', { conversation: { id: 'other' } })));
    expect(other.status).toBe(200);
    release();
    expect((await held).status).toBe(200);
  });
});
