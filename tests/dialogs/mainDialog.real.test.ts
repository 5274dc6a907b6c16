import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/nlp';
import { WELCOME_SUGGESTIONS, welcomeActivity } from '../../src/dialogs/cards/welcome';
import { loadKnowledge } from '../../src/knowledge';
import { Conversation, cards, suggestions, visibleText } from './harness';

/**
 * The dialogs with the real matcher and the real knowledge: what a person meets. Every reply is also
 * checked against the channel rules by the harness (suggested actions, card version, size, submits).
 */
const analyzer = createAnalyzer();
const talk = () => new Conversation(analyzer, { emergencyNumber: '999', emergencyServiceName: 'A&E', bookingUrl: 'https://example.com/book' });

const RED_FLAGS: Array<[string, string, 'emergency' | 'urgent']> = [
  ['bilateral', 'the pain is now going down both legs', 'emergency'],
  ['leg-weakness', 'my foot has started dragging and my leg gives way', 'emergency'],
  ['saddle-numbness', 'I am numb around my back passage', 'emergency'],
  ['bladder-bowel', "I can't control my bladder any more", 'emergency'],
  ['fever', 'I have a fever and the chills', 'urgent'],
  ['trauma', 'it started after I fell down the stairs', 'urgent'],
  ['cancer', 'I was treated for breast cancer last year', 'urgent'],
  ['weight-loss', "I've lost a lot of weight without trying", 'urgent'],
];

