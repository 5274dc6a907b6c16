import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { AuthenticationConstants } from 'botframework-connector';
import { JwtTokenExtractor } from 'botframework-connector/lib/auth/jwtTokenExtractor';
import { OpenIdMetadata } from 'botframework-connector/lib/auth/openIdMetadata';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { activity, post, startServer, type Running } from './serverHarness';

/**
 * Bot Framework authentication with an app id configured, offline: the SDK's own key cache
 * (JwtTokenExtractor's OpenIdMetadata per metadata URL) is filled with a key set made here, as if it had
 * been fetched from the Bot Framework's OpenID metadata, so the SDK's real validation runs against it.
 */

const APP_ID = '00000000-0000-0000-0000-00000000b07a';
const PUBLISHED_KID = 'published-key-1';
const CHANNEL_ISSUER = 'https://api.botframework.com';
const SERVICE_URL = 'http://127.0.0.1:1';
const METADATA_URLS = [AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl, AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl];

const published = generateKeyPairSync('rsa', { modulusLength: 2048 });
const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publishedPem = published.publicKey.export({ type: 'spki', format: 'pem' }).toString();

type Cache = Map<string, OpenIdMetadata>;
const cache = (JwtTokenExtractor as unknown as { openIdMetadataCache: Cache }).openIdMetadataCache;

/** The SDK's metadata object for `url`, holding `keys` as if just fetched (or, with `fetchFails`, nothing and an unreachable URL). */
function metadata(url: string, fetchFails = false): OpenIdMetadata {
  const meta = new OpenIdMetadata(fetchFails ? 'http://127.0.0.1:1/.well-known/openidconfiguration' : url);
  if (!fetchFails) {
    const jwk = published.publicKey.export({ format: 'jwk' });
    Object.assign(meta, { keys: [{ kty: 'RSA', use: 'sig', kid: PUBLISHED_KID, n: jwk.n, e: jwk.e }], lastUpdated: Date.now() });
  }
  return meta;
}

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function claims(extra: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return { iss: CHANNEL_ISSUER, aud: APP_ID, serviceurl: SERVICE_URL, nbf: now - 60, iat: now - 60, exp: now + 3600, ...extra };
}

function rs256(key: KeyObject, payload: Record<string, unknown>, kid = PUBLISHED_KID): string {
  const signingInput = `${b64({ alg: 'RS256', typ: 'JWT', kid })}.${b64(payload)}`;
  return `${signingInput}.${sign('sha256', Buffer.from(signingInput), key).toString('base64url')}`;
}

const forged: Array<[string, () => string]> = [
  ['a token signed with the attacker\'s own RSA key under the published key id', () => `Bearer ${rs256(attacker.privateKey, claims())}`],
  ['alg none under the published key id', () => `Bearer ${b64({ alg: 'none', typ: 'JWT', kid: PUBLISHED_KID })}.${b64(claims())}.`],
  ['alg none with a junk signature', () => `Bearer ${b64({ alg: 'none', typ: 'JWT', kid: PUBLISHED_KID })}.${b64(claims())}.x`],
  ['HS256 keyed with the published public key', () => {
    const input = `${b64({ alg: 'HS256', typ: 'JWT', kid: PUBLISHED_KID })}.${b64(claims())}`;
    return `Bearer ${input}.${createHmac('sha256', publishedPem).update(input).digest('base64url')}`;
  }],
  ['an expired token signed with the published key', () => `Bearer ${rs256(published.privateKey, claims({ exp: Math.floor(Date.now() / 1000) - 3600 }))}`],
  ['a token for another bot', () => `Bearer ${rs256(published.privateKey, claims({ aud: 'someone-else' }))}`],
  ['a token for another service URL', () => `Bearer ${rs256(published.privateKey, claims({ serviceurl: 'https://evil.example/' }))}`],
  ['a token under an unknown key id', () => `Bearer ${rs256(published.privateKey, claims(), 'unknown-kid')}`],
  ['garbage', () => 'Bearer not.a.jwt'],
  ['a header that is not JSON', () => `Bearer ${b64('{{{')}.${b64(claims())}.c2ln`],
  ['no Bearer scheme', () => `Basic ${b64('user:password')}`],
  ['a long token', () => `Bearer ${'a'.repeat(4_000)}.${'b'.repeat(4_000)}.c`],
];

let server: Running;
const saved = new Map<string, OpenIdMetadata | undefined>();

beforeAll(async () => {
  for (const url of METADATA_URLS) {
    saved.set(url, cache.get(url));
    cache.set(url, metadata(url));
  }
  server = await startServer({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-password', LOG_LEVEL: 'debug' });
});

afterAll(async () => {
  await server.close();
  for (const [url, meta] of saved) {
    if (meta) cache.set(url, meta);
    else cache.delete(url);
  }
});

afterEach(() => {
  vi.restoreAllMocks();
  server.logger.lines.length = 0;
  server.dialog.started = 0;
});

function watchConsole() {
  return (['error', 'warn', 'log', 'info', 'debug'] as const).map((name) => vi.spyOn(console, name).mockImplementation(() => undefined));
}

async function expectRefused(authorization: string) {
  const consoleSpies = watchConsole();
  const res = await post(server.base, JSON.stringify(activity('my secret words')), { 'content-type': 'application/json', authorization });
  expect(res.status).toBe(401);
  expect(await res.json()).toEqual({ error: 'Unauthorized', message: 'A valid Bot Framework token is required.' });
  for (const spy of consoleSpies) expect(spy).not.toHaveBeenCalled();
  expect(server.dialog.started).toBe(0);
  expect(server.logger.lines).toHaveLength(1);
  expect(server.logger.lines[0]).toMatchObject({ level: 'debug', msg: 'request not authenticated', conversationId: 'conv-1' });
  const logged = JSON.stringify(server.logger.lines);
  expect(logged).not.toMatch(/BEGIN|KEY-----|secret/);
  expect(logged).not.toContain(authorization.slice(7, 40));
}

describe('POST /api/messages with an app id configured', () => {
  it('runs the turn for a token signed with the published key (the check is real)', async () => {
    const res = await post(server.base, JSON.stringify(activity('hello')), {
      'content-type': 'application/json',
      authorization: `Bearer ${rs256(published.privateKey, claims())}`,
    });
    expect(res.status, JSON.stringify(server.logger.lines)).toBe(200);
    expect(((await res.json()) as { activities: Array<{ text?: string }> }).activities[0]?.text).toBe('echo 1: hello');
  });

  it('answers a request without a token with 401', async () => {
    const res = await post(server.base, JSON.stringify(activity('hello')));
    expect(res.status).toBe(401);
    expect(server.dialog.started).toBe(0);
  });

  it.each(forged)('answers %s with 401, one debug line, nothing on the console', async (_label, token) => {
    await expectRefused(token());
  });

  it('answers 401, quietly, when the signing keys cannot be fetched', async () => {
    const channelUrl = AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl;
    const working = cache.get(channelUrl);
    cache.set(channelUrl, metadata(channelUrl, true));
    try {
      await expectRefused(`Bearer ${rs256(attacker.privateKey, claims())}`);
    } finally {
      if (working) cache.set(channelUrl, working);
    }
  });
});
