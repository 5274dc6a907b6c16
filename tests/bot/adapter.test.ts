import { CloudAdapter, type Activity } from 'botbuilder';
import type { BotFrameworkAuthentication } from 'botframework-connector';
import { describe, expect, it, vi } from 'vitest';
import { BotHttpAdapter, createAdapter, createTurnErrorHandler, TURN_ERROR_REPLY, UnauthenticatedRequestError } from '../../src/bot/adapter';
import { createMemoryLogger } from '../../src/logger';
import { botHarness } from './fakes';

const CONVERSATION_KEY = 'test/conversations/Convo1/';

describe('createAdapter', () => {
  it.each([
    ['anonymous', {}],
    ['with an identity', { microsoftAppId: 'app-id', microsoftAppPassword: 'pw', microsoftAppTenantId: 'tenant' }],
  ])('builds a CloudAdapter with the turn-error handler (%s)', (_label, identity) => {
    const h = botHarness();
    const adapter = createAdapter(
      { microsoftAppType: 'MultiTenant', microsoftAppId: undefined, microsoftAppPassword: undefined, microsoftAppTenantId: undefined, ...identity },
      h.logger,
      h.conversationState,
    );
    expect(adapter).toBeInstanceOf(CloudAdapter);
    expect(typeof adapter.onTurnError).toBe('function');
  });
});

describe('BotHttpAdapter.authenticate and the console', () => {
  /** An authentication that prints what botframework-connector prints for a refused token, and other lines. */
  function printingAuth(lines: unknown[][]): BotFrameworkAuthentication {
    return {
      authenticateRequest: async () => {
        await Promise.resolve();
        for (const line of lines) console.error(...line);
        throw new Error('refused');
      },
    } as unknown as BotFrameworkAuthentication;
  }
  const activity = { type: 'message', channelId: 'test', serviceUrl: 'https://example.test/', conversation: { id: 'c' }, from: { id: 'u' } } as Activity;
  const token = `Bearer ${Buffer.from('{"alg":"RS256"}').toString('base64url')}.e30.c2ln`;

  it("drops the SDK's own token-failure lines (the key's PEM among them) and passes every other line", async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const expired = Object.assign(new Error('jwt expired'), { name: 'TokenExpiredError' });
      const adapter = new BotHttpAdapter(
        printingAuth([[expired], ['Error finding key for token. Available keys: -----BEGIN PUBLIC KEY-----'], ['something else went wrong'], [new Error('other')]]),
      );
      await expect(adapter.authenticate(token, activity)).rejects.toBeInstanceOf(UnauthenticatedRequestError);
      expect(spy.mock.calls.map((args) => String(args[0]))).toEqual(['something else went wrong', 'Error: other']);
      // Outside an authentication nothing is filtered.
      console.error('Error finding key for token. Available keys: none');
      expect(spy).toHaveBeenCalledTimes(3);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('createTurnErrorHandler', () => {
  it('apologises with a way forward, traces, clears the dialog stack, and logs the cause without the words', async () => {
    const h = botHarness();
    const logger = createMemoryLogger();
    h.adapter.onTurnError = createTurnErrorHandler(logger, h.conversationState);
    h.adapter.enableTrace = true;

    await h.say('a first message that works');
    expect(JSON.stringify(await h.storage.read([CONVERSATION_KEY]))).toContain('step-1');

    h.dialog.failWith = new Error('knowledge lookup failed');
    const replies = await h.say('my private symptom words');

    expect(replies.map((r) => r.type)).toEqual(['message', 'trace']);
    expect(replies[0]?.text).toBe(TURN_ERROR_REPLY);
    expect(replies[1]).toMatchObject({ label: 'TurnError', value: 'Error: knowledge lookup failed' });
    expect(JSON.stringify(await h.storage.read([CONVERSATION_KEY]))).not.toContain('step-1');

    const errors = logger.lines.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ msg: 'turn failed', conversationId: 'Convo1', error: { message: 'knowledge lookup failed' } });
    expect(JSON.stringify(logger.lines)).not.toContain('private');

    // The next turn starts afresh and works.
    h.dialog.failWith = undefined;
    const next = await h.say('hello again');
    expect(next[0]?.text).toMatch(/^dialog heard/);
  });

  it('still clears state and logs when the apology cannot be sent', async () => {
    const logger = createMemoryLogger();
    let cleared = false;
    const context = {
      activity: { conversation: { id: 'c-9' }, channelId: 'test', type: 'message' },
      sendActivity: () => Promise.reject(new Error('connector down')),
      sendTraceActivity: () => Promise.resolve(undefined),
    };
    const state = { clearIfUnchanged: async () => (cleared = true) };
    await createTurnErrorHandler(logger, state as never)(context as never, new Error('first'));
    expect(cleared).toBe(true);
    expect(logger.lines.map((l) => l.msg)).toEqual(['turn failed', 'could not send the turn-error reply']);
    expect(logger.lines.every((l) => l.conversationId === 'c-9')).toBe(true);
  });
});
