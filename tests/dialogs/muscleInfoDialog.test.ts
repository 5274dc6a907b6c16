import { describe, expect, it } from 'vitest';
import { MUSCLE_IDS } from '../../src/knowledge/vocabulary';
import { Conversation, cards, visibleText } from './harness';
import { fakeAnalyzer } from './fakeAnalyzer';

describe('MuscleInfoDialog', () => {
  it('a named muscle gets its explainer card at once, with a plain-text lead', async () => {
    const convo = new Conversation(fakeAnalyzer());
    const replies = await convo.say('tell me about the piriformis');
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toMatch(/piriformis/i);
    expect(JSON.stringify(cards(replies))).toContain(convo.knowledge.muscle('piriformis').sciaticLink);
    expect(await convo.openDialogs()).toBe(0);
  });

  it.each(MUSCLE_IDS)('otherwise it lists the muscles and asks; picking %s shows it', async (id) => {
    const convo = new Conversation(fakeAnalyzer());
    const list = await convo.say('which muscles can cause sciatica?');
    for (const m of convo.knowledge.muscles) expect(visibleText(list)).toContain(m.name);
    const button = convo.knowledge.muscle(id).name.replace(/\s*\(.*\)$/, '');
    const replies = await convo.say(button);
    expect(JSON.stringify(cards(replies))).toContain(JSON.stringify(convo.knowledge.muscle(id).location).slice(1, -1));
  });

  it('an unclear pick is asked again, then let go', async () => {
    const convo = new Conversation(fakeAnalyzer());
    await convo.say('which muscles can cause sciatica?');
    expect(visibleText(await convo.say('purple'))).toMatch(/didn't catch which muscle/);
    expect(visibleText(await convo.say('purple'))).toMatch(/What else can I help with/);
    expect(await convo.openDialogs()).toBe(0);
  });
});
