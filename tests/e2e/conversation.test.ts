import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTurn } from '../../src/bot/textRendering';
import { conversation, startApp, type Reply, type RunningApp } from './httpHarness';

/**
 * Issue 10's conversations through the real HTTP endpoint (restify, CloudAdapter, SciaticaBot, MainDialog, the real
 * analyzer and knowledge, conversation state in the store between turns), in words the dialog tests do not use.
 */

let running: RunningApp;

beforeAll(async () => {
  running = await startApp();
});

afterAll(async () => {
  await running?.close();
});

const DEEP_WORK = /Trigger point therapy|Deep tissue massage|Cupping therapy/;

/** Says each message in turn; returns every reply. */
async function play(c: ReturnType<typeof conversation>, messages: readonly string[]): Promise<Reply[]> {
  const replies: Reply[] = [];
  for (const m of messages) {
    const r = await c.say(m);
    expect(r.status, m).toBe(200);
    replies.push(r);
  }
  return replies;
}

/** Buttock pain on sitting, through the screens with "none", to the plan. */
const TO_PLAN = ['my bum aches when I drive', 'none', 'no it stays above', 'none of these'];

describe('issue 10 over HTTP', () => {
  it('a late blood thinner revises the plan, and "last time" shows the revised one', async () => {
    const c = conversation(running.base);
    const replies = await play(c, [...TO_PLAN, "hang on, I'm on apixaban", 'can I still get a deep tissue massage?', 'what did you recommend last time?']);
    expect(replies[3]?.text).toMatch(/What may help/);
    expect(replies[4]?.activities[0]?.text).toMatch(/^Thanks for telling me\. Because of what you told me \(blood thinners/);
    expect(replies[5]?.activities[0]?.text).toMatch(/^No, not for you at the moment/);
    expect(replies[6]?.text).toMatch(/Left out for you: .*Deep tissue massage/);
  });

  it('a red flag, then "just give me some stretches": the reminder first', async () => {
    const c = conversation(running.base);
    const [flag, dismissal] = await play(c, ['my bum hurts and I have a temperature', "it's probably nothing, just give me some stretches"]);
    expect(flag?.text).toMatch(/doctor or urgent care today/);
    expect(flag?.text).not.toMatch(DEEP_WORK);
    expect(dismissal?.activities[0]?.text).toMatch(/^\*\*Before anything else:\*\*/);
  });

  it('the bot\'s own option ticked on the card is that contraindication, never a fracture', async () => {
    const c = conversation(running.base);
    const replies = await play(c, ['my bum hurts when I sit', 'None of these', 'No, it stays above', 'Yes, one or more']);
    const send = renderTurn(replies[3]?.activities ?? []).options.find((o) => o.value !== undefined);
    expect(send?.value).toMatchObject({ action: 'screening' });
    const ticked = await c.send({ text: send?.text ?? '', value: { ...(send?.value as object), contraindications: 'osteoporosis-fracture-surgery' } });
    expect(ticked.text).toMatch(/Gentle options, only if your clinician agrees/);
    expect(ticked.text).not.toMatch(/urgent care|You said/);
  });

  it('cancel in words at the contraindication question closes it, with no plan', async () => {
    const c = conversation(running.base);
    const replies = await play(c, ['my bum hurts when I sit', 'none of these', 'no', "forget it, I'll stop here"]);
    expect(replies[3]?.text).toMatch(/I've stopped that/);
    expect(replies[3]?.text).not.toMatch(/What may help/);
  });

  it('a question about the saddle area at the red-flag question is explained, then the question goes on', async () => {
    const c = conversation(running.base);
    const replies = await play(c, ['my bum hurts when I sit', 'what do you mean by saddle area?', 'none of them']);
    expect(replies[1]?.text).toMatch(/saddle/);
    expect(replies[1]?.text).not.toMatch(/Please get help now/);
    expect(replies[2]?.text).toMatch(/spread below the knee/);
  });

  it.each([
    ["I'm on warfarin, is cupping ok?", /^No, not for you at the moment/],
    ["I'm pregnant, can I have cupping on my lower back?", /^(In your pregnancy, yes|Yes), but only gentle massage/],
    ['sore the next day, normal?', /^Yes, that is normal/],
    ['deep tissue vs Swedish?', /^For you, swedish massage rather than deep tissue massage/i],
    ['heat or ice?', /^Heat/],
  ])('after a plan with blood thinners, %j is answered first and personally', async (question, answer) => {
    const c = conversation(running.base);
    const replies = await play(c, ['my bum hurts when I sit in the car and I take warfarin', 'None of these', 'No, it stays above', 'None of these', question]);
    expect(replies[3]?.text).toMatch(/What may help/);
    expect(replies[4]?.activities[0]?.text).toMatch(answer);
  });

  it('a red flag, then "nah, just tell me some stretches": the reminder and what is safe to browse, no stretches or menu', async () => {
    const c = conversation(running.base);
    const [, dismissal] = await play(c, ["bum pain and i've had a fever for 3 days", "nah it's probably just a cold, just tell me some stretches pls"]);
    expect(dismissal?.activities[0]?.text).toMatch(/^\*\*Before anything else:\*\* you told me about fever/);
    expect(dismissal?.text).toMatch(/hold off on massage plans, stretches/);
    expect(dismissal?.text).not.toMatch(/not sure I understood|I'm here whenever|look after yourself around a massage/);
  });

  it('a late red flag puts the plan on hold: "what did you suggest last time?" does not bring it back', async () => {
    const c = conversation(running.base);
    const replies = await play(c, [...TO_PLAN, "oh and I've lost like a stone without trying lately", 'what did you suggest last time?']);
    expect(replies[4]?.text).toMatch(/doctor or urgent care today/);
    expect(replies[5]?.activities[0]?.text).toMatch(/^\*\*Before anything else:\*\*/);
    expect(replies[5]?.text).toMatch(/hold off on it/);
    expect(replies[5]?.text).not.toMatch(DEEP_WORK);
  });

  it('after a question about a flag, "i only wanted to know" gets a friendly line and the question again', async () => {
    const c = conversation(running.base);
    const replies = await play(c, ['pain in my glute', 'wat is saddle numbness', 'i only wanted to know lol', 'nope none']);
    expect(replies[2]?.activities[0]?.text).toMatch(/^No problem/);
    expect(replies[2]?.text).toMatch(/Do you have any of these/);
    expect(replies[2]?.text).not.toMatch(/Please answer|I can only help/);
    expect(replies[3]?.text).toMatch(/spread below the knee/);
  });

  it('a blood thinner said at the below-knee question is acknowledged, and "I told you already" moves on', async () => {
    const c = conversation(running.base);
    const replies = await play(c, ['ouch my hamstring is tight and sore when I bend', 'None of these', "hang on i'm on warfarin", 'I told you already, the back of my thigh']);
    expect(replies[2]?.activities[0]?.text).toMatch(/^Thanks, noted: blood thinners/);
    expect(replies[2]?.text).toMatch(/spread below the knee/);
    expect(replies[3]?.activities[0]?.text).toMatch(/^Sorry, you did tell me/);
    expect(replies[3]?.text).toMatch(/You've told me about: blood thinners/);
  });

  it('"what about myofascial release?" after a safety answer is answered the same way, first', async () => {
    const c = conversation(running.base);
    const replies = await play(c, ['my bum hurts when I sit in the car and I take warfarin', 'None of these', 'No, it stays above', 'None of these', 'would trigger point be ok for me?', 'what about myofascial release?']);
    expect(replies[5]?.activities[0]?.text).toMatch(/^No, not for you at the moment: .*leave out myofascial release/);
  });

  it('a corrected spread after the plan revises it', async () => {
    const c = conversation(running.base);
    const replies = await play(c, [...TO_PLAN, 'sorry I got that wrong, it does go down into my calf']);
    expect(replies[4]?.activities[0]?.text).toMatch(/^Thanks for telling me/);
    expect(replies[4]?.text).not.toMatch(/not sure I understood/);
  });

  it('a late blood thinner inside a question after the plan: the answer first, then the revised plan that "last time" shows', async () => {
    const c = conversation(running.base);
    const replies = await play(c, [...TO_PLAN, "I just remembered I'm on apixaban, can I still have the trigger point therapy?", 'what did you suggest last time?']);
    expect(replies[4]?.activities[0]?.text).toMatch(/^No, not for you at the moment: you told me about blood thinners/);
    expect(replies[4]?.text).toMatch(/revised plan/);
    expect(replies[5]?.text).toMatch(/Left out for you: .*Trigger point therapy/);
  });

  it('"not sure" about the warning signs, then "which massage should I get?": see a doctor first', async () => {
    const c = conversation(running.base);
    const replies = await play(c, ['my bum hurts and my leg feels a bit numb', 'not sure', "it's probably nothing, which massage should I get?"]);
    expect(replies[2]?.activities[0]?.text).toMatch(/^\*\*Before anything else:\*\* you weren't sure about some of the warning signs/);
    expect(replies[2]?.text).not.toMatch(/fine for most people|What may help/);
  });

  it('a description ending "what massage should I get?" starts the check', async () => {
    const c = conversation(running.base);
    const replies = await play(c, ['been getting a deep ache in my left butt cheek, worse when I sit at work or drive, doesnt go past my knee. what massage should I get?', 'no none of those', 'nope']);
    expect(replies[0]?.activities[0]?.text).toMatch(/^Thanks\. Before I suggest anything/);
    expect(replies[2]?.text).toMatch(/What may help/);
  });

  it('never asks what it was told, and a small correction changes that answer only', async () => {
    const c = conversation(running.base);
    const replies = await play(c, ["I'm 24 weeks pregnant and my bum hurts when I sit", 'None of these', 'No, it stays above', 'I already told you, none', "sorry, I'm not pregnant"]);
    expect(replies[2]?.text).toMatch(/You've told me about: pregnant/);
    expect(replies[3]?.text).toMatch(/maternity provider/);
    expect(replies[4]?.activities[0]?.text).toMatch(/^Thanks for telling me/);
    expect(replies[4]?.text).not.toMatch(/maternity provider|Do you have any of these/);
  });
});