describe('real matcher + knowledge: the whole triage', () => {
  it('symptom → red-flag question → none → open intake → contraindications none → recommendation → next steps', async () => {
    const convo = talk();
    const steps: Array<[string, RegExp[]]> = [
      ['My buttock hurts when I sit at my desk', [/Before I suggest anything/]],
      ['None of these', [/spread below the knee/]],
      ['No, it stays above', [/Do any of these apply/]],
      ['None of these', [/Muscles that may be involved/, /Piriformis/, /you said “[^”]*(buttock|sit)[^”]*”/i, /Massage techniques that target them/, /not a diagnosis/]],
    ];
    let replies = await convo.say(steps[0]![0]);
    for (const [i, [says, expected]] of steps.entries()) {
      if (i > 0) replies = await convo.say(says);
      for (const re of expected) expect(visibleText(replies), `after "${says}"`).toMatch(re);
    }
    expect(cards(replies)).toHaveLength(1);
    expect(suggestions(replies)).toHaveLength(3);
    expect(JSON.stringify(cards(replies))).toContain('Book with a therapist');
    expect(visibleText(await convo.say('what did you suggest last time?'))).toMatch(/Piriformis/);
  });

  it('plain "no" and "yes" answer "does it spread below the knee?"', async () => {
    for (const [says, next] of [['no', /Do any of these apply/], ['nope', /Do any of these apply/], ['nah', /Do any of these apply/], ['yes', /Do any of these apply/], ['yeah', /Do any of these apply/]] as const) {
      const convo = talk();
      await convo.say('My buttock hurts when I sit');
      expect(visibleText(await convo.say('none of these'))).toMatch(/spread below the knee/);
      const text = visibleText(await convo.say(says));
      expect(text, says).not.toMatch(/didn't catch/);
      expect(text, says).toMatch(next);
    }
  });

  it('the conversation state stays under 1.75 KB at every step, even after a long, rich description (the case is escaped JSON)', async () => {
    const convo = talk();
    const long = 'My buttock and the back of my thigh hurt when I sit or drive, my lower back aches on one side at the belt line when I bend sideways, the front of my hip is tight after sitting at my desk, the side of my hip hurts when I lie on it';
    for (const says of [long, 'None of these', 'No, it stays above', 'None of these']) {
      await convo.say(says);
      const json = await convo.conversationJson();
      expect(Buffer.byteLength(json), `after "${says.slice(0, 30)}"`).toBeLessThan(1792);
      expect(json).not.toContain('at the belt line when I bend');
    }
  });

  it('a first message without a description asks for one', async () => {
    const convo = talk();
    expect(visibleText(await convo.say('I have sciatica'))).toMatch(/where does it hurt, and what makes it worse/i);
    expect(visibleText(await convo.say('my lower back on one side, worse when I bend sideways'))).toMatch(/Before I suggest anything/);
  });

  it('every intake button is understood', async () => {
    const convo = talk();
    await convo.say('I have sciatica');
    await convo.say('it just hurts'); // nothing to go on: every intake question gets asked
    expect(visibleText(await convo.say('no'))).toMatch(/Where does it hurt most/);
    expect(visibleText(await convo.say('Back of thigh'))).toMatch(/spread below the knee/);
    expect(visibleText(await convo.say('Yes, just pain'))).toMatch(/What makes it worse/);
    expect(visibleText(await convo.say('Bending or lifting'))).toMatch(/Do any of these apply/);
    expect(visibleText(await convo.say('none'))).toMatch(/Hamstrings/);
  });

  it('nerve-root picture: see a clinician, gentle massage only', async () => {
    const convo = talk();
    await convo.say('My buttock hurts when I sit');
    await convo.say('no');
    await convo.say('Yes, with numbness or tingling');
    const replies = await convo.say('no');
    const card = JSON.stringify(cards(replies)[0]?.body ?? []);
    expect(card).toMatch(/nerve root/);
    expect(card.split('Left out for you')[0]).not.toMatch(/Deep tissue massage|Trigger point therapy|Cupping therapy/);
  });

  it('blood thinners typed in words leave out deep work and cupping', async () => {
    const convo = talk();
    for (const t of ['My buttock hurts when I sit', 'none', 'No, it stays above']) await convo.say(t);
    expect(visibleText(await convo.say('I take apixaban'))).toMatch(/Do any of the others apply/);
    const card = JSON.stringify(cards(await convo.say('none of the others'))[0]?.body ?? []);
    expect(card.split('Left out for you')[0]).not.toMatch(/Deep tissue massage|Trigger point therapy|Cupping therapy/);
    expect(card).toMatch(/clinician agrees/);
  });

  it('what a screening answer adds about the pain reaches the recommendation, once', async () => {
    const convo = talk();
    for (const t of ['My buttock hurts when I sit', 'none', 'No, it stays above']) await convo.say(t);
    await convo.say('I take apixaban, and the back of my thigh is tight when I bend forward');
    const card = JSON.stringify(cards(await convo.say('nothing else'))[0]?.body ?? []);
    expect(card).toMatch(/Hamstrings/);
    expect(card.split('Left out for you')[0]).not.toMatch(/Deep tissue massage|Trigger point therapy|Cupping therapy/);
    expect(card.match(/back of my thigh/g) ?? []).toHaveLength(1);
  });
});

describe('real matcher: red flags at any point', () => {
  const points: Array<[string, string[]]> = [
    ['first message', []],
    ['red-flag question', ['My buttock hurts when I sit']],
    ['spread question', ['My buttock hurts when I sit', 'none of these']],
    ['contraindication question', ['My buttock hurts when I sit', 'none of these', 'No, it stays above']],
  ];
  it.each(RED_FLAGS.flatMap(([id, phrase, level]) => points.map(([where, path]) => [id, where, phrase, level, path] as const)))(
    '%s at the %s ("%s")',
    async (_id, _where, phrase, level, path) => {
      const convo = talk();
      for (const t of path) await convo.say(t);
      const text = visibleText(await convo.say(phrase));
      expect(text).toContain('999');
      expect(text).toMatch(level === 'emergency' ? /go to A&E or call 999/ : /doctor or urgent care today/);
      expect(text).not.toMatch(/Trigger point|Deep tissue|Cupping|Swedish|Myofascial|Neuromuscular/i);
      expect(await convo.openDialogs()).toBe(0);
    },
  );

  it('ticking a contraindication that is also a red flag (cancer before) gives the red-flag advice', async () => {
    const convo = talk();
    for (const t of ['My buttock hurts when I sit', 'none of these', 'No, it stays above', 'yes']) await convo.say(t);
    const text = visibleText(await convo.say({ value: { text: 'Cancer, now or before' } }));
    expect(text).toMatch(/doctor or urgent care today/);
    expect(await convo.openDialogs()).toBe(0);
  });

  it('negated mentions are not red flags', async () => {
    const convo = talk();
    await convo.say('My buttock hurts when I sit');
    expect(visibleText(await convo.say("no, I haven't fallen and my bladder is fine"))).toMatch(/spread below the knee/);
  });
});

describe('real matcher: routing', () => {
  it.each([
    ['My buttock hurts when I sit', /Before I suggest anything/],
    ['hello', /Hello!/],
    ['thanks', /You're welcome/],
    ['tell me about the piriformis', /Where it is/],
    ['What is trigger point therapy?', /What it is/],
    ['what should I do after a massage?', /Warm up with heat/],
    ['Which muscles can cause sciatica?', /Which muscle would you like/],
    ['forget me', /deleted everything/],
  ])('"%s"', async (says, answer) => {
    expect(visibleText(await talk().say(says))).toMatch(answer);
  });
});

describe('real matcher: examples and our own titles tapped', () => {
  it('the welcome\'s examples, once shown, are read in full like typed text', async () => {
    welcomeActivity(loadKnowledge());
    expect(visibleText(await talk().say(WELCOME_SUGGESTIONS[0]))).toMatch(/Before I suggest anything/);
    expect(visibleText(await talk().say(WELCOME_SUGGESTIONS[2]))).toMatch(/What it is/);
    expect(visibleText(await talk().say(WELCOME_SUGGESTIONS[2]))).not.toMatch(/These massage techniques are used/);
  });

  it('a muscle or technique button of an earlier list, tapped with nothing open, shows that one', async () => {
    expect(visibleText(await talk().say('Hip flexors'))).toMatch(/Here's what I know about the hip flexors/);
    expect(visibleText(await talk().say('Cupping'))).toMatch(/Here's what I know about cupping therapy/);
  });
});

describe('real matcher: Teams commands and clarifying questions', () => {
  // Teams sends a command's title as the message text: every command in the manifest must lead somewhere.
  const manifest = JSON.parse(readFileSync(join(__dirname, '../../deploy/teams/manifest.template.json'), 'utf8')) as {
    bots: Array<{ commandLists: Array<{ commands: Array<{ title: string }> }> }>;
  };
  const commands = manifest.bots.flatMap((b) => b.commandLists.flatMap((l) => l.commands.map((c) => c.title)));
  const expected: Record<string, RegExp> = {
    help: /I can help with/,
    'check my symptoms': /where does it hurt, and what makes it worse/i,
    aftercare: /before|after/i,
    'forget me': /deleted everything/,
  };

  it('the manifest lists exactly the commands the bot answers', () => {
    expect([...commands].sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))('the Teams command "%s" gets its answer, not a question back', async (command, answer) => {
    const text = visibleText(await talk().say(command));
    expect(text).toMatch(answer);
    expect(text).not.toMatch(/not sure I understood|I can only help with/);
  });

  it.each([
    ["it's nothing serious, just give me a couple of stretches", /stretch/i],
    ['forget all that, just tell me what to do for it', /where does it hurt/i],
  ])('a request that waves the rest away is answered, not met with a clarifying question: "%s"', async (says, answer) => {
    const text = visibleText(await talk().say(says));
    expect(text).toMatch(answer);
    expect(text).not.toMatch(/not sure I understood|I can only help with/);
  });

  it('a clear request typed at the clarifying question is answered, not refused', async () => {
    const convo = talk();
    expect(visibleText(await convo.say('sciatica massage'))).toMatch(/not sure I understood/);
    const text = visibleText(await convo.say('what is the piriformis'));
    expect(text).toMatch(/piriformis/i);
    expect(text).not.toMatch(/Please pick one of these/);
  });
});

describe('real matcher + knowledge: a side question in the middle of the triage', () => {
  const toSpread = ['My buttock hurts when I sit at my desk', 'None of these'];

  it.each([
    ['what is cupping?', /Cupping/],
    ['tell me about trigger point therapy', /Trigger point therapy/],
    ['what does the piriformis do?', /Piriformis/],
  ])('"%s" at "does it spread below the knee?": the explainer, then the same question; the triage goes on', async (says, explainer) => {
    const convo = talk();
    for (const t of toSpread) await convo.say(t);
    const replies = await convo.say(says);
    expect(visibleText(replies.slice(0, -1))).toMatch(explainer);
    expect(visibleText(replies.slice(-1))).toMatch(/spread below the knee/);
    expect(visibleText(replies)).not.toMatch(/didn't catch/);
    expect(visibleText(await convo.say('No, it stays above'))).toMatch(/Do any of these apply/);
  });

  it('an answer that names a muscle is still an answer ("where does it hurt most?")', async () => {
    const convo = talk();
    await convo.say('my leg hurts when I walk');
    await convo.say('None of these');
    const replies = await convo.say('in my hamstring');
    expect(cards(replies)).toHaveLength(0); // no explainer card
    expect(visibleText(replies)).toMatch(/spread below the knee|What makes it worse|Do any of these apply/);
    expect(visibleText(replies)).not.toMatch(/didn't catch/);
  });

  it('at the contraindication question, "is cupping safe if I\'m on blood thinners?" is answered first and is the answer too', async () => {
    const convo = talk();
    for (const t of [...toSpread, 'No, it stays above']) await convo.say(t);
    const replies = await convo.say("is cupping safe if I'm on blood thinners?");
    expect(replies[0]?.text).toMatch(/^No, not for you at the moment: you told me about blood thinners/);
    const text = visibleText(replies);
    expect(text).not.toMatch(/Do any of these apply/);
    // It named one item: the others are asked about once, then the plan.
    expect(text).toMatch(/Do any of the others apply/);
    expect(visibleText(await convo.say('none of the others'))).toMatch(/What may help/);
  });
});

describe('real matcher + knowledge: intake asks only what the text left open', () => {
  it('a named muscle ("a tight hamstring") says where it hurts: no "where does it hurt most?"', async () => {
    const convo = talk();
    await convo.say('just a tight hamstring when I bend over');
    const text = visibleText(await convo.say('None of these'));
    expect(text).not.toMatch(/Where does it hurt most/);
    expect(text).toMatch(/spread below the knee/);
  });

  it('without a named muscle or place it still asks where', async () => {
    const convo = talk();
    await convo.say('it hurts when I bend over');
    expect(visibleText(await convo.say('None of these'))).toMatch(/Where does it hurt most/);
  });
});

describe('real matcher + knowledge: contraindications said in passing', () => {
  it('"I\'m pregnant" in the description is kept when the screening answer is "None of these": gentle Swedish only', async () => {
    const convo = talk();
    for (const t of ["I'm 6 months pregnant and my bum hurts when I sit", 'None of these', 'No, it stays above']) await convo.say(t);
    const text = visibleText(await convo.say('None of these'));
    expect(text).toMatch(/Swedish massage/);
    expect(text).toMatch(/left out because of what you told me \(pregnant/i);
    expect(text).not.toMatch(/Massage techniques that target them/);
  });

  it('someone else\'s pregnancy changes nothing', async () => {
    const convo = talk();
    for (const t of ['my wife is pregnant and my bum hurts when I sit', 'None of these', 'No, it stays above']) await convo.say(t);
    const text = visibleText(await convo.say('None of these'));
    expect(text).toMatch(/Massage techniques that target them/);
    expect(text).not.toMatch(/pregnan/i);
  });
});
