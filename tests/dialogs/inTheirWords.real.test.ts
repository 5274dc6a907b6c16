import { describe, it } from 'vitest';
import { createAnalyzer } from '../../src/nlp';
import { play, type CaseClass, type Step } from './caseClasses';

/**
 * Conversations written the way people type (slang, typos, rambling, several things in one message), through the
 * real analyzer: each one showed a problem in the dialogs before the change it is named after. What is asserted is
 * what matters to the person: the urgent advice and no massage plan after a red flag, the answer first, nothing
 * asked again, no "please answer" after an aside.
 */
const analyzer = createAnalyzer();

/** Massage a red flag rules out, or the plan and aftercare that would ignore it. */
const MASSAGE_ADVICE = /What may help|Trigger point therapy|Deep tissue massage|Cupping therapy|look after yourself around a massage|step-by-step stretches/;
/** A clarifying menu, a polite close or "out of scope" instead of an answer to what was said. */
const IGNORED = /not sure I understood|I'm here whenever you want|I can only help with|Please answer/;
const REMINDER = /^\*\*Before anything else:\*\*/;

/** Up to a plan for buttock pain described in `first`: no red flag, no spread, nothing else on the screen. */
function toPlan(first: string): Step[] {
  return [
    { say: first, shows: [/Before I suggest anything/] },
    { say: 'none of these', shows: [/spread below the knee/] },
    { say: 'No, it stays above', shows: [/Do any of these apply/] },
    { say: 'None of these', shows: [/What may help/] },
  ];
}
const TO_PLAN = toPlan('my bum aches when I drive');

