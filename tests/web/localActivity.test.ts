import { describe, expect, it } from 'vitest';
import {
  buildIncomingActivity,
  isVisibleReply,
  localRequestSchema,
  toClientActivity,
  type LocalRequest,
} from '../../src/web/localActivity';

const BOT = { id: 'bot-id', name: 'Bot' };

function parse(body: unknown): LocalRequest {
  return localRequestSchema.parse(body);
}

describe('localRequestSchema', () => {
  it.each([
    ['a message', { conversationId: 'abcdefgh', activity: { type: 'message', text: 'hi' } }],
    ['a card submit', { conversationId: 'abc-DEF_123', activity: { type: 'message', value: { a: [1, 2] } } }],
    ['an event', { conversationId: 'abcdefgh', activity: { type: 'event', name: 'webchat/join', value: null } }],
    ['the page opening', { conversationId: 'a'.repeat(64), activity: { type: 'conversationUpdate' } }],
  ])('accepts %s', (_label, body) => {
    expect(localRequestSchema.safeParse(body).success).toBe(true);
  });

  it.each([
    ['null', null],
    ['an array', []],
    ['no activity', { conversationId: 'abcdefgh' }],
    ['a conversation id with a dot', { conversationId: 'abc.defgh', activity: { type: 'message' } }],
    ['a conversation id with spaces', { conversationId: 'abc defgh', activity: { type: 'message' } }],
    ['an invoke', { conversationId: 'abcdefgh', activity: { type: 'invoke' } }],
    ['a numeric text', { conversationId: 'abcdefgh', activity: { type: 'message', text: 5 } }],
    ['an overlong event name', { conversationId: 'abcdefgh', activity: { type: 'event', name: 'x'.repeat(101) } }],
  ])('rejects %s', (_label, body) => {
    expect(localRequestSchema.safeParse(body).success).toBe(false);
  });

  it('drops fields the server owns and ill-formed optional ones instead of failing', () => {
    const parsed = parse({
      conversationId: 'abcdefgh',
      activity: {
        type: 'message',
        text: 'hi',
        from: { id: 'admin' },
        serviceUrl: 'https://evil.example',
        locale: 'not a locale!',
        channelData: { clientActivityID: 'c1', postBack: true, evil: 'x' },
      },
    });
    expect(parsed.activity).toEqual({ type: 'message', text: 'hi', channelData: { clientActivityID: 'c1', postBack: true } });
  });
});

describe('buildIncomingActivity', () => {
  const now = new Date('2025-01-01T10:00:00.000Z');

  it('sets every routing field itself', () => {
    const activity = buildIncomingActivity(parse({ conversationId: 'page-12345', activity: { type: 'message', text: 'hello', locale: 'en-GB' } }), BOT, now);
    expect(activity).toMatchObject({
      type: 'message',
      text: 'hello',
      locale: 'en-GB',
      channelId: 'webchat',
      serviceUrl: 'https://webchat-local.invalid/',
      deliveryMode: 'expectReplies',
      from: { id: 'dl_page-12345', role: 'user' },
      recipient: { id: 'bot-id', name: 'Bot', role: 'bot' },
      conversation: { id: 'webchat-local-page-12345' },
      timestamp: now,
    });
    expect(activity.id).toMatch(/^webchat-local-page-12345\|[0-9a-f-]{36}$/);
  });

  it('turns the page opening into the user joining', () => {
    const activity = buildIncomingActivity(parse({ conversationId: 'page-12345', activity: { type: 'conversationUpdate', text: 'ignored' } }), BOT, now);
    expect(activity.membersAdded).toEqual([{ id: 'dl_page-12345', name: 'User' }]);
    expect(activity.text).toBeUndefined();
  });

  it('gives every activity a fresh id', () => {
    const request = parse({ conversationId: 'page-12345', activity: { type: 'message', text: 'x' } });
    expect(buildIncomingActivity(request, BOT).id).not.toBe(buildIncomingActivity(request, BOT).id);
  });
});

describe('isVisibleReply', () => {
  it.each([
    ['message', true],
    ['typing', true],
    ['event', true],
    ['endOfConversation', true],
    ['trace', false],
    ['delay', false],
    ['invokeResponse', false],
    [undefined, false],
  ])('%s → %s', (type, expected) => {
    expect(isVisibleReply({ type })).toBe(expected);
  });
});

describe('toClientActivity', () => {
  it('adds id, timestamp and role and drops server-side routing fields', () => {
    const out = toClientActivity(
      { type: 'message', text: 'hi', serviceUrl: 'https://x', deliveryMode: 'expectReplies', callerId: 'urn:x', from: { id: 'bot-id', name: 'Bot' } },
      { id: 'c|1', timestamp: new Date('2025-01-01T00:00:00.000Z'), role: 'bot' },
    );
    expect(out).toEqual({
      type: 'message',
      text: 'hi',
      id: 'c|1',
      timestamp: '2025-01-01T00:00:00.000Z',
      from: { id: 'bot-id', name: 'Bot', role: 'bot' },
    });
  });
});
