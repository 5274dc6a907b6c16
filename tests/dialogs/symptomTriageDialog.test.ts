import { describe, expect, it } from 'vitest';
import { LAST_ASSESSMENT_PROPERTY } from '../../src/dialogs/state';
import { Conversation, cards, submitActions, suggestions, visibleText } from './harness';
import { fakeAnalyzer } from './fakeAnalyzer';

type Step = [userSays: string, botAnswers: RegExp[]];

async function play(convo: Conversation, steps: readonly Step[]) {
  let replies = await convo.say(steps[0]![0]);
  for (const [i, [, expected]] of steps.entries()) {
    if (i > 0) replies = await convo.say(steps[i]![0]);
    const text = visibleText(replies);
    for (const re of expected) expect(text, `after "${steps[i]![0]}"`).toMatch(re);
  }
  return replies;
}

const names = (convo: Conversation, ids: readonly string[]) => ids.map((id) => convo.knowledge.technique(id as never).name);

describe('SymptomTriageDialog: happy path', () => {
  const steps: Step[] = [
    ['I have sciatica', [/where does it hurt, and what makes it worse/i]],
    ['my bum hurts when I sit in the car', [/Before I suggest anything/, /None of these/]],
    ['none of these', [/spread below the knee/]],
    ['No, it stays above', [/Do any of these apply/, /Blood thinners/]],
    ['None of these', [/What may help/, /Piriformis/, /you said “sit”/, /Trigger point therapy/, /not a diagnosis/, /not a cure/]],
  ];

  it('asks only what the text left open, then recommends muscles and techniques in the person’s words', async () => {
    const convo = new Conversation(fakeAnalyzer(), { bookingUrl: 'https://example.com/book' });
    const replies = await play(convo, steps);
    // Recommendation card, then next steps (three suggested actions).
    expect(replies).toHaveLength(2);
    const [card] = cards(replies);
    expect(card).toBeDefined();
    expect(JSON.stringify(card)).toContain('Book with a therapist');
    expect(suggestions(replies)).toEqual(['Stretches for Piriformis', 'About Trigger point therapy', 'Check another pain']);
    expect(await convo.openDialogs()).toBe(0);
    const stored = JSON.stringify(await convo.stored());
    expect(stored).toContain(LAST_ASSESSMENT_PROPERTY);
    expect(stored).toContain('piriformis');
  });

  it('two people with the same answers share the plan but each sees their own words and keeps their own record', async () => {
    const analyzer = fakeAnalyzer(); // one bot: the plan for these answers is worked out once and shared
    const run = async (first: string) => {
      const convo = new Conversation(analyzer);
      const replies = await play(convo, [[first, []], ...steps.slice(2)]);
      const user = JSON.parse(await convo.userJson()) as Record<string, { date: string; summary: string; muscles: string[] }>;
      return { card: JSON.stringify(cards(replies)), suggested: suggestions(replies), saved: user[LAST_ASSESSMENT_PROPERTY] };
    };
    const a = await run('my bum hurts when I sit');
    const b = await run('my butt hurts when I sit');
    expect(a.card).toContain('“bum”');
    expect(a.card).not.toContain('“butt”');
    expect(b.card).toContain('“butt”');
    expect(b.card).not.toContain('“bum”');
    expect(b.suggested).toEqual(a.suggested);
    expect(b.saved).toEqual(a.saved && { ...a.saved, date: b.saved?.date });
  });

  it('without a booking URL there is no booking button', async () => {
    const convo = new Conversation(fakeAnalyzer());
    const replies = await play(convo, steps);
    expect(JSON.stringify(cards(replies))).not.toContain('Book with a therapist');
  });

  it('skips every intake question the first message already answers', async () => {
    const convo = new Conversation(fakeAnalyzer());
    await play(convo, [
      ['my bum hurts when I sit and it does not go below my knee', [/Before I suggest anything/]],
      ['no', [/Do any of these apply/]],
    ]);
  });

  it('asks where it hurts when the text does not say, and accepts a tapped choice', async () => {
    const convo = new Conversation(fakeAnalyzer());
    await play(convo, [
      ['my leg hurts when I walk', [/Before I suggest anything/]],
      ['nope', [/Where does it hurt most\?/]],
      ['Back of thigh', [/spread below the knee/]],
      ['Yes, just pain', [/Do any of these apply/]],
      ['none of these', [/Hamstrings/]],
    ]);
  });

  it('the buttons on the card and the suggested actions lead somewhere', async () => {
    const convo = new Conversation(fakeAnalyzer());
    const replies = await play(convo, steps);
    const more = submitActions(cards(replies)[0]);
    expect(more.length).toBeGreaterThan(0);
    expect(visibleText(await convo.say({ value: more[0]!.data }))).toMatch(/Stretches for the glutes/i);
    expect(visibleText(await convo.say('Stretches for Piriformis'))).toMatch(/figure-four/i);
    expect(visibleText(await convo.say('About Trigger point therapy'))).toMatch(/What it is/);
    expect(visibleText(await convo.say('Check another pain'))).toMatch(/where does it hurt/i);
  });
});

