import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/nlp';
import { Conversation, cards, submitActions, visibleText } from './harness';

/**
 * The contraindication screen answered in words that name one item ("I'm on aspirin daily"): another item
 * could change the advice completely (a clot: no massage at all), so the bot asks once about the others
 * before the plan. Through the real analyzer and the real knowledge.
 */
const analyzer = createAnalyzer();
const talk = () => new Conversation(analyzer, { emergencyNumber: '999', emergencyServiceName: 'A&E', bookingUrl: 'https://example.com/book' });
const TO_SCREEN = ['My buttock aches when I sit in the car', 'None of these', 'No, it stays above'];
const OTHERS = /Do any of the others apply/;
const PLAN = /Muscles that may be involved/;

async function atTheScreen(): Promise<Conversation> {
  const convo = talk();
  for (const t of TO_SCREEN) await convo.say(t);
  return convo;
}

/** The titles of the tick list on the last card. */
function tickTitles(replies: Awaited<ReturnType<Conversation['say']>>): string[] {
  const body = (cards(replies).at(-1)?.body ?? []) as Array<{ type: string; choices?: Array<{ title: string }> }>;
  return body.find((e) => e.type === 'Input.ChoiceSet')?.choices?.map((c) => c.title) ?? [];
}

describe('contraindication screen: one item named in words, the others asked once', () => {
  it('one named → asked about the rest (not what was named) → "none of the others" → a plan that leaves out what the first rules out', async () => {
    const convo = await atTheScreen();
    const ask = await convo.say('I take clopidogrel every morning');
    const text = visibleText(ask);
    expect(text).toMatch(OTHERS);
    expect(text).toMatch(/noted: blood thinners/i);
    expect(text).not.toMatch(PLAN);
    const titles = tickTitles(ask);
    expect(titles).not.toContain('Blood thinners or a bleeding problem');
    expect(titles).toEqual(expect.arrayContaining(['Blood clot or a swollen, painful calf', 'Pregnant', 'None of the others', 'Not sure']));

    const plan = visibleText(await convo.say('no, none of the others'));
    expect(plan).toMatch(PLAN);
    expect(plan).toMatch(/Left out for you|left out because of what you told me \(blood thinners/i);
    expect(plan).not.toMatch(OTHERS);
    expect(plan).not.toMatch(/No massage for now/);
  });

  it('one named → the follow-up answered with a blood clot → no massage at all', async () => {
    const convo = await atTheScreen();
    expect(visibleText(await convo.say("yeah I'm on warfarin"))).toMatch(OTHERS);
    const plan = visibleText(await convo.say('there was a clot in my calf a few weeks back'));
    expect(plan).toMatch(/No massage for now|no massage/i);
    expect(plan).not.toMatch(OTHERS);
  });

  it('one named → an item ticked on the follow-up card → the plan at once, with both', async () => {
    const convo = await atTheScreen();
    const ask = await convo.say('I had my hip operated on in the spring');
    expect(visibleText(ask)).toMatch(OTHERS);
    const send = submitActions(cards(ask).at(-1)).at(-1);
    const plan = visibleText(await convo.say({ value: { ...(send?.data ?? {}), contraindications: 'pregnancy' } }));
    expect(plan).toMatch(PLAN);
    expect(plan).toMatch(/pregnan/i);
    expect(plan).not.toMatch(OTHERS);
  });

  it.each([
    ["I'm on apixaban and expecting, nothing else"],
    ['blood thinners and a bit of diabetes numbness in my toes, that is it'],
    ['only the warfarin, just that'],
  ])('"%s": named with "nothing else": the plan at once', async (says) => {
    const convo = await atTheScreen();
    const text = visibleText(await convo.say(says));
    expect(text).toMatch(PLAN);
    expect(text).not.toMatch(OTHERS);
  });

  it('the card tick list (the whole list seen and ticked) is complete: the plan at once', async () => {
    const convo = await atTheScreen();
    const which = await convo.say('Yes, one or more');
    expect(visibleText(which)).toMatch(/Which ones\?/);
    const send = submitActions(cards(which).at(-1)).at(-1);
    const text = visibleText(await convo.say({ value: { ...(send?.data ?? {}), contraindications: 'blood-thinners' } }));
    expect(text).toMatch(PLAN);
    expect(text).not.toMatch(OTHERS);
  });

  it('what is already known is not asked again: items said earlier are left out of the follow-up', async () => {
    const convo = talk();
    await convo.say("My buttock aches when I sit in the car, and I'm 20 weeks pregnant");
    await convo.say('None of these');
    const screen = visibleText(await convo.say('No, it stays above'));
    expect(screen).toMatch(/You've told me about: pregnant/);
    const ask = await convo.say("I'm on aspirin for my heart");
    expect(visibleText(ask)).toMatch(OTHERS);
    const titles = tickTitles(ask);
    expect(titles).not.toContain('Pregnant');
    expect(titles).not.toContain('Blood thinners or a bleeding problem');
    expect(titles).toContain('Blood clot or a swollen, painful calf');
  });

  it.each([['forget it, cancel'], ['help'], ['please forget me']])('"%s" at the follow-up wins over the answer', async (says) => {
    const convo = await atTheScreen();
    expect(visibleText(await convo.say('I had a hip replacement last month'))).toMatch(OTHERS);
    const text = visibleText(await convo.say(says));
    expect(text).not.toMatch(PLAN);
    if (says === 'help') expect(text).toMatch(OTHERS); // help, then the same question again
    else expect(text).not.toMatch(OTHERS);
  });

  it.each<[string, RegExp, RegExp]>([
    ['1', /No massage for now/, /weren't sure/],
    ['7', /Muscles that may be involved/, /No massage for now|weren't sure/],
    ['8', /weren't sure about some of the health questions/, /No massage for now/],
  ])('where the list shows as text, a number picks from the follow-up\'s list: "%s"', async (says, shows, hides) => {
    const convo = await atTheScreen();
    const ask = visibleText(await convo.say("I'm on blood thinners"));
    expect(ask).toMatch(/1\. Blood clot or a swollen, painful calf/);
    expect(ask).toMatch(/7\. None of the others\\n8\. Not sure/);
    const text = visibleText(await convo.say(says));
    expect(text).toMatch(shows);
    expect(text).not.toMatch(hides);
    expect(text).not.toMatch(/Which ones\?|Do any of/);
  });

  it('"not sure" at the follow-up: gentle options only, no third question', async () => {
    const convo = await atTheScreen();
    await convo.say("I'm on blood thinners");
    const text = visibleText(await convo.say('hmm not sure'));
    expect(text).toMatch(PLAN);
    expect(text).toMatch(/weren't sure about some of the health questions/);
    expect(text).not.toMatch(/Which ones\?|Do any of/);
  });
});
