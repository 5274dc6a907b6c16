import { ConversationState, TestAdapter, type Storage, type TurnContext } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { createTurnErrorHandler, STATE_CONFLICT_REPLY, STORAGE_DOWN_REPLY, TURN_ERROR_REPLY } from '../src/bot/adapter';
import { createMemoryLogger } from '../src/logger';
import { BoundedMemoryStorage, ETagConversationState, StorageUnavailableError } from '../src/storage';

const KEY = 'test/conversations/Convo1/';
const store = () => new BoundedMemoryStorage({ maxEntries: 1000, ttlMs: 60_000 });

/** Resolves every waiter once `n` have arrived: both turns have read state before either writes. */
function barrier(n: number): () => Promise<void> {
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((resolve) => (release = resolve));
  return () => {
    arrived += 1;
    if (arrived === n) release();
    return all;
  };
}

/**
 * One instance of a bot: its own adapter and conversation state over the shared store. Each turn appends
 * the message to the conversation's list, waits for the other instance, then saves.
 */
function instance(storage: Storage, wait: () => Promise<void>, makeState: (s: Storage) => ConversationState) {
  const state = makeState(storage);
  const messages = state.createProperty<string[]>('messages');
  const logger = createMemoryLogger();
  const adapter = new TestAdapter(async (context: TurnContext) => {
    const list = await messages.get(context, []);
    list.push(context.activity.text ?? '');
    await wait();
    await context.sendActivity(`noted ${context.activity.text}`);
    await state.saveChanges(context);
  });
  adapter.onTurnError = createTurnErrorHandler(logger, state);
  const say = async (text: string) => {
    await adapter.receiveActivity(text);
    return adapter.activeQueue.splice(0).map((a) => a.text);
  };
  return { say };
}

async function twoAtOnce(makeState: (s: Storage) => ConversationState, underWay = false) {
  const storage = store();
  if (underWay) await storage.write({ [KEY]: { messages: ['earlier'] } });
  const wait = barrier(2);
  const a = instance(storage, wait, makeState);
  const b = instance(storage, wait, makeState);
  const [repliesA, repliesB] = await Promise.all([a.say('first'), b.say('second')]);
  const stored = ((await storage.read([KEY]))[KEY]?.messages ?? []) as string[];
  return { stored, replies: [...repliesA, ...repliesB] };
}

describe('two instances write the same conversation at once', () => {
  it("botbuilder's own ConversationState writes with eTag '*': one message is lost and nobody is told", async () => {
    const { stored, replies } = await twoAtOnce((s) => new ConversationState(s), true);
    expect(stored).toHaveLength(2); // 'earlier' and one of the two
    expect(replies).toEqual(['noted first', 'noted second']);
  });

  it.each([
    ['a new conversation', false],
    ['a conversation under way', true],
  ])('%s: with the read eTag, the later writer fails and the person is told plainly to send it again', async (_label, underWay) => {
    const { stored, replies } = await twoAtOnce((s) => new ETagConversationState(s), underWay);
    const kept = stored[stored.length - 1] ?? '';
    expect(stored).toEqual(underWay ? ['earlier', kept] : [kept]);
    expect(['first', 'second']).toContain(kept);
    // The stored message was answered; the other one got the plain request to resend it, never silence.
    expect(replies).toContain(`noted ${kept}`);
    expect(replies.filter((r) => r === STATE_CONFLICT_REPLY)).toHaveLength(1);
  });
});