describe('SymptomTriageDialog: red-flag question', () => {
  it.each([
    ['Yes, one of these', "I can't pee", /go to A&E or call 999/],
    ['yes', '2', /go to A&E or call 999/],
    ['Not sure', 'A history of cancer, with new back pain.', /doctor or urgent care today/],
    ['yes', 'Not sure', /safest to speak to a doctor/],
  ])('"%s", then "%s" → advice and end', async (first, which, advice) => {
    const convo = new Conversation(fakeAnalyzer());
    await play(convo, [['my bum hurts when I sit', [/Do you have any of these/]], [first, [/Which one fits best\?/]]]);
    const text = visibleText(await convo.say(which));
    expect(text).toMatch(advice);
    expect(text).toContain('999');
    expect(text).not.toMatch(/Trigger point|Deep tissue|Cupping/i);
    expect(await convo.openDialogs()).toBe(0);
  });

  it('"None of them" after "not sure" carries on with the intake', async () => {
    const convo = new Conversation(fakeAnalyzer());
    await play(convo, [
      ['my bum hurts when I sit', [/Do you have any of these/]],
      ['not sure', [/Which one fits best\?/]],
      ['None of them', [/spread below the knee/]],
    ]);
  });

  it.each([
    ['the "which one" red-flag card', ['my bum hurts when I sit', 'yes']],
    ['the "which ones" contraindication card', ['my bum hurts when I sit', 'none of these', 'No, it stays above', 'yes']],
    ['the "where does it hurt" card', ['my leg hurts when I walk', 'none of these']],
  ])('%s asks its question once: in the card, with the question as the summary, not again above it', async (_label, path) => {
    const convo = new Conversation(fakeAnalyzer());
    let replies = await convo.say(path[0]!);
    for (const t of path.slice(1)) replies = await convo.say(t);
    const asked = replies.at(-1)!;
    const card = asked.attachments?.[0]?.content as { body: Array<{ text?: string }> };
    expect(asked.text).toBeUndefined();
    expect(asked.summary).toBe(card.body[0]?.text);
  });

  it('a tick on the "which one" card arrives as its typed value (the flag\'s ID) and is acted on', async () => {
    const convo = new Conversation(fakeAnalyzer());
    const replies = await play(convo, [['my bum hurts when I sit', [/Do you have any of these/]], ['yes', [/Which one fits best\?/]]]);
    const [send] = submitActions(cards(replies)[0]);
    expect(send?.data).toMatchObject({ action: 'red-flags', text: 'Not sure' });
    const text = visibleText(await convo.say({ value: { ...send!.data, redFlags: 'weight-loss' } }));
    expect(text).toMatch(/doctor or urgent care today/);
  });
});