const CONVERSATIONS: CaseClass[] = [
  {
    name: 'red flag then dismissal with "nah": the reminder and what is safe to browse, never a polite close',
    steps: [
      { say: "bum pain and i've had a fever for 3 days", shows: [/doctor or urgent care today/] },
      { say: "nah it's probably just a cold, just tell me some stretches pls", startsWith: REMINDER, shows: [/hold off on massage plans, stretches/], hides: [MASSAGE_ADVICE, IGNORED] },
      { say: 'ok what massage would help', startsWith: REMINDER, hides: [MASSAGE_ADVICE, IGNORED] },
    ],
  },
  {
    name: 'emergency flag, then "I\'m fine honestly, I just want a massage recommendation": the reminder, no menu',
    steps: [
      { say: "my back hurts and I can't feel my bum when I wipe", shows: [/Please get help now/] },
      { say: "I'm fine honestly, I just want a massage recommendation", startsWith: REMINDER, shows: [/A&E or call 999/], hides: [MASSAGE_ADVICE, IGNORED] },
    ],
  },
  {
    name: 'red flag, then "I\'ll see a doctor tomorrow, any stretches meanwhile?": the reminder, no stretches',
    steps: [
      { say: "lower back pain and I'm feeling really unwell with a high temperature", shows: [/doctor or urgent care today/] },
      { say: "ok I'll see a doctor tomorrow. in the meantime any stretches?", startsWith: REMINDER, shows: [/today/], hides: [MASSAGE_ADVICE, IGNORED] },
    ],
  },
  {
    name: 'late emergency flag after a plan, then "which stretches should I do": no aftercare list or stretch menu',
    steps: [
      ...TO_PLAN,
      { say: "also I've been having trouble peeing since yesterday", shows: [/Please get help now/], hides: [MASSAGE_ADVICE] },
      { say: 'ok but which stretches should I do', startsWith: REMINDER, hides: [MASSAGE_ADVICE, IGNORED] },
    ],
  },
  {
    name: 'late red flag after a plan: "what did you suggest last time?" does not bring the old plan back',
    steps: [
      ...TO_PLAN,
      { say: "oh and I've lost like a stone without trying lately", shows: [/doctor or urgent care today/] },
      { say: 'what did you suggest last time?', startsWith: REMINDER, shows: [/hold off on it/], hides: [MASSAGE_ADVICE] },
    ],
  },
  {
    name: 'a contraindication after a red flag after a plan is noted, with no revised plan',
    steps: [
      ...TO_PLAN,
      { say: "I've had a temperature and night sweats all week", shows: [/doctor or urgent care today/] },
      { say: "I'm also on warfarin btw", startsWith: REMINDER, shows: [/noted/], hides: [MASSAGE_ADVICE, /revised plan/, IGNORED] },
    ],
  },
  {
    name: 'a question about a flag, then "i only wanted to know lol": a friendly line and the screen again, no "please answer"',
    steps: [
      { say: 'pain in my glute', shows: [/Do you have any of these/] },
      { say: 'wat is saddle numbness', shows: [/saddle/, /Do you have any of these/], hides: [/Please get help now/] },
      { say: 'i only wanted to know lol', startsWith: /^No problem/, shows: [/Do you have any of these/], hides: [IGNORED] },
      { say: 'nope none', shows: [/spread below the knee/] },
    ],
  },
  {
    name: 'a question about a flag after the plan, then "just curious": a friendly line, no urgent advice',
    steps: [
      ...TO_PLAN,
      { say: 'what counts as losing bladder control?', startsWith: /^Good question/ },
      { say: 'just curious, thanks', startsWith: /^No problem/, hides: [/Please get help now/, IGNORED] },
    ],
  },
  {
    name: 'a blood thinner said at the below-knee question is acknowledged, not met with "didn\'t catch that", and not asked again',
    steps: [
      { say: 'hi my back is sore', shows: [/Before I suggest anything/] },
      { say: 'nope', shows: [/spread below the knee/] },
      { say: "hang on i'm on warfarin", startsWith: /^Thanks, noted: blood thinners/, shows: [/spread below the knee/], hides: [/didn't catch that/] },
      { say: 'no', shows: [/What makes it worse/] },
      { say: 'Bending or lifting', shows: [/You've told me about: blood thinners/], hides: [/^- Blood thinners/m] },
    ],
  },
  {
    name: '"I told you already" at the below-knee question: an apology and the next question, never the same one again',
    steps: [
      { say: 'ouch my hamstring is tight and sore when I bend', shows: [/Before I suggest anything/] },
      { say: 'None of these', shows: [/spread below the knee/] },
      { say: 'I told you already, the back of my thigh', startsWith: /^Sorry, you did tell me/, shows: [/Do any of these apply/], hides: [/spread below the knee|didn't catch that/] },
    ],
  },
  {
    name: '"as I said" at "what makes it worse?": an apology and the next question',
    steps: [
      { say: 'pain from my bum down my leg to my ankle', shows: [/Before I suggest anything/] },
      { say: 'None of these', shows: [/What makes it worse/] },
      { say: 'as I said it goes to my ankle', startsWith: /^Sorry, you did tell me/, shows: [/Do any of these apply/], hides: [/didn't catch that/] },
    ],
  },
  {
    name: 'a correction of the spread after the plan revises it, instead of a clarifying menu',
    steps: [
      ...toPlan('my bum hurts when I sit'),
      { say: 'sorry I got that wrong, it does go down into my calf', startsWith: /^Thanks for telling me/, shows: [/revised plan/], hides: [IGNORED, /Do you have any of these|Do any of these apply/] },
    ],
  },
  {
    name: '"what about myofascial release?" right after a safety answer is the same question about it, answered first',
    steps: [
      ...toPlan('my bum hurts when I sit in the car and I take warfarin'),
      { say: 'would trigger point be ok for me?', startsWith: /^No, not for you at the moment: you told me about blood thinners/ },
      { say: 'what about myofascial release?', startsWith: /^No, not for you at the moment: you told me about blood thinners or a bleeding problem, so leave out myofascial release/ },
    ],
  },
  {
    name: 'follow-up questions answered after a clarifying menu or a stretches menu do not bring that menu back',
    steps: [
      ...TO_PLAN,
      { say: 'so what kind of massage CAN i have' },
      { say: 'is swedish or deep tissue better for me', startsWith: /^(Deep tissue massage works firmer|For you)/, hides: [/not sure I understood/] },
      { say: 'will i be sore tomorrow?' },
      { say: 'is it even worth paying for a massage', startsWith: /^It may help some people, but the evidence is weak/, hides: [/step-by-step stretches/, /not sure I understood/] },
    ],
  },
  {
    name: 'a worry about numbness at the health questions gets the pointed question, and is never taken as "not sure" to them',
    steps: [
      { say: 'my bum hurts when I sit', shows: [/Before I suggest anything/] },
      { say: 'None of these', shows: [/spread below the knee/] },
      { say: 'No, it stays above', shows: [/Do any of these apply/] },
      { say: 'is numbness in my foot serious?', startsWith: /^Before anything else, one quick check/ },
      { say: 'no', shows: [/Do any of these apply/], hides: [/Which ones\?/, /What may help/] },
      { say: 'none', shows: [/What may help/] },
    ],
  },
  {
    name: '"not sure" about the warning signs, then "it\'s probably nothing, which massage should I get?": see a doctor first, never "gentle massage is fine"',
    steps: [
      { say: 'my bum hurts and my leg feels a bit numb', startsWith: /^Before anything else, one quick check/ },
      { say: 'not sure', shows: [/safest to speak to a doctor or urgent care \*\*today\*\*/] },
      { say: "it's probably nothing, which massage should I get?", startsWith: REMINDER, shows: [/weren't sure about some of the warning signs/, /doctor first/], hides: [/fine for most people/, MASSAGE_ADVICE] },
      { say: 'ok fine, just give me some stretches then', startsWith: REMINDER, hides: [MASSAGE_ADVICE, IGNORED] },
    ],
  },
  {
    name: 'a corrected place after the plan revises it, without running the screens again',
    steps: [
      ...toPlan('my low back hurts when I bend'),
      { say: "sorry, I meant it's more in my hip, at the side", startsWith: /^Thanks for telling me/, shows: [/revised plan/], hides: [/Do you have any of these|spread below the knee|Do any of these apply/, IGNORED] },
    ],
  },
  {
    name: 'another pain after the plan does not ask the red-flag screen answered in this conversation again',
    steps: [
      ...TO_PLAN,
      { say: 'Check another pain', hides: [/Do you have any of these/] },
    ],
  },
  {
    name: 'a whole description ending "what massage should I get?" starts the check, instead of a generic list and then a polite close',
    steps: [
      {
        say: "hi, so I'm 34, been getting this deep ache in my left butt cheek for about 3 weeks, worse when I sit at work or drive, doesnt go past my knee, no numbness. what massage should I get?",
        startsWith: /^Thanks\. Before I suggest anything/,
        hides: [/fine for most people/],
      },
      { say: 'no none of those', shows: [/Do any of these apply/], hides: [IGNORED, /spread below the knee|What makes it worse/] },
      { say: 'nope', shows: [/What may help/] },
    ],
  },
  {
    name: 'a description with "I take warfarin… can I get a deep tissue massage?": the answer first, then the check, never asked again about warfarin',
    steps: [
      {
        say: 'Hey! Sciatica-ish pain down the back of my right thigh when I bend to pick stuff up. I take warfarin for AF. Can I get a deep tissue massage?',
        startsWith: /^No, not for you at the moment: you told me about blood thinners/,
        shows: [/Before I suggest anything/],
      },
      { say: 'none of those thankfully', shows: [/spread below the knee/], hides: [IGNORED] },
      { say: 'nah stays above the knee', shows: [/You've told me about: blood thinners/], hides: [/^- Blood thinners/m, IGNORED] },
    ],
  },
  {
    name: 'an earlier question\'s button tapped after the plan: "already answered", never "I lost track"',
    steps: [
      ...TO_PLAN,
      { say: { tick: { action: 'intake', question: 'where', choice: 2, text: 'Low back' } }, shows: [/already answered/], hides: [/I lost track/, /What may help/] },
    ],
  },
  {
    name: 'an item ticked with "Not sure" beside it: that item, and not sure about the rest',
    steps: [
      { say: 'my bum hurts when I sit', shows: [/Before I suggest anything/] },
      { say: 'None of these', shows: [/spread below the knee/] },
      { say: 'No, it stays above', shows: [/Do any of these apply/] },
      { say: 'Yes, one or more', shows: [/Which ones\?/] },
      { say: { tick: { contraindications: 'pregnancy,unsure' } }, shows: [/maternity provider/, /weren't sure about some of the health questions/] },
    ],
  },
  {
    name: 'leaving at "which ones?" ("never mind, I\'ll come back later") cancels: not read as "none", no plan',
    steps: [
      { say: 'my bum hurts when I sit', shows: [/Before I suggest anything/] },
      { say: 'None of these', shows: [/spread below the knee/] },
      { say: 'No, it stays above', shows: [/Do any of these apply/] },
      { say: 'Yes, one or more', shows: [/Which ones\?/] },
      { say: "never mind, I'll come back later", shows: [/I've stopped that/], hides: [MASSAGE_ADVICE] },
    ],
  },
  {
    name: 'leaving at the red-flag question ("ugh gotta run") cancels',
    steps: [
      { say: 'my buttock aches when I sit', shows: [/Do you have any of these/] },
      { say: 'ugh gotta run', shows: [/I've stopped that/], hides: [/Do you have any of these/, MASSAGE_ADVICE] },
    ],
  },
  {
    name: 'a question the bot cannot answer at the red-flag question, then "I was only asking": no "Please answer", the question again',
    steps: [
      { say: 'my buttock hurts when i sit', shows: [/Do you have any of these/] },
      { say: 'what does cauda equina mean?', shows: [/Do you have any of these/], hides: [/Please answer/, /Please get help now/] },
      { say: 'I was only asking', startsWith: /^No problem/, shows: [/Do you have any of these/], hides: [/Please answer/] },
      { say: 'none of these', shows: [/spread below the knee/] },
    ],
  },
  {
    name: 'a late blood thinner inside a question after the plan: the answer first, then the revised plan, and "last time" has it',
    steps: [
      ...toPlan('my bum hurts when I sit'),
      {
        say: "I just remembered I'm on apixaban, can I still have the trigger point therapy?",
        startsWith: /^No, not for you at the moment: you told me about blood thinners/,
        shows: [/revised plan/, /Left out for you/],
      },
      { say: 'what did you suggest last time?', shows: [/Left out for you: .*Trigger point therapy/], hides: [/Techniques that target them: .*Trigger point/] },
    ],
  },
  {
    name: 'the same blood thinner named again after the plan ("sorry, it\'s clopidogrel, not warfarin"): already known, never "I can only help with"',
    steps: [
      ...toPlan('my bum hurts when I sit and I take warfarin'),
      { say: "sorry, it's clopidogrel, not warfarin", startsWith: /^Thanks, I have that already \(blood thinners/, hides: [IGNORED, /revised plan/] },
    ],
  },
];

describe('conversations in their own words, through the real analyzer', () => {
  it.each(CONVERSATIONS.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await play(analyzer, c);
  });
});
