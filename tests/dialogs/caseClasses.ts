import { expect } from 'vitest';
import type { Analyzer } from '../../src/nlp/types';
import { Conversation, cards, submitActions, visibleText } from './harness';

/**
 * The conversations of issue 10, one per case class, as transcript tables: each step is what the person
 * says (or a card they submit) and what the bot's replies must and must not show. Run with the fake
 * analyzer (caseClasses.test.ts) and with the real one (caseClasses.real.test.ts).
 */

export type Say = string | { tick: Record<string, string | number> };
export interface Step {
  say: Say;
  shows?: RegExp[];
  hides?: RegExp[];
  /** The first reply's text must start like this (answer first). */
  startsWith?: RegExp;
}

export interface CaseClass {
  name: string;
  steps: Step[];
}

/** Up to the recommendation for buttock pain on sitting, nothing against firm work. */
const TO_PLAN: Step[] = [
  { say: 'my bum hurts when I sit in the car', shows: [/Before I suggest anything/] },
  { say: 'None of these', shows: [/spread below the knee/] },
  { say: 'No, it stays above', shows: [/Do any of these apply/] },
  { say: 'None of these', shows: [/What may help/, /Trigger point therapy/] },
];

/** Up to "Which ones?" at the contraindication screen. */
const TO_WHICH_CONTRA: Step[] = [
  { say: 'my bum hurts when I sit', shows: [/Do you have any of these/] },
  { say: 'None of these', shows: [/spread below the knee/] },
  { say: 'No, it stays above', shows: [/Do any of these apply/] },
  { say: 'Yes, one or more', shows: [/Which ones\?/] },
];

/** A plan for buttock pain with warfarin, then a follow-up question whose answer must come first. */
function followUpAfterPlan(kind: string, question: string, answer: RegExp): CaseClass {
  return {
    name: `${kind} "${question}" is answered from the case, answer first`,
    steps: [
      { say: 'my bum hurts when I sit in the car and I take warfarin', shows: [/Before I suggest anything/] },
      { say: 'None of these', shows: [/spread below the knee/] },
      { say: 'No, it stays above', shows: [/Do any of these apply/] },
      { say: 'None of these', shows: [/What may help/] },
      { say: question, startsWith: answer },
    ],
  };
}

const DEEP_WORK = /Trigger point therapy|Deep tissue massage|Cupping/;

