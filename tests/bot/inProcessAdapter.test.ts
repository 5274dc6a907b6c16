import { ActivityTypes } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { InProcessAdapter, IN_PROCESS_CHANNEL } from '../../src/bot/inProcessAdapter';

describe('InProcessAdapter', () => {
  it('runs a turn in-process and returns the replies, without traces or delays', async () => {
    const adapter = new InProcessAdapter();
    const replies = await adapter.send({ text: 'hello' }, async (context) => {
      expect(context.activity).toMatchObject({ type: 'message', channelId: IN_PROCESS_CHANNEL, text: 'hello' });
      await context.sendActivity('one');
      await context.sendTraceActivity('debug', 'x');
      await context.sendActivities([{ type: 'delay', value: 1 }, { type: 'message', text: 'two' }]);
    });
    expect(replies.map((r) => r.text)).toEqual(['one', 'two']);
  });

  it('keeps one conversation across turns and joins with the user as a new member', async () => {
    const adapter = new InProcessAdapter();
    const seen: string[] = [];
    const logic = async (context: { activity: { conversation: { id: string }; type: string; membersAdded?: Array<{ id: string }> } }) => {
      seen.push(`${context.activity.type}:${context.activity.conversation.id}`);
      if (context.activity.type === ActivityTypes.ConversationUpdate) {
        expect(context.activity.membersAdded?.map((m) => m.id)).toEqual(['terminal-user', 'sciatica-bot']);
      }
    };
    await adapter.join(logic as never);
    await adapter.send({ text: 'x' }, logic as never);
    expect(new Set(seen.map((s) => s.split(':')[1])).size).toBe(1);
  });

  it('hands errors to onTurnError', async () => {
    const adapter = new InProcessAdapter();
    const errors: string[] = [];
    adapter.onTurnError = async (context, error) => {
      errors.push(error.message);
      await context.sendActivity('sorry');
    };
    const replies = await adapter.send({ text: 'x' }, async () => {
      throw new Error('boom');
    });
    expect(errors).toEqual(['boom']);
    expect(replies.map((r) => r.text)).toEqual(['sorry']);
  });
});
