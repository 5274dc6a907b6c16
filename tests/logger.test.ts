import { describe, expect, it } from 'vitest';
import { createLogger, createMemoryLogger, serializeError } from '../src/logger';

describe('createLogger', () => {
  it('writes one JSON object per line with time, level, message and fields', () => {
    const lines: string[] = [];
    const logger = createLogger('info', (line) => lines.push(line));
    logger.info('listening', { port: 3978 });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ level: 'info', msg: 'listening', port: 3978 });
    expect(JSON.parse(lines[0] ?? '').time).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it.each([
    ['debug', ['debug', 'info', 'warn', 'error']],
    ['info', ['info', 'warn', 'error']],
    ['warn', ['warn', 'error']],
    ['error', ['error']],
    ['silent', []],
  ] as const)('at level %s writes %o', (level, expected) => {
    const logger = createMemoryLogger(level);
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(logger.lines.map((l) => l.level)).toEqual(expected);
  });

  it('adds child fields to every line', () => {
    const logger = createMemoryLogger();
    logger.child({ conversationId: 'c1' }).warn('slow');
    expect(logger.lines[0]).toMatchObject({ conversationId: 'c1', msg: 'slow' });
  });

  it('serialises errors with their cause', () => {
    const logger = createMemoryLogger();
    logger.error('failed', { error: new Error('outer', { cause: new TypeError('inner') }) });
    expect(logger.lines[0]?.error).toMatchObject({ name: 'Error', message: 'outer', cause: { name: 'TypeError', message: 'inner' } });
  });

  it('survives fields that cannot be serialised', () => {
    const logger = createMemoryLogger();
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    logger.info('odd', { loop });
    expect(logger.lines[0]).toMatchObject({ msg: 'odd', loop: { self: '[Circular]' } });
  });
});

describe('redaction (never the words, never a secret)', () => {
  const WORDS = 'my private zebra pain';

  it.each([
    ['text', { text: WORDS }],
    ['activity.text', { activity: { text: WORDS, type: 'message' } }],
    ['a nested activity', { turn: { incoming: { activity: { text: WORDS } } } }],
    ['a card value', { value: { text: WORDS } }],
    ['a reply list', { activities: [{ text: WORDS }] }],
    ['a request body', { body: { text: WORDS } }],
    ['a displayText', { channelData: { messageBack: { displayText: WORDS } } }],
    ['an utterance', { utterance: WORDS }],
  ])('drops %s passed by mistake', (_label, fields) => {
    const logger = createMemoryLogger();
    logger.info('turn', { conversationId: 'c1', ...fields });
    const line = JSON.stringify(logger.lines);
    expect(line).not.toContain('zebra');
    expect(line).toContain('[redacted]');
    expect(logger.lines[0]).toMatchObject({ conversationId: 'c1' });
  });

  it('drops them in child bindings too', () => {
    const logger = createMemoryLogger();
    logger.child({ text: WORDS, conversationId: 'c1' }).warn('slow');
    expect(JSON.stringify(logger.lines)).not.toContain('zebra');
    expect(logger.lines[0]).toMatchObject({ conversationId: 'c1', msg: 'slow' });
  });

  it.each([
    ['microsoftAppPassword', { config: { microsoftAppPassword: 'hunter2-zebra' } }],
    ['an Authorization header', { headers: { authorization: 'Bearer zebra.token.sig' } }],
    ['a connection string', { storageConnectionString: 'AccountKey=zebra' }],
    ['a Direct Line secret', { directLineSecret: 'zebra-secret' }],
    ['a token', { token: 'zebra' }],
  ])('drops secrets: %s', (_label, fields) => {
    const logger = createMemoryLogger();
    logger.error('oops', fields);
    expect(JSON.stringify(logger.lines)).not.toContain('zebra');
  });

  it('keeps ids, counts and causes', () => {
    const logger = createMemoryLogger();
    logger.info('web chat local turn', { conversationId: 'c1', activityType: 'message', replies: 2, textLength: 21 });
    expect(logger.lines[0]).toMatchObject({ conversationId: 'c1', activityType: 'message', replies: 2, textLength: 21 });
  });
});

describe('serializeError', () => {
  it('keeps non-errors readable', () => {
    expect(serializeError('boom')).toBe('boom');
    expect(serializeError({ code: 1 })).toEqual({ code: 1 });
  });
});
