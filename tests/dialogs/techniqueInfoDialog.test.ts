import { describe, expect, it } from 'vitest';
import { TECHNIQUE_IDS } from '../../src/knowledge/vocabulary';
import { Conversation, cards, visibleText } from './harness';
import { fakeAnalyzer } from './fakeAnalyzer';

describe('TechniqueInfoDialog', () => {
  it.each([
    ['what is cupping?', ['cupping']],
    ['how does trigger point therapy work', ['trigger-point']],
    ['tell me about deep tissue and swedish massage', ['deep-tissue', 'swedish']],
  ] as const)('"%s" answers directly', async (says, ids) => {
    const convo = new Conversation(fakeAnalyzer());
    const replies = await convo.say(says);
    expect(cards(replies)).toHaveLength(ids.length);
    for (const id of ids) expect(JSON.stringify(cards(replies))).toContain(JSON.stringify(convo.knowledge.technique(id).what).slice(1, -1));
  });

  it.each(TECHNIQUE_IDS)('lists and asks; picking %s shows it', async (id) => {
    const convo = new Conversation(fakeAnalyzer());
    await convo.say('what massage techniques are there?');
    const name = convo.knowledge.technique(id).name.replace(/\s*\(.*\)$/, '');
    const replies = await convo.say(name);
    expect(JSON.stringify(cards(replies))).toContain(JSON.stringify(convo.knowledge.technique(id).afterwards).slice(1, -1));
  });

  it('an unclear pick is asked again', async () => {
    const convo = new Conversation(fakeAnalyzer());
    await convo.say('what massage techniques are there?');
    expect(visibleText(await convo.say('purple'))).toMatch(/didn't catch which technique/);
  });
});