describe('the turn-error handler and stored state', () => {
  /** A turn that reads and saves state, then fails; `between` runs before its error handler clears. */
  async function failingTurn(storage: Storage, error: Error, between: () => Promise<void> = async () => undefined) {
    const state = new ETagConversationState(storage);
    const step = state.createProperty<number>('step');
    const handler = createTurnErrorHandler(createMemoryLogger(), state);
    const adapter = new TestAdapter(async (context) => {
      await step.set(context, 2);
      await state.saveChanges(context);
      throw error;
    });
    adapter.onTurnError = async (context, err) => {
      await between();
      await handler(context, err);
    };
    await adapter.receiveActivity('hello');
    return adapter.activeQueue.splice(0).map((a) => a.text);
  }

  it('clears a broken conversation when nothing else has written since', async () => {
    const storage = store();
    const replies = await failingTurn(storage, new Error('dialog bug'));
    expect(replies[0]).toBe(TURN_ERROR_REPLY);
    expect((await storage.read([KEY]))[KEY]?.step).toBeUndefined();
  });

  it('a late clear never wipes what a later turn saved', async () => {
    const storage = store();
    await failingTurn(storage, new Error('dialog bug'), async () => {
      await storage.write({ [KEY]: { step: 7, eTag: '*' } }); // another turn, on another instance
    });
    expect((await storage.read([KEY]))[KEY]?.step).toBe(7);
  });

  it('keeps the state and says so when the store did not answer', async () => {
    const storage = store();
    await storage.write({ [KEY]: { step: 1 } });
    const replies = await failingTurn(storage, new StorageUnavailableError('storage read timed out'));
    expect(replies[0]).toBe(STORAGE_DOWN_REPLY);
    expect(replies[0]).toMatch(/conversation is kept/);
    expect((await storage.read([KEY]))[KEY]?.step).toBe(2);
  });
});

describe('state is written only when the turn changed it', () => {
  /** A store that counts its writes. */
  function countingStore() {
    const storage = store();
    const writes: string[] = [];
    const write = storage.write.bind(storage);
    storage.write = async (changes) => {
      writes.push(...Object.keys(changes));
      await write(changes);
    };
    return { storage, writes };
  }

  async function turn(storage: Storage, logic: (context: TurnContext, state: ETagConversationState) => Promise<void>) {
    const state = new ETagConversationState(storage);
    const adapter = new TestAdapter(async (context) => {
      await logic(context, state);
      await state.saveChanges(context);
    });
    await adapter.receiveActivity('hello');
  }

  it('writes a change deep inside the state, and nothing for a turn that only read it', async () => {
    const { storage, writes } = countingStore();
    await turn(storage, async (context, state) => {
      await state.createProperty<{ stack: Array<{ id: string; answers: string[] }> }>('dialog').set(context, { stack: [{ id: 'intake', answers: [] }] });
    });
    expect(writes).toEqual([KEY]);

    await turn(storage, async (context, state) => {
      const dialog = await state.createProperty<{ stack: Array<{ answers: string[] }> }>('dialog').get(context);
      expect(dialog?.stack[0]?.answers).toEqual([]);
    });
    expect(writes).toEqual([KEY]);

    await turn(storage, async (context, state) => {
      const dialog = await state.createProperty<{ stack: Array<{ answers: string[] }> }>('dialog').get(context);
      dialog?.stack[0]?.answers.push('buttock');
    });
    expect(writes).toEqual([KEY, KEY]);
    expect((await storage.read([KEY]))[KEY]?.dialog).toEqual({ stack: [{ id: 'intake', answers: ['buttock'] }] });
  });

  it('a second save in the same turn writes only what changed since the first', async () => {
    const { storage, writes } = countingStore();
    await turn(storage, async (context, state) => {
      const step = state.createProperty<number>('step');
      await step.set(context, 1);
      await state.saveChanges(context);
      await state.saveChanges(context);
      expect(writes).toEqual([KEY]);
      await step.set(context, 2);
    });
    expect(writes).toEqual([KEY, KEY]);
    expect((await storage.read([KEY]))[KEY]?.step).toBe(2);
  });

  it('a forced save writes an unchanged state', async () => {
    const { storage, writes } = countingStore();
    await turn(storage, async (context, state) => {
      await state.createProperty<number>('step').set(context, 1);
    });
    await turn(storage, async (context, state) => {
      await state.load(context);
      await state.saveChanges(context, true);
    });
    expect(writes).toEqual([KEY, KEY]);
    expect((await storage.read([KEY]))[KEY]?.step).toBe(1);
  });
});
