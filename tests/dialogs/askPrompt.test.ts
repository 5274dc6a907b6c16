import { ConversationState, MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { DialogSet, DialogTurnStatus, WaterfallDialog, type DialogState } from 'botbuilder-dialogs';
import { describe, expect, it } from 'vitest';
import { AskPrompt, deepFreeze } from '../../src/dialogs/askPrompt';
import { message } from '../../src/dialogs/messages';

describe('AskPrompt', () => {
  it('sends its own question, keeps nothing of it in state, builds it once and re-asks with the retry wording', async () => {
    let builds = 0;
    const storage = new MemoryStorage();
    const convoState = new ConversationState(storage);
    const dialogs = new DialogSet(convoState.createProperty<DialogState>('DialogState'));
    dialogs.add(
      new AskPrompt(
        'ask',
        () => {
          builds += 1;
          return { prompt: message('Where does it hurt?'), retry: message('Sorry, where does it hurt?') };
        },
        async (p) => p.recognized.value === 'buttock',
      ),
    );
    dialogs.add(new WaterfallDialog('flow', [async (step) => step.prompt('ask', {}), async (step) => step.endDialog(step.result)]));
    const results: unknown[] = [];
    const adapter = new TestAdapter(async (context) => {
      const dc = await dialogs.createContext(context);
      const r = await dc.continueDialog();
      if (r.status === DialogTurnStatus.empty) await dc.beginDialog('flow');
      if (r.status === DialogTurnStatus.complete) results.push(r.result);
      await convoState.saveChanges(context);
    });
    const replies: Partial<Activity>[] = [];
    const say = async (text: string) => {
      await adapter.receiveActivity(text);
      while (adapter.activeQueue.length > 0) replies.push(adapter.activeQueue.shift()!);
    };
    await say('hi');
    expect(replies.at(-1)?.text).toBe('Where does it hurt?');
    expect(replies.at(-1)?.inputHint).toBe('expectingInput');
    const stored = JSON.stringify(await storage.read(Object.keys((storage as unknown as { memory: object }).memory)));
    expect(stored).not.toContain('Where does it hurt');
    await say('purple');
    expect(replies.at(-1)?.text).toBe('Sorry, where does it hurt?');
    await say('buttock');
    expect(results).toEqual(['buttock']);
    await say('again');
    expect(builds).toBe(1);
  });

  it('deepFreeze freezes nested values so a shared reply cannot be changed by one turn for the next', () => {
    const reply = deepFreeze({ attachments: [{ content: { body: [{ text: 'a' }] } }] });
    expect(Object.isFrozen(reply.attachments[0]!.content.body[0])).toBe(true);
    expect(() => {
      (reply.attachments[0]!.content.body[0] as { text: string }).text = 'b';
    }).toThrow();
  });
});
