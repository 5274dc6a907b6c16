import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectLineTokenError, generateDirectLineToken, newDirectLineUserId } from '../../src/web/directLineToken';

type Reply = { status: number; body: string; delayMs?: number };

describe('generateDirectLineToken against a fake Direct Line', () => {
  let fake: Server;
  let endpoint: string;
  let reply: Reply = { status: 200, body: '{}' };
  let lastRequest: { method?: string; url?: string; authorization?: string; body: string } | undefined;

  beforeAll(async () => {
    fake = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        lastRequest = { method: req.method, url: req.url, authorization: req.headers.authorization, body: Buffer.concat(chunks).toString('utf8') };
        setTimeout(() => {
          res.writeHead(reply.status, { 'content-type': 'application/json' });
          res.end(reply.body);
        }, reply.delayMs ?? 0);
      });
    });
    fake.listen(0, '127.0.0.1');
    await once(fake, 'listening');
    endpoint = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/v3/directline/`;
  });
  afterAll(async () => {
    fake.closeAllConnections();
    await new Promise<void>((resolve) => fake.close(() => resolve()));
  });

  it('posts the user id with the secret as a bearer token and returns the token', async () => {
    reply = { status: 200, body: JSON.stringify({ conversationId: 'conv-9', token: 'tok-9', expires_in: 1800 }) };
    const result = await generateDirectLineToken({ secret: 's3cret', endpoint, userId: 'dl_fixed' });
    expect(lastRequest).toEqual({
      method: 'POST',
      url: '/v3/directline/tokens/generate',
      authorization: 'Bearer s3cret',
      body: JSON.stringify({ user: { id: 'dl_fixed' } }),
    });
    expect(result).toEqual({ token: 'tok-9', conversationId: 'conv-9', userId: 'dl_fixed', expiresIn: 1800, domain: endpoint.replace(/\/$/, '') });
  });

  it.each([
    ['refuses (403)', { status: 403, body: '{"error":{"code":"Forbidden"}}' }, 403],
    ['fails (500)', { status: 500, body: 'oops' }, 500],
    ['answers without a token', { status: 200, body: '{"conversationId":"c"}' }, 200],
    ['answers with something that is not JSON', { status: 200, body: '<html>' }, 200],
  ])('throws DirectLineTokenError when Direct Line %s', async (_label, r, status) => {
    reply = r;
    const error = await generateDirectLineToken({ secret: 's3cret', endpoint }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DirectLineTokenError);
    expect((error as DirectLineTokenError).status).toBe(status);
    expect((error as Error).message).not.toContain('s3cret');
  });

  it('gives up after the timeout', async () => {
    reply = { status: 200, body: '{"token":"late"}', delayMs: 2_000 };
    const error = await generateDirectLineToken({ secret: 's3cret', endpoint, timeoutMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DirectLineTokenError);
    expect((error as DirectLineTokenError).status).toBe(0);
  });

  it('reports an unreachable endpoint', async () => {
    const error = await generateDirectLineToken({ secret: 's3cret', endpoint: 'http://127.0.0.1:1/v3/directline' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DirectLineTokenError);
    expect((error as DirectLineTokenError).status).toBe(0);
  });
});

describe('newDirectLineUserId', () => {
  it('makes distinct dl_ ids', () => {
    const ids = new Set(Array.from({ length: 50 }, () => newDirectLineUserId()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^dl_[A-Za-z0-9_-]{16}$/);
  });
});
