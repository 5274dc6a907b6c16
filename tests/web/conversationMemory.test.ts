import { describe, expect, it } from 'vitest';
import { ConversationMemory } from '../../src/web/conversationMemory';

const memory = () => new ConversationMemory<string>({ maxConversations: 2, maxAnswersPerConversation: 2, maxCardsPerConversation: 2 });

describe('ConversationMemory', () => {
  it('the first user owns a conversation; the least recently used conversation is forgotten past the bound', () => {
    const m = memory();
    expect(m.claim('a', 'u1')).toBe('ok');
    expect(m.claim('a', 'u2')).toBe('taken');
    m.claim('b', 'u3');
    m.claim('a', 'u1'); // touch a: b is now the oldest
    m.claim('c', 'u4');
    expect(m.claim('a', 'u2')).toBe('taken');
    expect(m.claim('b', 'someone')).toBe('ok');
  });

  it('keeps the last answers per conversation and forgets a failed one', async () => {
    const m = memory();
    m.claim('a', 'u1');
    m.rememberAnswer('a', 'x', Promise.resolve('X'));
    m.rememberAnswer('a', 'y', Promise.resolve('Y'));
    m.rememberAnswer('a', 'z', Promise.resolve('Z'));
    expect(m.answerFor('a', 'x')).toBeUndefined();
    expect(await m.answerFor('a', 'z')).toBe('Z');
    const failed = Promise.reject(new Error('turn failed'));
    m.rememberAnswer('a', 'f', failed);
    await failed.catch(() => undefined);
    await Promise.resolve();
    expect(m.answerFor('a', 'f')).toBeUndefined();
  });

  it('a card is answered once; forgetting it allows another try', () => {
    const m = memory();
    m.claim('a', 'u1');
    expect(m.answerCard('a', 'card-1')).toBe(true);
    expect(m.answerCard('a', 'card-1')).toBe(false);
    m.forgetCard('a', 'card-1');
    expect(m.answerCard('a', 'card-1')).toBe(true);
  });
});
