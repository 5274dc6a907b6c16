import { describe, expect, it } from 'vitest';
import { Conversation, visibleText } from './harness';
import { fakeAnalyzer } from './fakeAnalyzer';
import { PROMPTS, RED_FLAG_PHRASES } from './prompts';

/** A conversation walked up to a given question; fails loudly if the question never appears. */
async function atPrompt(name: string, settings = {}): Promise<Conversation> {
  const prompt = PROMPTS[name];
  if (!prompt) throw new Error(`unknown prompt ${name}`);
  const convo = new Conversation(fakeAnalyzer(), settings);
  let replies = await convo.say(prompt.path[0]!);
  for (const text of prompt.path.slice(1)) replies = await convo.say(text);
  expect(visibleText(replies)).toMatch(prompt.marker);
  expect(await convo.openDialogs()).toBeGreaterThan(0);
  return convo;
}

const promptNames = Object.keys(PROMPTS);
const redFlagAtPrompt = RED_FLAG_PHRASES.flatMap(([id, phrase, level]) => promptNames.map((p) => [id, phrase, level, p] as const));

describe('MainDialog route table: red flags interrupt any question', () => {
  it.each(redFlagAtPrompt)('%s ("%s", %s) at the %s question: urgent advice, no techniques, dialog ended', async (id, phrase, level, prompt) => {
    const convo = await atPrompt(prompt, { emergencyNumber: '112', emergencyServiceName: 'the emergency department' });
    const replies = await convo.say(phrase);
    const text = visibleText(replies);
    expect(replies).toHaveLength(1);
    expect(text).toContain('112');
    expect(text).toContain(convo.knowledge.redFlag(id).advice.split('{')[0]!.trim().slice(0, 40));
    if (level === 'emergency') expect(text).toMatch(/go to the emergency department or call 112/);
    else expect(text).toMatch(/doctor or urgent care today/);
    for (const t of convo.knowledge.techniques) {
      expect(text.toLowerCase()).not.toContain(t.name.toLowerCase());
      expect(text.toLowerCase()).not.toMatch(new RegExp(`\\b${t.id.replace('-', '[ -]')}\\b`));
    }
    expect(text).not.toMatch(/\bER\b/);
    expect(await convo.openDialogs()).toBe(0);
  });
});

describe('MainDialog route table: cancel and help at any question', () => {
  it.each(promptNames.flatMap((p) => ['start over', 'stop', 'never mind', 'Cancel', 'quit'].map((w) => [p, w] as const)))(
    'at the %s question, "%s" cancels with options',
    async (prompt, word) => {
      const convo = await atPrompt(prompt);
      const replies = await convo.say(word);
      expect(visibleText(replies)).toMatch(/I've stopped that/);
      expect(replies.at(-1)?.suggestedActions?.actions.length).toBeGreaterThan(0);
      expect(await convo.openDialogs()).toBe(0);
    },
  );

  it.each(promptNames)('at the %s question, "help" explains and asks the same question again', async (prompt) => {
    const convo = await atPrompt(prompt);
    const replies = await convo.say('help');
    const text = visibleText(replies);
    expect(text).toMatch(/I can help with/);
    expect(text).toMatch(/start over/);
    expect(visibleText(replies.slice(1))).toMatch(PROMPTS[prompt]!.marker);
    expect(await convo.openDialogs()).toBeGreaterThan(0);
  });

  it.each(promptNames.filter((p) => p !== 'clarify'))(
    'at the %s question, "what did you suggest last time?" answers and asks the same question again',
    async (prompt) => {
      const convo = await atPrompt(prompt);
      const replies = await convo.say('what did you suggest last time?');
      expect(visibleText(replies.slice(0, 1))).toMatch(/don't have any earlier suggestions/);
      expect(visibleText(replies.slice(1))).toMatch(PROMPTS[prompt]!.marker);
      expect(await convo.openDialogs()).toBeGreaterThan(0);
    },
  );

  it('at "what would you like to do?", "what did you suggest last time?" is the answer: it is given with options, and nothing stays open', async () => {
    const convo = await atPrompt('clarify');
    const replies = await convo.say('what did you suggest last time?');
    expect(replies).toHaveLength(1);
    expect(visibleText(replies)).toMatch(/don't have any earlier suggestions/);
    expect(replies[0]?.suggestedActions?.actions.length).toBeGreaterThan(0);
    expect(await convo.openDialogs()).toBe(0);
  });

  it('a word such as "stop" inside an answer is not a cancel', async () => {
    const convo = await atPrompt('description');
    const replies = await convo.say("my bum hurts when I sit and it won't stop");
    expect(visibleText(replies)).toMatch(/Do you have any of these/);
  });
});
