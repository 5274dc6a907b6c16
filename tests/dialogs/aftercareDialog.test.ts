import { describe, expect, it } from 'vitest';
import { Conversation, cards, visibleText } from './harness';
import { fakeAnalyzer } from './fakeAnalyzer';

describe('AftercareDialog', () => {
  it('gives the tips from the knowledge (heat with the numb-skin caution), then offers stretches', async () => {
    const convo = new Conversation(fakeAnalyzer());
    const replies = await convo.say('what should I do after a massage?');
    const text = visibleText(replies);
    const heat = convo.knowledge.aftercare.find((t) => t.id === 'heat-before');
    expect(heat).toBeDefined();
    expect(text).toContain(heat!.title);
    for (const c of heat!.cautions) expect(text).toContain(c);
    expect(text).toMatch(/step-by-step stretches/);
    const stretch = await convo.say('Hamstrings');
    expect(JSON.stringify(cards(stretch))).toContain(JSON.stringify(convo.knowledge.stretchesFor('hamstrings')[0]!.name).slice(1, -1));
  });

  it('soreness tips appear when a deep technique is named', async () => {
    const convo = new Conversation(fakeAnalyzer());
    const text = visibleText(await convo.say('I feel sore after deep tissue massage'));
    const soreness = convo.knowledge.aftercare.find((t) => t.id === 'soreness-after-deep');
    expect(text).toContain(soreness!.title);
  });

  it('a named muscle goes straight to its stretch card', async () => {
    const convo = new Conversation(fakeAnalyzer());
    const replies = await convo.say('how do I stretch my piriformis');
    expect(cards(replies)).toHaveLength(1);
    expect(await convo.openDialogs()).toBe(0);
  });

  it('"No thanks" ends politely with options', async () => {
    const convo = new Conversation(fakeAnalyzer());
    await convo.say('what should I do after a massage?');
    expect(visibleText(await convo.say('No thanks'))).toMatch(/What else can I help with/);
  });

  it.each(['no', 'nope', 'nah', 'No thank you', 'not really', 'not now'])('"Would you like stretches…?" → "%s" ends politely', async (says) => {
    const convo = new Conversation(fakeAnalyzer());
    await convo.say('what should I do after a massage?');
    expect(visibleText(await convo.say(says))).toMatch(/What else can I help with/);
    expect(await convo.openDialogs()).toBe(0);
  });

  it.each(['yes', 'yeah', 'yes please'])('"Would you like stretches…?" → "%s" asks which muscle, then shows it', async (says) => {
    const convo = new Conversation(fakeAnalyzer());
    await convo.say('what should I do after a massage?');
    const replies = await convo.say(says);
    expect(visibleText(replies)).toMatch(/Pick a muscle for its stretches/);
    expect(cards(replies)).toHaveLength(1);
    expect(cards(await convo.say('Glutes'))).toHaveLength(1);
  });
});
