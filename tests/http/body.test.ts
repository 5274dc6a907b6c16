import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { isJsonContentType, nestingDepth, parseJson, readJsonBody } from '../../src/http/body';

describe('isJsonContentType', () => {
  it.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['Application/JSON;charset=UTF-8', true],
    ['application/json; charset="utf-8"', true],
    ['application/json; charset=latin1', false],
    ['application/json; boundary=x', false],
    ['application/jsonp', false],
    ['text/json', false],
    ['multipart/form-data; boundary=x', false],
    ['application/x-www-form-urlencoded', false],
    ['', false],
    [undefined, false],
  ])('%s → %s', (header, expected) => {
    expect(isJsonContentType(header)).toBe(expected);
  });
});

describe('nestingDepth', () => {
  it.each([
    ['{}', 1],
    ['{"a":[1,{"b":[]}]}', 4],
    ['"[[[[["', 0],
    ['{"a":"\\"[[[["}', 1],
    ['[[[', 3],
    ['x'.repeat(10), 0],
  ])('%s → %i', (text, depth) => {
    expect(nestingDepth(Buffer.from(text))).toBe(depth);
  });
});

describe('parseJson', () => {
  it('parses, treats an empty body as undefined, and refuses deep or broken JSON without echoing it', () => {
    expect(parseJson(Buffer.from('{"a":1}'), 8)).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJson(Buffer.alloc(0), 8)).toEqual({ ok: true, value: undefined });
    expect(parseJson(Buffer.from(`${'['.repeat(9)}${']'.repeat(9)}`), 8)).toMatchObject({ ok: false, status: 413, code: 'NestingTooDeep' });
    const broken = parseJson(Buffer.from('{"secret": "words'), 8);
    expect(broken).toMatchObject({ ok: false, status: 400, code: 'InvalidContent' });
    expect(JSON.stringify(broken)).not.toContain('secret');
  });
});

describe('readJsonBody', () => {
  it('answers a body that trickles in slower than the timeout with 408, and closes the connection', async () => {
    const server = createServer((req, res) => {
      void readJsonBody(req, { maxBytes: 10_000, maxDepth: 8, timeoutMs: 200 }).then((result) => {
        res.writeHead(result.ok ? 200 : result.status, { connection: 'close' });
        res.end(JSON.stringify(result));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const started = Date.now();
      const status = await new Promise<number>((resolve, reject) => {
        const req = request({ port, host: '127.0.0.1', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': 100 } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.write('{"a":');
        const drip = setInterval(() => req.write(' '), 50);
        req.on('close', () => clearInterval(drip));
      });
      expect(status).toBe(408);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
