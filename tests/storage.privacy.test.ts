import { TestAdapter, type Storage } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { BoundedMemoryStorage, ETagConversationState, ETagUserState, Privacy, userIndexKey } from '../src/storage';

const DAY = 24 * 60 * 60 * 1000;
const INDEX = userIndexKey('test', 'user1');
const conversationKey = (id: string) => `test/conversations/${id}/`;

/** One instance of the bot: its own states, privacy and adapter over the shared store. */
function instance(storage: Storage, now: () => number = Date.now) {
  const conversationState = new ETagConversationState(storage);
  const userState = new ETagUserState(storage);
  const privacy = new Privacy({ storage, conversationState, userState, retentionDays: 30, now });
  const step = conversationState.createProperty<number>('step');
  const saved = userState.createProperty<string>('saved');
  const adapter = new TestAdapter(async (context) => {
    if (context.activity.text === 'forget me') await privacy.forgetUser(context);
    else {
      await step.set(context, ((await step.get(context)) ?? 0) + 1);
      await saved.set(context, 'a summary');
    }
    await conversationState.saveChanges(context);
    await userState.saveChanges(context);
  });
  adapter.use(privacy.middleware());
  const say = (conversation: string, text: string) =>
    adapter.send({ type: 'message', text, conversation: { id: conversation }, from: { id: 'user1' }, recipient: { id: 'bot' } } as never).startTest();
  return { say };
}

const indexed = async (storage: Storage): Promise<string[]> =>
  Object.keys(((await storage.read([INDEX]))[INDEX]?.conversations ?? {}) as Record<string, number>).sort();

describe('the per-person index and "forget me"', () => {
  it('indexes every conversation of a person and forget me deletes them all with the user state and the index', async () => {
    const storage = new BoundedMemoryStorage({ maxEntries: 1000, ttlMs: 30 * DAY });
    const bot = instance(storage);
    await bot.say('c1', 'hello');
    await bot.say('c2', 'hello');
    expect(await indexed(storage)).toEqual([conversationKey('c1'), conversationKey('c2')]);
    expect(storage.size).toBe(4); // two conversations, the user state, the index

    await bot.say('c2', 'forget me');
    expect(storage.size).toBe(0);
  });

  it('a conversation another instance still remembers as indexed is indexed again when its state is recreated', async () => {
    const storage = new BoundedMemoryStorage({ maxEntries: 1000, ttlMs: 30 * DAY });
    const a = instance(storage);
    const b = instance(storage);
    await b.say('c1', 'hello'); // b has c1 in its recent memo
    await a.say('c2', 'forget me');
    expect(storage.size).toBe(0);

    await b.say('c1', 'hello again'); // state recreated on b
    expect(await indexed(storage)).toEqual([conversationKey('c1')]);
    await a.say('c2', 'forget me');
    expect(storage.size).toBe(0);
  });

  it('drops index entries older than the retention', async () => {
    let now = 10 * DAY;
    const storage = new BoundedMemoryStorage({ maxEntries: 1000, ttlMs: 1000 * DAY, now: () => now });
    const bot = instance(storage, () => now);
    await bot.say('old', 'hello');
    now += 31 * DAY;
    await bot.say('new', 'hello');
    expect(await indexed(storage)).toEqual([conversationKey('new')]);
  });
});
