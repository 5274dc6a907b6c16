import { MemoryStorage } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { dropOldStack } from '../../src/dialogs/mainDialog';
import { LAST_ASSESSMENT_PROPERTY } from '../../src/dialogs/state';
import { Conversation, suggestions, visibleText } from './harness';
import { fakeAnalyzer } from './fakeAnalyzer';

const toRecommendation = ['my bum hurts when I sit', 'none of these', 'No, it stays above', 'none of these'];

describe('MainDialog: routing by intent', () => {
  it.each([
    ['hello', /Hello! Tell me where it hurts/],
    ['thank you', /You're welcome/],
    ['help', /I can help with buttock, leg and low-back/],
    ['stop', /There's nothing to cancel/],
    ["what's the weather like in Paris", /I can only help with buttock, leg and low-back/],
    ['my bum hurts when I sit', /Before I suggest anything/],
    ['tell me about the piriformis', /Where it is/],
    ['what is cupping?', /Evidence that cupping helps is low quality/],
    ['what should I do after a massage?', /Warm up with heat/],
    ['Describe my pain', /where does it hurt, and what makes it worse/i],
    ['Tell me about a muscle', /Which muscle would you like/],
    ['Tell me about a technique', /Which technique would you like/],
    ['Care before and after massage', /Warm up with heat/],
  ])('"%s" → %s', async (says, answer) => {
    const convo = new Conversation(fakeAnalyzer());
    const replies = await convo.say(says);
    expect(visibleText(replies)).toMatch(answer);
  });

  it.each(['hello', 'thank you', 'help', 'stop', 'what is the capital of France'])('"%s" offers what to try next', async (says) => {
    const convo = new Conversation(fakeAnalyzer());
    expect(suggestions(await convo.say(says)).length).toBeGreaterThan(0);
  });

  it('a red flag in the very first message gets urgent advice, not a route', async () => {
    const convo = new Conversation(fakeAnalyzer(), { emergencyNumber: '911', emergencyServiceName: 'the emergency department' });
    const text = visibleText(await convo.say("what is cupping? I can't control my bladder"));
    expect(text).toMatch(/call 911/);
    expect(text).not.toMatch(/Cupping therapy/);
    expect(await convo.openDialogs()).toBe(0);
  });

  it.each(['', '   ', '🙂🙂🙂', 'x'.repeat(100_000), '<script>alert(1)</script>', '{"text": ', 'Болит поясница', '腰が痛い'])(
    'odd input %# never throws and always answers',
    async (says) => {
      const convo = new Conversation(fakeAnalyzer());
      const replies = await convo.say(says);
      expect(replies.length).toBeGreaterThan(0);
      expect(JSON.stringify(replies)).not.toContain('<script>');
    },
  );
});

describe('MainDialog: low confidence asks instead of guessing', () => {
  it('offers the likely options as a question', async () => {
    const convo = new Conversation(fakeAnalyzer());
    const replies = await convo.say('massage?');
    expect(visibleText(replies)).toMatch(/not sure I understood/);
    expect(suggestions(replies)).toEqual(['Tell me about a technique', 'Describe my pain', 'Something else']);
  });

  it.each([
    ['Tell me about a technique', /Which technique would you like/],
    ['Describe my pain', /where does it hurt, and what makes it worse/i],
    ['Something else', /I can help with/],
  ])('choosing "%s" goes there', async (choice, answer) => {
    const convo = new Conversation(fakeAnalyzer());
    await convo.say('massage?');
    expect(visibleText(await convo.say(choice))).toMatch(answer);
  });

  it('an invalid answer to the clarifying question asks again', async () => {
    const convo = new Conversation(fakeAnalyzer());
    await convo.say('massage?');
    const replies = await convo.say('purple');
    expect(visibleText(replies)).toMatch(/Please pick one of these/);
    expect(suggestions(replies)).toHaveLength(3);
  });
});

describe('MainDialog: turning down "what next?"', () => {
  it.each(['no', 'No thanks', 'nope', 'nothing else', "I'm good, thanks", "that's all"])('"%s" with nothing open closes politely, without a clarifying question', async (says) => {
    const convo = new Conversation(fakeAnalyzer());
    for (const t of toRecommendation) await convo.say(t);
    const replies = await convo.say(says);
    expect(replies).toHaveLength(1);
    expect(visibleText(replies)).toMatch(/I'm here whenever you want/);
    expect(suggestions(replies).length).toBeGreaterThan(0);
    expect(await convo.openDialogs()).toBe(0);
  });

  it.each(['no, my bum hurts when I sit', 'nothing helps my leg pain'])('"%s" is not a decline', async (says) => {
    const convo = new Conversation(fakeAnalyzer());
    expect(visibleText(await convo.say(says))).not.toMatch(/I'm here whenever you want/);
  });
});

describe('MainDialog: memory', () => {
  it('"what did you suggest last time?" recalls the last recommendation, across conversations', async () => {
    const storage = new MemoryStorage();
    const first = new Conversation(fakeAnalyzer(), {}, storage);
    for (const t of toRecommendation) await first.say(t);
    // TestAdapter uses the same user id in every conversation it makes; the storage is shared.
    const again = new Conversation(fakeAnalyzer(), {}, storage);
    const text = visibleText(await again.say('what did you suggest last time?'));
    expect(text).toMatch(/Last time \(.+\) I suggested/);
    expect(text).toMatch(/Piriformis/);
  });

  it('asked in the middle of a new check, it gives the saved suggestions and then the open question again', async () => {
    const convo = new Conversation(fakeAnalyzer());
    for (const t of toRecommendation) await convo.say(t);
    // A new check: the red-flag screen answered "none" earlier in this conversation is not asked again, so the
    // below-knee question is open.
    await convo.say('my bum hurts when I sit');
    const replies = await convo.say('remind me what you said last time');
    expect(visibleText(replies.slice(0, 1))).toMatch(/Last time \(.+\) I suggested[\s\S]*Piriformis/);
    expect(visibleText(replies.slice(1))).toMatch(/spread below the knee/);
    expect(visibleText(replies.slice(1))).not.toMatch(/Do you have any of these/);
    expect(await convo.openDialogs()).toBeGreaterThan(0);
  });

  it('a pain description that mentions "last time" is a description, not a request for the old suggestions', async () => {
    const convo = new Conversation(fakeAnalyzer());
    const text = visibleText(await convo.say('the last time I sat for long my bum hurts'));
    expect(text).not.toMatch(/earlier suggestions|Last time \(/);
  });

  it('with nothing saved it says so', async () => {
    const convo = new Conversation(fakeAnalyzer());
    expect(visibleText(await convo.say('what did you suggest last time?'))).toMatch(/don't have any earlier suggestions/);
  });

  it.each(['forget me', 'please delete my data', 'Forget me!'])('"%s" deletes the user state from storage, even mid-question', async (says) => {
    const convo = new Conversation(fakeAnalyzer());
    for (const t of toRecommendation) await convo.say(t);
    await convo.say('my bum hurts'); // a question is now open
    expect(JSON.stringify(await convo.stored())).toContain(LAST_ASSESSMENT_PROPERTY);
    expect(await convo.openDialogs()).toBeGreaterThan(0);

    expect(visibleText(await convo.say(says))).toMatch(/deleted everything I had saved about you/);
    const stored = await convo.stored();
    expect(JSON.stringify(stored)).not.toContain(LAST_ASSESSMENT_PROPERTY);
    expect(Object.keys(stored).some((k) => k.includes('/users/'))).toBe(false);
    expect(await convo.openDialogs()).toBe(0);
    expect(visibleText(await convo.say('what did you suggest last time?'))).toMatch(/don't have any earlier suggestions/);
  });
});

describe('MainDialog: a component holding the open question, and the case beside it', () => {
  it('keeps the triage and its question inside MainDialog, and the case in conversation state', async () => {
    const convo = new Conversation(fakeAnalyzer());
    await convo.say('my bum hurts when I sit');
    const json = await convo.conversationJson();
    expect(json).toContain('"id":"mainDialog"');
    expect(json).toContain('"id":"symptomTriageDialog"');
    expect(json).toContain('"case":"{\\"symptoms\\"');
    expect(json).not.toContain('my bum hurts when I sit');
    expect(await convo.openDialogs()).toBe(1);
  });

  it('a conversation saved by the version that ran the dialogs flat is not resumed: its answer gets "I lost track"', async () => {
    const convo = new Conversation(fakeAnalyzer());
    await convo.say('my bum hurts when I sit');
    const items = await convo.stored();
    const key = Object.keys(items).find((k) => k.includes('/conversations/')) as string;
    const item = items[key] as object;
    const flat = [{ id: 'symptomTriageDialog', state: { stepIndex: 2 } }, { id: 'redFlagPrompt', state: {} }];
    await convo.storage.write({ [key]: { ...item, DialogState: { dialogStack: flat }, eTag: '*' } });
    expect(visibleText(await convo.say('None of these'))).toMatch(/I lost track of where we were/);
    expect(await convo.openDialogs()).toBe(0);
  });

  it.each([
    ['a flat stack from before', [{ id: 'symptomTriageDialog', state: {} }, { id: 'redFlagPrompt', state: {} }], []],
    ['our own stack', [{ id: 'mainDialog', state: {} }], ['mainDialog']],
    ['an empty stack', [], []],
  ])('dropOldStack: %s', (_name, stack, ids) => {
    const state = { dialogStack: stack };
    dropOldStack(state);
    expect(state.dialogStack.map((d) => d.id)).toEqual(ids);
  });
});
