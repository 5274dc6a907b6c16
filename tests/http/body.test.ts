import { describe, expect, it } from 'vitest';
import { isJsonContentType, nestingDepth, parseJson } from '../../src/http/body';

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