export const CASE_CLASSES: CaseClass[] = [
  {
    name: 'late contraindication revises the plan, and "last time" shows the revised one',
    steps: [
      ...TO_PLAN,
      { say: 'oh wait, I take clopidogrel after my stent', startsWith: /^Thanks for telling me\. Because of what you told me \(blood thinners/, shows: [/leave out .*trigger point therapy/i, /Left out for you/] },
      { say: 'what did you suggest last time?', shows: [/Left out for you: .*Trigger point therapy/], hides: [/Techniques that target them: .*Trigger point/] },
      { say: 'can I still have deep tissue?', startsWith: /^No, not for you/ },
    ],
  },
  {
    name: 'late red flag after the plan: urgent advice; then stretches get the reminder first',
    steps: [
      ...TO_PLAN,
      { say: 'I had cancer two years ago', shows: [/doctor or urgent care today/], hides: [DEEP_WORK] },
      { say: "it's probably nothing, just give me some stretches", startsWith: /^\*\*Before anything else:\*\*/ },
      { say: 'my bum hurts when I sit', startsWith: /^\*\*Before anything else:\*\*/, hides: [/What may help/, DEEP_WORK] },
      { say: 'what is cupping?', shows: [/Evidence that cupping helps is low quality/] },
      { say: 'heat or ice?', startsWith: /^\*\*Before anything else:\*\*/ },
      { say: 'what did you suggest last time?', startsWith: /^\*\*Before anything else:\*\*/, shows: [/hold off on it/], hides: [DEEP_WORK] },
    ],
  },
  {
    name: 'red flag, then dismissal',
    steps: [
      { say: 'my bum hurts and I have a fever', shows: [/doctor or urgent care today/], hides: [DEEP_WORK] },
      { say: "it's probably nothing, just give me some stretches", startsWith: /^\*\*Before anything else:\*\* you told me about fever/ },
    ],
  },
  {
    name: 'a question about a flag is explained, and the screen goes on where it was',
    steps: [
      { say: 'my bum hurts when I sit', shows: [/Do you have any of these/] },
      { say: 'what do you mean by saddle area?', startsWith: /^Good question/, shows: [/saddle/, /Do you have any of these/], hides: [/Please get help now/] },
      { say: 'None of these', shows: [/spread below the knee/] },
    ],
  },
  {
    name: 'own option ticked: osteoporosis is a contraindication, never a fracture red flag',
    steps: [
      ...TO_WHICH_CONTRA,
      { say: { tick: { contraindications: 'osteoporosis-fracture-surgery' } }, shows: [/What may help/, /Gentle options, only if your clinician agrees/], hides: [/urgent care/, /You said/] },
    ],
  },
  {
    name: 'own option ticked: a skin problem is a contraindication, never a fever red flag',
    steps: [
      ...TO_WHICH_CONTRA,
      { say: { tick: { contraindications: 'fever-unwell-skin' } }, shows: [/What may help/], hides: [/urgent care today/] },
    ],
  },
  {
    name: '"never mind, cancel" at the below-knee question cancels',
    steps: [
      { say: 'my bum hurts when I sit', shows: [/Do you have any of these/] },
      { say: 'None of these', shows: [/spread below the knee/] },
      { say: 'never mind, cancel', shows: [/I've stopped that/], hides: [/What makes it worse|Do any of these apply/] },
    ],
  },
  {
    name: '"no, cancel that" at the contraindication question cancels (no plan)',
    steps: [
      { say: 'my bum hurts when I sit', shows: [/Do you have any of these/] },
      { say: 'None of these', shows: [/spread below the knee/] },
      { say: 'No, it stays above', shows: [/Do any of these apply/] },
      { say: 'no, cancel that', shows: [/I've stopped that/], hides: [/What may help/] },
    ],
  },
  {
    name: 'never asks what is known, and accepts "I already told you"',
    steps: [
      { say: "I'm 24 weeks pregnant and my bum hurts when I sit", shows: [/Do you have any of these/] },
      { say: 'None of these', shows: [/spread below the knee/] },
      { say: 'No, it stays above', shows: [/You've told me about: pregnant/, /Do any of these apply/], hides: [/^- Pregnant$/m] },
      { say: 'none, I already told you', shows: [/What may help/, /maternity provider/], hides: [/Massage techniques that target them/] },
    ],
  },
  {
    name: 'a correction changes that answer only',
    steps: [
      { say: "I'm pregnant and my bum hurts when I sit", shows: [/Do you have any of these/] },
      { say: 'None of these', shows: [/spread below the knee/] },
      { say: 'No, it stays above', shows: [/Do any of these apply/] },
      { say: 'None of these', shows: [/maternity provider/] },
      { say: "sorry, I'm not pregnant", startsWith: /^Thanks for telling me/, shows: [/Trigger point therapy/], hides: [/maternity provider/, /Do you have any of these/] },
    ],
  },
  {
    name: 'a possible red flag gets one pointed question before anything else',
    steps: [
      { say: 'my bum hurts and my leg feels a bit numb', startsWith: /^Before anything else, one quick check/ },
      { say: 'no', shows: [/Do you have any of these/] },
    ],
  },
  {
    name: 'a possible red flag answered yes is a red flag',
    steps: [
      { say: 'my bum hurts and my leg feels a bit numb', startsWith: /^Before anything else, one quick check/ },
      { say: 'yes', shows: [/Please get help now/], hides: [DEEP_WORK] },
    ],
  },
  ...(
    [
      ['Can I have deep tissue?', /^No, not for you at the moment: you told me about blood thinners/],
      ['is cupping ok for me?', /^No, not for you at the moment/],
      ['can I get a massage while pregnant?', /^(In your pregnancy, yes|Yes), but only gentle massage/],
      ['how often?', /^No guideline sets a number of massage sessions/],
      ['heat or ice?', /^Heat/],
      ['sore the next day, normal?', /^Yes, that is normal: some soreness/],
      ['deep tissue vs Swedish?', /^For you, swedish massage rather than deep tissue massage/i],
      ['is cupping worth it?', /^Not for you at the moment: you told me about blood thinners or a bleeding problem\. In general, the evidence is weak/],
    ] as const
  ).map(([question, answer]) => followUpAfterPlan('follow-up', question, answer)),
  {
    name: 'with nothing open, an answer to a lost question gets "I lost track"',
    steps: [{ say: { tick: { action: 'screening', contraindications: 'pregnancy', text: 'Not sure' } }, shows: [/I lost track of where we were/], hides: [/I can only help with/] }],
  },
  {
    name: 'with nothing open, a typed answer button to a lost question gets "I lost track"',
    steps: [{ say: 'None of these', shows: [/I lost track of where we were/], hides: [/I can only help with/] }],
  },
];

/**
 * The same classes in words the fake analyzer does not know (and the tests above do not use): played with the real
 * analyzer only (caseClasses.real.test.ts), so what the dialogs do is checked on phrasing nobody tuned the dialogs for.
 */
export const IN_OTHER_WORDS: CaseClass[] = [
  {
    name: 'late blood thinner in other words revises the plan; a deep-tissue question then gets no',
    steps: [
      ...TO_PLAN,
      { say: "hang on, I'm on apixaban", startsWith: /^Thanks for telling me\. Because of what you told me \(blood thinners/, shows: [/Left out for you/] },
      { say: 'can I still get a deep tissue massage?', startsWith: /^No, not for you at the moment: you told me about blood thinners/ },
      { say: 'what did you recommend last time?', shows: [/Left out for you: .*Deep tissue massage/] },
    ],
  },
  {
    name: 'red flag said in other words, then "I\'m sure it\'s fine" and a request for advice: the reminder first, no plan',
    steps: [
      { say: 'my lower back is killing me and I keep getting night sweats', shows: [/doctor or urgent care today/], hides: [DEEP_WORK] },
      { say: "I'm sure it's fine, can you just tell me which massage would help my back", startsWith: /^\*\*Before anything else:\*\*/, hides: [/What may help/, DEEP_WORK] },
      { say: 'Care before and after massage', hides: [/What may help/] },
    ],
  },
  {
    name: 'a cancer history said at the red-flag question is remembered later',
    steps: [
      { say: 'my lower back is sore when I bend', shows: [/Do you have any of these/] },
      { say: 'fyi I was treated for bowel cancer in 2019', shows: [/doctor or urgent care today/], hides: [DEEP_WORK] },
      { say: 'anyway, what massage is best for my back?', startsWith: /^\*\*Before anything else:\*\* you told me about a history of cancer/ },
      { say: 'can I get deep tissue then?', startsWith: /^\*\*Before anything else:\*\*/, shows: [/No, not for you at the moment/] },
    ],
  },
  ...(
    [
      ['at the red-flag question', 1, "forget it, I'll stop here"],
      ['at the below-knee question', 2, "let's leave it there"],
      ['at the contraindication question', 3, 'can we not do this right now'],
      ['at "which ones?"', 4, 'enough questions'],
    ] as const
  ).map(([where, upTo, words]): CaseClass => ({
    name: `cancel in other words ${where} ("${words}")`,
    steps: [...TO_WHICH_CONTRA.slice(0, upTo), { say: words, shows: [/I've stopped that/], hides: [/What may help|spread below the knee|Do any of these apply|Which ones/] }],
  })),
  {
    name: 'own option typed back as shown (no cards): a contraindication, never a fracture; a number picks from the list',
    steps: [
      ...TO_WHICH_CONTRA,
      { say: 'Osteoporosis, a recent fracture or surgery', shows: [/What may help/, /Gentle options, only if your clinician agrees/], hides: [/urgent care/, /You said/] },
    ],
  },
  {
    name: 'a number typed at "which ones?" picks that item',
    steps: [...TO_WHICH_CONTRA, { say: '3', shows: [/What may help/, /maternity provider/], hides: [/urgent care/] }],
  },
  {
    name: 'a question about the saddle area in other words is explained, and "I was just asking" gets the question again',
    steps: [
      { say: 'my bum hurts when I sit', shows: [/Do you have any of these/] },
      { say: "what's the saddle area exactly?", shows: [/saddle/, /Do you have any of these/], hides: [/Please get help now/] },
      { say: 'I was just asking', shows: [/None of these/], hides: [/Please get help now/, /I can only help with/] },
      { say: 'none of them', shows: [/spread below the knee/] },
    ],
  },
  {
    name: 'pregnancy said in other words is never asked again; "I said none" is none; taking it back revises',
    steps: [
      { say: "I'm about 5 months pregnant and my bum aches when I sit", shows: [/Do you have any of these/] },
      { say: 'none of them', shows: [/spread below the knee/] },
      { say: 'no', shows: [/You've told me about: pregnant/], hides: [/^- Pregnant$/m] },
      { say: 'I said none', shows: [/What may help/, /maternity provider/] },
      { say: "scratch that, I'm not pregnant actually", startsWith: /^Thanks for telling me\. With that taken into account, .* an option again/, hides: [/maternity provider/, /Do you have any of these/] },
    ],
  },
  ...(
    [
      ["I take rivaroxaban - would cupping be alright?", /^No, not for you at the moment/],
      ['currently 20 weeks pregnant, is cupping on my back safe?', /^(In your pregnancy, yes|Yes), but only gentle massage/],
      ["which massages are ok when you're expecting?", /^(In your pregnancy, yes|Yes), but only gentle massage/],
      ['stiff the morning after, is that ok?', /^Yes, that is normal: some soreness/],
      ['is deep tissue better than swedish for me?', /^For you, swedish massage rather than deep tissue massage/i],
      ['is cupping worth the money?', /^Not for you at the moment: you told me about blood thinners or a bleeding problem\. In general, the evidence is weak/],
      ['how often should I book one?', /^No guideline sets a number of massage sessions/],
      ['should I use a hot water bottle or an ice pack?', /^Heat/],
    ] as const
  ).map(([question, answer]) => followUpAfterPlan('follow-up in other words', question, answer)),
  {
    name: 'a general question about massage in pregnancy does not say the person is pregnant',
    steps: [
      { say: 'what massage is safe in pregnancy?', startsWith: /^Yes, but only gentle massage/ },
      { say: 'my bum hurts when I sit', shows: [/Do you have any of these/] },
      { say: 'none of them', shows: [/spread below the knee/] },
      { say: 'no', shows: [/Do any of these apply/], hides: [/You've told me about: pregnant/] },
    ],
  },
];

/** Play one case class; a tick submits the last card's Send button with these inputs. */
export async function play(analyzer: Analyzer, { steps }: CaseClass): Promise<Conversation> {
  const convo = new Conversation(analyzer);
  let last: Awaited<ReturnType<Conversation['say']>> = [];
  for (const step of steps) {
    const label = typeof step.say === 'string' ? step.say : JSON.stringify(step.say.tick);
    if (typeof step.say === 'string') last = await convo.say(step.say);
    else {
      const send = submitActions(cards(last).at(-1)).at(-1);
      last = await convo.say({ value: { ...(send?.data ?? {}), ...step.say.tick } });
    }
    const text = visibleText(last);
    for (const re of step.shows ?? []) expect(text, `after ${label}`).toMatch(re);
    for (const re of step.hides ?? []) expect(text, `after ${label}`).not.toMatch(re);
    if (step.startsWith) expect(last[0]?.text ?? '', `first reply after ${label}`).toMatch(step.startsWith);
  }
  return convo;
}