describe('SymptomTriageDialog: invalid answers are asked again with the choices', () => {
  it.each([
    [['my bum hurts when I sit'], /Please answer "None of these"/],
    [['my leg hurts when I walk', 'none of these'], /Sorry, I didn't catch that\. Where does it hurt most/],
    [['my bum hurts when I sit', 'none of these'], /Sorry, I didn't catch that\. Does it spread/],
    [['my bum hurts', 'none of these', 'No, it stays above'], /Sorry, I didn't catch that\. What makes it worse/],
    [['my bum hurts when I sit', 'none of these', 'No, it stays above'], /Please answer "None of these", "Yes, one or more"/],
    [['my bum hurts when I sit', 'yes'], /Please pick one from the list/],
  ])('after %j, "purple banana" → %s', async (path, retry) => {
    const convo = new Conversation(fakeAnalyzer());
    for (const t of path) await convo.say(t);
    const replies = await convo.say('purple banana');
    expect(visibleText(replies)).toMatch(retry);
    const last = replies.at(-1)!;
    expect((last.suggestedActions?.actions.length ?? 0) + (last.attachments?.length ?? 0)).toBeGreaterThan(0);
    expect(await convo.openDialogs()).toBeGreaterThan(0);
  });

  it.each(['is cupping safe if I am on blood thinners?', 'does massage help?', 'I have pain in my bum only'])(
    'at "does it spread below the knee?", %j only starts like a yes: it is asked again, and no spread is recorded',
    async (says) => {
      const convo = new Conversation(fakeAnalyzer());
      for (const t of ['my bum hurts when I sit', 'none of these']) await convo.say(t);
      // Asked again: with "Sorry, I didn't catch that", after "Thanks, noted: …" when the message told us something,
      // or after "Sorry, I can't answer that one here" for a question it has no answer for there.
      const text = visibleText(await convo.say(says));
      expect(text).toMatch(/(Sorry, I didn't catch that\. |Thanks, noted: [^\n]+\n|Sorry, I can't answer that one here\. Back to my question:\n)Does it spread/);
      expect(text).not.toMatch(/What makes it worse|Do any of these apply/);
      expect(JSON.stringify(await convo.stored())).not.toMatch(/below the knee|calf|foot/i);
    },
  );

  it('never loops for ever: after three unclear answers to an intake question it moves on', async () => {
    const convo = new Conversation(fakeAnalyzer());
    for (const t of ['my bum hurts when I sit', 'none of these', 'purple', 'purple']) await convo.say(t);
    expect(visibleText(await convo.say('purple'))).toMatch(/Do any of these apply/);
  });

  it('three unclear answers to the red-flag question are read as "not sure" (safe side)', async () => {
    const convo = new Conversation(fakeAnalyzer());
    for (const t of ['my bum hurts when I sit', 'yes', 'purple', 'purple']) await convo.say(t);
    expect(visibleText(await convo.say('purple'))).toMatch(/safest to speak to a doctor/);
    expect(await convo.openDialogs()).toBe(0);
  });
});

describe('SymptomTriageDialog: contraindications change the recommendation', () => {
  const toContra = ['my bum hurts when I sit', 'none of these', 'No, it stays above'];
  const recommend = async (answers: Array<string | { value: Record<string, unknown> }>) => {
    const convo = new Conversation(fakeAnalyzer());
    for (const t of toContra) await convo.say(t);
    let replies = await convo.say(answers[0]!);
    for (const a of answers.slice(1)) replies = await convo.say(a);
    return { convo, replies, card: JSON.stringify(cards(replies)[0]?.body ?? []) };
  };

  it.each([
    [['Yes, one or more', 'Blood thinners or a bleeding problem']],
    [['yes', { value: { text: 'Blood thinners or a bleeding problem,Pregnant' } }]],
    [['I take warfarin', 'none of the others']],
  ])('blood thinners (%j): no deep tissue, trigger point or cupping; clinician; gentle only if they agree', async (answers) => {
    const { convo, card } = await recommend(answers);
    const techniques = card.split('Left out for you')[0]!;
    for (const n of names(convo, ['deep-tissue', 'trigger-point', 'cupping', 'neuromuscular'])) {
      expect(techniques).not.toContain(n);
      expect(card).toContain(n); // named under "Left out for you"
    }
    expect(card).toMatch(/only if your clinician agrees/);
    expect(card).toMatch(/check with your clinician/i);
    expect(card).toContain('Swedish massage');
  });

  it('a blood clot: no massage at all', async () => {
    const { convo, card, replies } = await recommend(['yes', 'Blood clot or a swollen, painful calf']);
    expect(card).toMatch(/No massage for now/);
    const before = card.split('Left out for you')[0]!;
    for (const t of convo.knowledge.techniques) expect(before).not.toContain(`**${t.name}**`);
    expect(visibleText(replies)).not.toMatch(/Stretches for/);
  });

  it('"not pregnant" is not a yes', async () => {
    const { card } = await recommend(["no, I'm not pregnant"]);
    expect(card).toContain('Trigger point therapy');
    expect(card).not.toMatch(/Left out for you/);
  });

  it('"not sure" leaves out firm pressure and cupping and says to check first', async () => {
    const { card } = await recommend(['Not sure', 'Not sure']);
    expect(card).toMatch(/weren't sure/);
    expect(card.split('Left out for you')[0]).not.toContain('Deep tissue massage');
  });
});

describe('SymptomTriageDialog: nerve-root picture', () => {
  it('below the knee with pins and needles → see a clinician, gentle massage only', async () => {
    const convo = new Conversation(fakeAnalyzer());
    const replies = await play(convo, [
      ['my bum hurts when I sit', [/Do you have any of these/]],
      ['none of these', [/spread below the knee/]],
      ['Yes, with numbness or tingling', [/Do any of these apply/]],
      ['none of these', [/nerve root/, /see a clinician/i, /gentle massage only/]],
    ]);
    const card = JSON.stringify(cards(replies)[0]?.body ?? []);
    const shown = card.split('Left out for you')[0]!;
    for (const n of names(convo, ['deep-tissue', 'trigger-point', 'neuromuscular', 'cupping'])) expect(shown).not.toContain(n);
    expect(shown).toContain('only if your clinician agrees');
  });

  it('worse on coughing counts too', async () => {
    const convo = new Conversation(fakeAnalyzer());
    const replies = await play(convo, [
      ['my bum hurts when I sit and when I cough', [/Do you have any of these/]],
      ['no', [/spread below the knee/]],
      ['No, it stays above', [/Do any of these apply/]],
      ['no', [/gentle massage only/]],
    ]);
    expect(JSON.stringify(cards(replies)[0]?.body ?? []).split('Left out for you')[0]).not.toContain('Deep tissue massage');
  });
});

describe('SymptomTriageDialog: what the person typed is escaped', () => {
  it('markdown and HTML in the description arrive as literal text in the card and the fallback', async () => {
    const analyzer = fakeAnalyzer();
    const wrapped = {
      analyze(text: string) {
        const a = analyzer.analyze(text);
        // Make the matcher quote the hostile part back, as it would quote any phrase.
        return { ...a, muscles: a.muscles.map((m) => ({ ...m, evidence: ['<img src=x onerror=alert(1)> *sit* [link](http://x) _u_ `c` #h'] })) };
      },
    };
    const convo = new Conversation(wrapped);
    for (const t of ['my bum hurts when I sit', 'none of these', 'No, it stays above']) await convo.say(t);
    const replies = await convo.say('none of these');
    const all = JSON.stringify(replies);
    expect(all).not.toContain('<img');
    expect(all).not.toContain('*sit*');
    expect(all).not.toContain('[link](');
    expect(all).toContain('&lt;img');
    expect(all).toContain('\\\\*sit\\\\*');
  });
});

describe('SymptomTriageDialog: what the conversation state keeps', () => {
  /** Bound on the stored conversation state at any point of the triage. */
  // The case is kept as one JSON string (see turn.ts caseIn): its quotes are escaped, hence 1.75 KB.
  const MAX_STATE_BYTES = 1792;
  // Words only the person typed: they must never be stored (the evidence quotes are the matcher's short phrases).
  const marker = 'zebraquokka';
  const steps = [
    `I have sciatica ${marker}`,
    `my bum hurts when I sit in the car, ${marker} ${'and it goes on and on '.repeat(40)}`,
    `none of these ${marker}`,
    `no ${marker}`,
    `nope ${marker}`,
    `none of these ${marker}`,
  ];

  it('stays small after every step, and holds no message text beyond capped quotes', async () => {
    const convo = new Conversation(fakeAnalyzer());
    for (const says of steps) {
      await convo.say(says);
      const json = await convo.conversationJson();
      expect(Buffer.byteLength(json), `after "${says.slice(0, 40)}"`).toBeLessThan(MAX_STATE_BYTES);
      expect(json).not.toContain(marker);
      expect(json).not.toContain('and it goes on');
      expect(json).not.toMatch(/"(type|text|attachments|suggestedActions)":/);
    }
  });

  it('long typed quotes are capped in length and number', async () => {
    const analyzer = fakeAnalyzer();
    const quoting = {
      analyze(text: string) {
        const a = analyzer.analyze(text);
        return { ...a, muscles: a.muscles.map((m) => ({ ...m, evidence: [text, `${text}!`, `${text}?`, `${text}.`] })) };
      },
    };
    const convo = new Conversation(quoting);
    await convo.say(`my bum hurts when I sit ${'x'.repeat(5000)}`);
    const json = await convo.conversationJson();
    expect(Buffer.byteLength(json)).toBeLessThan(MAX_STATE_BYTES);
    const stored = (await convo.storedCase()) as { symptoms: { muscles: Array<{ evidence: string[] }> } };
    const quotes = stored.symptoms.muscles.map((m) => m.evidence);
    expect(quotes.length).toBeGreaterThan(0);
    for (const q of quotes) {
      expect(q.length).toBeLessThanOrEqual(3);
      for (const phrase of q) expect(phrase.length).toBeLessThanOrEqual(80);
    }
  });

  it('the saved LastAssessment holds IDs, a date and our own summary: no words the person typed', async () => {
    const convo = new Conversation(fakeAnalyzer());
    for (const says of steps.slice(1)) await convo.say(says);
    const user = JSON.parse(await convo.userJson()) as Record<string, unknown>;
    const last = user[LAST_ASSESSMENT_PROPERTY] as Record<string, unknown>;
    expect(Object.keys(last).sort()).toEqual(['date', 'excluded', 'muscles', 'summary', 'techniques']);
    expect(new Date(String(last.date)).getTime()).not.toBeNaN();
    for (const list of [last.muscles, last.techniques, last.excluded]) {
      expect(Array.isArray(list)).toBe(true);
      for (const id of list as string[]) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
    }
    expect(last.muscles).toContain('piriformis');
    const json = JSON.stringify(last);
    for (const typed of [marker, 'car', 'sciatica', 'bum', 'goes on']) expect(json).not.toContain(typed);
  });
});

describe('SymptomTriageDialog: plain yes and no at every yes/no question', () => {
  const NO = ['no', 'No.', 'nope', 'nah', 'No, it doesn’t', 'not really'];
  const YES = ['yes', 'Yes!', 'yeah', 'yep', 'yup', 'Yes it does'];

  it.each(NO)('"Does it spread below the knee?" → "%s" is read as no', async (says) => {
    const convo = new Conversation(fakeAnalyzer());
    await play(convo, [
      ['my bum hurts when I sit', [/Do you have any of these/]],
      ['none of these', [/spread below the knee/]],
    ]);
    const text = visibleText(await convo.say(says));
    expect(text).not.toMatch(/didn't catch/);
    expect(text).toMatch(/Do any of these apply/);
    // "No" means it stays above the knee: no nerve-root caution in the recommendation.
    expect(JSON.stringify(cards(await convo.say('none of these'))[0]?.body ?? [])).not.toMatch(/nerve root/);
  });

  it.each(YES)('"Does it spread below the knee?" → "%s" is read as yes', async (says) => {
    const convo = new Conversation(fakeAnalyzer());
    await play(convo, [
      ['my bum hurts when I sit', [/Do you have any of these/]],
      ['none of these', [/spread below the knee/]],
    ]);
    const text = visibleText(await convo.say(says));
    expect(text).not.toMatch(/didn't catch/);
    expect(text).toMatch(/Do any of these apply/);
  });

  it('"yes" to the spread question counts as below the knee (with pins and needles it is a nerve-root picture)', async () => {
    const convo = new Conversation(fakeAnalyzer());
    for (const t of ['my bum hurts when I sit and I have pins and needles', 'none of these', 'yes']) await convo.say(t);
    expect(JSON.stringify(cards(await convo.say('none of these'))[0]?.body ?? [])).toMatch(/nerve root/);
  });

  it.each(NO)('"Do you have any of these?" (red flags) → "%s" carries on', async (says) => {
    const convo = new Conversation(fakeAnalyzer());
    await convo.say('my bum hurts when I sit');
    expect(visibleText(await convo.say(says))).toMatch(/spread below the knee/);
  });

  it.each(YES)('"Do you have any of these?" (red flags) → "%s" asks which one', async (says) => {
    const convo = new Conversation(fakeAnalyzer());
    await convo.say('my bum hurts when I sit');
    expect(visibleText(await convo.say(says))).toMatch(/Which one fits best\?/);
  });

  it.each(NO)('"Which one?" (red flags) → "%s" carries on', async (says) => {
    const convo = new Conversation(fakeAnalyzer());
    for (const t of ['my bum hurts when I sit', 'not sure']) await convo.say(t);
    expect(visibleText(await convo.say(says))).toMatch(/spread below the knee/);
  });

  it.each(NO)('"Do any of these apply to you?" (contraindications) → "%s" recommends', async (says) => {
    const convo = new Conversation(fakeAnalyzer());
    for (const t of ['my bum hurts when I sit', 'none of these', 'No, it stays above']) await convo.say(t);
    const replies = await convo.say(says);
    expect(visibleText(replies)).toMatch(/Muscles that may be involved/);
    expect(JSON.stringify(cards(replies)[0]?.body ?? [])).not.toMatch(/Left out for you/);
  });

  it.each(YES)('"Do any of these apply to you?" (contraindications) → "%s" asks which ones', async (says) => {
    const convo = new Conversation(fakeAnalyzer());
    for (const t of ['my bum hurts when I sit', 'none of these', 'No, it stays above']) await convo.say(t);
    expect(visibleText(await convo.say(says))).toMatch(/Which ones\?/);
  });
});

describe('SymptomTriageDialog: the recommendation reads as one message', () => {
  it('a short lead, then the card: the disclaimer appears once, the framing once', async () => {
    const convo = new Conversation(fakeAnalyzer());
    for (const t of ['my bum hurts when I sit', 'none of these', 'No, it stays above']) await convo.say(t);
    const [recommendation, next] = await convo.say('none of these');
    const lead = recommendation!.text ?? '';
    expect(lead.length).toBeLessThan(120);
    expect(lead).not.toMatch(/diagnosis|clinician|cure/i);
    const card = cards([recommendation!])[0]!;
    const shown = JSON.stringify(card.body);
    const { disclaimer, evidence } = convo.knowledge.framing;
    expect(shown.split(disclaimer).length - 1).toBe(1);
    expect(shown.split(evidence).length - 1).toBe(1);
    expect(next?.text).not.toContain(disclaimer);
  });
});
