import { once } from 'node:events';
import { readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { webChatBundlePath } from '../../src/web/page';
import { isLocalRouteEnabled } from '../../src/web/routes';
import { postLocal, startServer, testConfig, type RunningServer } from './testBot';

type Activity = Record<string, any>;

const PAGE_ID = 'page-1234_abcd';

function message(text: string, extra: Record<string, unknown> = {}) {
  return { conversationId: PAGE_ID, activity: { type: 'message', text, ...extra } };
}

function byRole(activities: Activity[], role: string): Activity[] {
  return activities.filter((a) => a.from?.role === role);
}

describe('web chat routes (local, anonymous bot)', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer(testConfig());
  });
  afterAll(async () => {
    await server.close();
  });

  describe('GET /', () => {
    it('serves the page with a nonce-based CSP and no eval', async () => {
      const response = await fetch(`${server.baseUrl}/`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = response.headers.get('content-security-policy') ?? '';
      const html = await response.text();
      const nonce = /name="webchat-nonce" content="([^"]+)"/.exec(html)?.[1];
      expect(nonce).toBeTruthy();
      expect(csp).toContain(`style-src 'self' 'nonce-${nonce}'`);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).not.toContain('unsafe-eval');
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('cache-control')).toBe('no-store');
    });

    it('gives every response its own nonce', async () => {
      const nonces = await Promise.all(
        [1, 2].map(async () => /'nonce-([^']+)'/.exec((await fetch(`${server.baseUrl}/`)).headers.get('content-security-policy') ?? '')?.[1]),
      );
      expect(nonces[0]).not.toBe(nonces[1]);
    });

    it('is an accessible page: language, title, landmarks, the information-not-diagnosis note, the emergency number', async () => {
      const html = await (await fetch(`${server.baseUrl}/`)).text();
      expect(html).toMatch(/<html lang="en-GB">/);
      expect(html).toMatch(/<title>[^<]+<\/title>/);
      expect(html).toMatch(/<main[^>]*aria-labelledby="chat-heading"/);
      expect(html).toMatch(/<section id="webchat"[^>]*aria-label=/);
      expect(html).toContain('Information, not diagnosis.');
      expect(html).toContain('<strong>999</strong>');
      expect(html).toContain('A&amp;E');
      expect(html).toContain('data-directline="off" data-local="on"');
      expect(html).not.toMatch(/https?:\/\//);
      expect(html).not.toContain('{{');
    });
  });

  describe('static files', () => {
    it('serves the Web Chat bundle from node_modules with caching headers', async () => {
      const response = await fetch(`${server.baseUrl}/static/webchat.js`, { headers: { 'accept-encoding': 'identity' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/javascript/);
      expect(response.headers.get('cache-control')).toMatch(/max-age=\d+/);
      const etag = response.headers.get('etag');
      expect(etag).toBeTruthy();
      const body = Buffer.from(await response.arrayBuffer());
      expect(body.length).toBe(statSync(webChatBundlePath()).size);

      const again = await fetch(`${server.baseUrl}/static/webchat.js`, { headers: { 'if-none-match': etag ?? '' } });
      expect(again.status).toBe(304);
    });

    it('compresses the bundle for clients that accept gzip', async () => {
      const raw = await new Promise<{ headers: IncomingMessage['headers']; body: Buffer }>((resolve, reject) => {
        import('node:http').then(({ get }) => {
          get(`${server.baseUrl}/static/webchat.js`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
          }).on('error', reject);
        }, reject);
      });
      expect(raw.headers['content-encoding']).toBe('gzip');
      expect(raw.body.length).toBeLessThan(statSync(webChatBundlePath()).size / 2);
      expect(gunzipSync(raw.body).equals(readFileSync(webChatBundlePath()))).toBe(true);
    });

    it.each([
      ['app.js', /^application\/javascript/],
      ['chat.css', /^text\/css/],
      ['favicon.svg', /^image\/svg\+xml/],
    ])('serves %s', async (file, type) => {
      const response = await fetch(`${server.baseUrl}/static/${file}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(type);
      expect(response.headers.get('cache-control')).toBe('no-cache');
    });

    it.each(['index.html', 'routes.ts', '..%2Froutes.ts', '..%2F..%2F..%2Fpackage.json', 'nope.js'])('does not serve %s', async (file) => {
      const response = await fetch(`${server.baseUrl}/static/${file}`);
      expect(response.status).toBe(404);
    });
  });

  describe('POST /api/local/messages', () => {
    it('answers the page opening (conversationUpdate) with the welcome and no echo', async () => {
      const { status, json } = await postLocal(server.baseUrl, { conversationId: 'welcome-page-1', activity: { type: 'conversationUpdate' } });
      expect(status).toBe(200);
      const activities = json.activities as Activity[];
      expect(activities.map((a) => a.text)).toEqual(['Welcome to the test bot.']);
      expect(activities[0]?.from).toMatchObject({ id: 'sciatica-bot', role: 'bot' });
      expect(json.bot).toMatchObject({ id: 'sciatica-bot' });
    });

    it('echoes the user activity with id, timestamp and clientActivityID, then the replies in order', async () => {
      const { status, json } = await postLocal(server.baseUrl, message('hello there', { channelData: { clientActivityID: 'c-1' } }));
      expect(status).toBe(200);
      const [echo, ...replies] = json.activities as Activity[];
      expect(echo).toMatchObject({
        type: 'message',
        text: 'hello there',
        from: { id: `dl_${PAGE_ID}`, role: 'user' },
        channelId: 'webchat',
        channelData: { clientActivityID: 'c-1' },
      });
      expect(json.id).toBe(echo?.id);
      expect(replies.map((a) => [a.type, a.text])).toEqual([
        ['typing', undefined],
        ['message', 'You said: hello there'],
      ]);
      const all = json.activities as Activity[];
      expect(new Set(all.map((a) => a.id)).size).toBe(all.length);
      const times = all.map((a) => Date.parse(a.timestamp));
      expect(times.every((t, i) => i === 0 || t > (times[i - 1] ?? 0))).toBe(true);
      for (const a of all) {
        expect(a).not.toHaveProperty('serviceUrl');
        expect(a).not.toHaveProperty('deliveryMode');
      }
    });

    it('forces channel, service URL, delivery mode, sender, recipient and conversation; ignores client values', async () => {
      const { json } = await postLocal(server.baseUrl, {
        conversationId: PAGE_ID,
        activity: {
          type: 'message',
          text: 'whoami',
          channelId: 'msteams',
          serviceUrl: 'https://evil.example/',
          deliveryMode: 'normal',
          from: { id: 'admin', role: 'bot' },
          recipient: { id: 'someone-else' },
          conversation: { id: 'another-conversation' },
          membersAdded: [{ id: 'x' }],
          entities: [{ type: 'ClientCapabilities' }],
          channelData: { clientActivityID: 'c-2', tenant: { id: 'evil' } },
        },
      });
      const reply = byRole(json.activities as Activity[], 'bot').find((a) => a.text === 'whoami');
      expect(reply?.value).toEqual({
        channelId: 'webchat',
        serviceUrl: 'https://webchat-local.invalid/',
        deliveryMode: 'expectReplies',
        from: { id: `dl_${PAGE_ID}`, name: 'User', role: 'user' },
        recipient: { id: 'sciatica-bot', name: 'Sciatica massage helper', role: 'bot' },
        conversation: { id: `webchat-local-${PAGE_ID}`, isGroup: false, conversationType: 'personal', name: '' },
        channelData: { clientActivityID: 'c-2' },
      });
    });

    it('never returns trace activities', async () => {
      const { json } = await postLocal(server.baseUrl, message('trace'));
      const activities = json.activities as Activity[];
      expect(activities.some((a) => a.type === 'trace')).toBe(false);
      expect(JSON.stringify(activities)).not.toContain('internal');
      expect(byRole(activities, 'bot').map((a) => a.text)).toEqual(['after trace']);
    });

    it('passes cards and suggested actions through', async () => {
      const card = byRole((await postLocal(server.baseUrl, message('card'))).json.activities as Activity[], 'bot')[0];
      expect(card?.attachments?.[0]).toMatchObject({ contentType: 'application/vnd.microsoft.card.hero', content: { title: 'Piriformis' } });
      const suggest = byRole((await postLocal(server.baseUrl, message('suggest'))).json.activities as Activity[], 'bot')[0];
      expect(suggest?.suggestedActions?.actions.map((a: Activity) => a.title)).toEqual(['None of these', 'Leg weakness']);
    });

    it('delivers card submits (value without text) and events', async () => {
      const submit = await postLocal(server.baseUrl, { conversationId: PAGE_ID, activity: { type: 'message', value: { choice: 'none' } } });
      expect(submit.status).toBe(200);
      expect((submit.json.activities as Activity[])[0]?.value).toEqual({ choice: 'none' });
      const event = await postLocal(server.baseUrl, { conversationId: PAGE_ID, activity: { type: 'event', name: 'webchat/join' } });
      expect(byRole(event.json.activities as Activity[], 'bot').map((a) => a.text)).toEqual(['event webchat/join']);
    });

    it.each([
      ['emoji only', '🙂🙂🙂'],
      ['other scripts', 'Боль в ягодице 坐骨神经痛'],
      ['HTML and markdown', '<script>alert(1)</script> **bold** [x](javascript:alert(1))'],
      ['whitespace', '   '],
      ['empty', ''],
    ])('takes %s text without failing', async (_label, text) => {
      const { status, json } = await postLocal(server.baseUrl, message(text));
      expect(status).toBe(200);
      expect((json.activities as Activity[])[0]?.text).toBe(text);
    });

    it.each([
      ['malformed JSON', '{"conversationId": "page-1234", "activity": {', 400],
      ['a JSON array', '[1,2,3]', 400],
      ['a JSON string', '"hello"', 400],
      ['an empty body', '', 400],
    ])('answers %s with a friendly 400', async (_label, raw, status) => {
      const response = await postLocal(server.baseUrl, undefined, { raw });
      expect(response.status).toBe(status);
      expect(typeof response.json.error).toBe('string');
      expect(response.text).not.toMatch(/at .*\.ts:\d+|SyntaxError|stack/);
    });

    it.each([
      ['no conversation id', { activity: { type: 'message', text: 'hi' } }],
      ['a conversation id with a slash', { conversationId: '../../etc/passwd', activity: { type: 'message', text: 'hi' } }],
      ['a too short conversation id', { conversationId: 'abc', activity: { type: 'message', text: 'hi' } }],
      ['a too long conversation id', { conversationId: 'a'.repeat(65), activity: { type: 'message', text: 'hi' } }],
      ['an unknown activity type', { conversationId: PAGE_ID, activity: { type: 'invoke', name: 'x' } }],
      ['text that is not a string', { conversationId: PAGE_ID, activity: { type: 'message', text: { a: 1 } } }],
      ['text over 5,000 characters', { conversationId: PAGE_ID, activity: { type: 'message', text: 'a'.repeat(5001) } }],
    ])('rejects %s with 400', async (_label, body) => {
      const response = await postLocal(server.baseUrl, body);
      expect(response.status).toBe(400);
      expect(response.json.error).toBe('That message could not be read.');
    });

    it('rejects a 100 KB body with 413 and keeps serving', async () => {
      const response = await postLocal(server.baseUrl, message('x'.repeat(100 * 1024)));
      expect(response.status).toBe(413);
      expect(response.json.error).toBe('That message is too long.');
      expect((await postLocal(server.baseUrl, message('still here'))).status).toBe(200);
    });

    it('logs ids and counts, never the user\'s words', async () => {
      await postLocal(server.baseUrl, message('my private words about my bum'));
      const line = server.logs.filter((l) => l.msg === 'web chat local turn').at(-1);
      expect(line).toMatchObject({ conversationId: `webchat-local-${PAGE_ID}`, activityType: 'message', replies: 2 });
      expect(JSON.stringify(server.logs)).not.toContain('private words');
    });

    it('tells the user something went wrong when the bot throws (onTurnError), without a stack', async () => {
      const { status, json } = await postLocal(server.baseUrl, message('boom'));
      expect(status).toBe(200);
      expect(byRole(json.activities as Activity[], 'bot').map((a) => a.text)).toEqual(['Sorry, something went wrong.']);
      expect(server.adapterErrors.at(-1)?.message).toBe('test bot failure');
    });

    it('runs the turns of one conversation one after another', async () => {
      const texts = ['one', 'two', 'three', 'four', 'five'];
      const results = await Promise.all(texts.map((t) => postLocal(server.baseUrl, message(t))));
      expect(results.every((r) => r.status === 200)).toBe(true);
      const replyTimes = results.map((r) => Date.parse(byRole(r.json.activities as Activity[], 'bot').at(-1)?.timestamp));
      expect([...replyTimes].sort((a, b) => a - b)).toEqual(replyTimes);
    });
  });

  describe('GET /api/directline/token without a secret', () => {
    it('answers 404 so the page uses the local connection', async () => {
      const response = await fetch(`${server.baseUrl}/api/directline/token`);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: 'direct line not configured' });
    });
  });
});

describe('a turn nothing could handle', () => {
  it('answers 500 with an apology and logs the cause with the conversation id, no stack', async () => {
    const server = await startServer(testConfig(), { onTurnError: false });
    try {
      const response = await postLocal(server.baseUrl, message('boom'));
      expect(response.status).toBe(500);
      expect(response.json).toEqual({ error: 'Sorry, something went wrong on our side. Please try again.' });
      const line = server.logs.find((l) => l.msg === 'web chat local turn failed');
      expect(line).toMatchObject({ conversationId: `webchat-local-${PAGE_ID}` });
      expect(String(line?.cause)).toContain('test bot failure');
      expect(String(line?.cause)).not.toMatch(/\n|at .*:\d+/);
      // The conversation is not stuck: the next turn runs.
      expect((await postLocal(server.baseUrl, message('hello again'))).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('rate limiting', () => {
  let server: RunningServer;
  afterEach(async () => {
    await server.close();
  });

  it('answers 429 with Retry-After once a conversation sends too fast', async () => {
    server = await startServer(testConfig(), { conversationLimit: { capacity: 3, refillPerSecond: 0.1 } });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i += 1) {
      const response = await postLocal(server.baseUrl, message(`m${i}`));
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    // Another conversation from the same client is not held back by the first one's bucket.
    expect((await postLocal(server.baseUrl, { ...message('other'), conversationId: 'another-page-1' })).status).toBe(200);
  });

  it('limits a client IP across conversations', async () => {
    server = await startServer(testConfig(), { ipLimit: { capacity: 2, refillPerSecond: 0.1 } });
    const statuses = [];
    for (const id of ['conv-aaaa-1', 'conv-bbbb-2', 'conv-cccc-3']) {
      statuses.push((await postLocal(server.baseUrl, { ...message('hi'), conversationId: id })).status);
    }
    expect(statuses).toEqual([200, 200, 429]);
  });
});

describe('local route switch', () => {
  const production = { NODE_ENV: 'production', MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-a-real-password' };

  it.each([
    [{}, true],
    [{ NODE_ENV: 'production' }, false],
    [{ WEBCHAT_LOCAL_ENABLED: 'false' }, false],
    [{ NODE_ENV: 'production', WEBCHAT_LOCAL_ENABLED: 'true' }, true],
  ])('isLocalRouteEnabled(%j) is %s', (env, expected) => {
    const nodeEnv = (env as Record<string, string>).NODE_ENV ?? 'development';
    const flag = (env as Record<string, string>).WEBCHAT_LOCAL_ENABLED;
    expect(isLocalRouteEnabled({ nodeEnv, webChatLocalEnabled: flag === undefined ? undefined as unknown as boolean : flag === 'true' })).toBe(expected);
  });

  it('is off (404) in production unless enabled', async () => {
    const server = await startServer(testConfig(production));
    try {
      const response = await postLocal(server.baseUrl, message('hello'));
      expect(response.status).toBe(404);
      const html = await (await fetch(`${server.baseUrl}/`)).text();
      expect(html).toContain('data-directline="off" data-local="off"');
    } finally {
      await server.close();
    }
  });

  it('runs turns in production with WEBCHAT_LOCAL_ENABLED=true, with an app id configured and no HTTP auth', async () => {
    const server = await startServer(testConfig({ ...production, WEBCHAT_LOCAL_ENABLED: 'true' }));
    try {
      const welcome = await postLocal(server.baseUrl, { conversationId: PAGE_ID, activity: { type: 'conversationUpdate' } });
      expect(welcome.status).toBe(200);
      expect((welcome.json.activities as Activity[]).map((a) => a.text)).toEqual(['Welcome to the test bot.']);
      const response = await postLocal(server.baseUrl, message('card'));
      expect(response.status).toBe(200);
      expect(byRole(response.json.activities as Activity[], 'bot')[0]?.attachments).toHaveLength(1);
      expect(server.adapterErrors).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('GET /api/directline/token with a secret', () => {
  const SECRET = 'test-direct-line-secret-value';
  let fake: Server;
  let fakeUrl: string;
  let fakeStatus = 200;
  const seen: Array<{ authorization: string | undefined; body: any; path: string | undefined }> = [];

  beforeAll(async () => {
    fake = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        seen.push({ authorization: req.headers.authorization, body, path: req.url });
        res.writeHead(fakeStatus, { 'content-type': 'application/json' });
        res.end(
          fakeStatus === 200
            ? JSON.stringify({ conversationId: 'dl-conv-1', token: `token-for-${body.user?.id}`, expires_in: 3600 })
            : JSON.stringify({ error: { code: 'BadArgument', message: `bad secret ${req.headers.authorization}` } }),
        );
      });
    });
    fake.listen(0, '127.0.0.1');
    await once(fake, 'listening');
    fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/v3/directline`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => fake.close(() => resolve()));
  });

  it('exchanges the secret for a token bound to a dl_ user, never exposing the secret', async () => {
    fakeStatus = 200;
    const server = await startServer(testConfig({ DIRECT_LINE_SECRET: SECRET }), { directLineEndpoint: fakeUrl });
    try {
      const response = await fetch(`${server.baseUrl}/api/directline/token`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const text = await response.text();
      expect(text).not.toContain(SECRET);
      const body = JSON.parse(text);
      expect(body.userId).toMatch(/^dl_[A-Za-z0-9_-]+$/);
      expect(body).toEqual({ token: `token-for-${body.userId}`, conversationId: 'dl-conv-1', userId: body.userId, expiresIn: 3600, domain: fakeUrl });
      expect(seen.at(-1)).toEqual({ authorization: `Bearer ${SECRET}`, body: { user: { id: body.userId } }, path: '/v3/directline/tokens/generate' });

      const page = await fetch(`${server.baseUrl}/`);
      const csp = page.headers.get('content-security-policy') ?? '';
      const origin = new URL(fakeUrl).origin;
      expect(csp).toContain(`connect-src 'self' ${origin} ws://${new URL(fakeUrl).host}`);
      expect(await page.text()).toContain('data-directline="on"');
    } finally {
      await server.close();
    }
  });

  it('answers 502 with a friendly message when Direct Line refuses, logging no secret', async () => {
    fakeStatus = 403;
    const server = await startServer(testConfig({ DIRECT_LINE_SECRET: SECRET }), { directLineEndpoint: fakeUrl });
    try {
      const response = await fetch(`${server.baseUrl}/api/directline/token`);
      expect(response.status).toBe(502);
      const text = await response.text();
      expect(text).not.toContain(SECRET);
      expect(JSON.parse(text).error).toMatch(/unavailable/);
      expect(server.logs.find((l) => l.msg === 'direct line token request failed')).toMatchObject({ status: 403 });
      expect(JSON.stringify(server.logs)).not.toContain(SECRET);
    } finally {
      await server.close();
    }
  });

  it('answers 502 when Direct Line cannot be reached', async () => {
    const server = await startServer(testConfig({ DIRECT_LINE_SECRET: SECRET }), { directLineEndpoint: 'http://127.0.0.1:1/v3/directline' });
    try {
      expect((await fetch(`${server.baseUrl}/api/directline/token`)).status).toBe(502);
    } finally {
      await server.close();
    }
  });

  it('rate-limits token requests per client', async () => {
    fakeStatus = 200;
    const server = await startServer(testConfig({ DIRECT_LINE_SECRET: SECRET }), {
      directLineEndpoint: fakeUrl,
      tokenLimit: { capacity: 2, refillPerSecond: 0.01 },
    });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i += 1) statuses.push((await fetch(`${server.baseUrl}/api/directline/token`)).status);
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await server.close();
    }
  });
});
