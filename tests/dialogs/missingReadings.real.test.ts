import { describe, it } from 'vitest';
import { createAnalyzer } from '../../src/nlp';
import { play, type CaseClass, type Step } from './caseClasses';

/**
 * Readings the conversation lacked (closing notes of the second session, fixed in the language layer): passing on a
 * question, a small degree at a check, follow-ups without a question mark or a named technique, and a question about
 * the name of an emergency. Through the real analyzer; each failed before the reading it is named after.
 */
const analyzer = createAnalyzer();
const IGNORED = /not sure I understood|I'm here whenever you want|I can only help with|Please answer|didn't catch that/;

const TO_PLAN: Step[] = [
  { say: 'my bum aches when I drive', shows: [/Before I suggest anything/] },
  { say: 'none of these', shows: [/spread below the knee/] },
  { say: 'No, it stays above', shows: [/Do any of these apply/] },
  { say: 'None of these', shows: [/What may help/] },
];

const CONVERSATIONS: CaseClass[] = [
  {
    name: '"skip" at an intake question passes on it (not sure) and the next question follows',
    steps: [
      { say: 'my bum hurts when I sit', shows: [/Before I suggest anything/] },
      { say: 'none of these', shows: [/spread below the knee/] },
      { say: 'skip', shows: [/Do any of these apply/], hides: [IGNORED, /I've stopped that/] },
    ],
  },
  {
    name: '"a little bit" at the red-flag screen is a yes: which one fits is asked, never the list again',
    steps: [
      { say: 'my bum hurts when I sit', shows: [/Before I suggest anything/] },
      { say: 'a little bit', shows: [/Which one fits best/], hides: [IGNORED] },
    ],
  },
  {
    name: 'after a plan: "ice or heat for the pain" (no question mark), "will i be sore tomorrow?", "so what kind of massage CAN i have" are answered first',
    steps: [
      ...TO_PLAN,
      { say: 'ice or heat for the pain', startsWith: /^Heat is the one with evidence/, hides: [IGNORED] },
      { say: 'will i be sore tomorrow?', startsWith: /^Yes, that is normal: some soreness/, hides: [IGNORED] },
      { say: 'so what kind of massage CAN i have', startsWith: /^For you, /, hides: [IGNORED] },
    ],
  },
  {
    name: '"what does cauda equina mean?" at the red-flag question explains its signs, then the question again',
    steps: [
      { say: 'my buttock hurts when i sit', shows: [/Do you have any of these/] },
      { say: 'what does cauda equina mean?', startsWith: /^Good question\. Here is what that means/, shows: [/saddle area/, /Do you have any of these/], hides: [IGNORED, /Please get help now/] },
    ],
  },
];

describe('readings the conversation lacked, through the real analyzer', () => {
  it.each(CONVERSATIONS.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await play(analyzer, c);
  });
});
