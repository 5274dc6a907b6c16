import type { RedFlagId } from '../../src/knowledge/vocabulary';

/**
 * How to reach every question the bot can ask (with the fake analyzer), and a phrase that identifies it.
 * Shared by the interruption tables: each red flag, "help" and "start over" are tried at each of these.
 */
export const PROMPTS: Record<string, { path: string[]; marker: RegExp }> = {
  clarify: { path: ['massage?'], marker: /not sure I understood/ },
  description: { path: ['I have sciatica'], marker: /where does it hurt, and what makes it worse/i },
  redFlags: { path: ['my bum hurts when I sit'], marker: /Do you have any of these/ },
  whichRedFlag: { path: ['my bum hurts when I sit', 'yes'], marker: /Which one fits best\?/ },
  where: { path: ['my leg hurts when I walk', 'none of these'], marker: /Where does it hurt most\?/ },
  spread: { path: ['my bum hurts when I sit', 'none of these'], marker: /spread below the knee/ },
  worse: { path: ['my bum hurts', 'none of these', 'No, it stays above'], marker: /What makes it worse\?/ },
  contraindications: { path: ['my bum hurts when I sit', 'none of these', 'No, it stays above'], marker: /Do any of these apply/ },
  otherContraindications: { path: ['my bum hurts when I sit', 'none of these', 'No, it stays above', 'I take warfarin'], marker: /Do any of the others apply\?/ },
  whichContraindication: { path: ['my bum hurts when I sit', 'none of these', 'No, it stays above', 'yes'], marker: /Which ones\?/ },
  whichMuscle: { path: ['which muscles can cause sciatica?'], marker: /Which muscle would you like/ },
  whichTechnique: { path: ['what massage techniques are there?'], marker: /Which technique would you like/ },
  stretchMuscle: { path: ['what should I do after a massage?'], marker: /step-by-step stretches/ },
};

/** Each red flag in words the fake analyzer asserts. */
export const RED_FLAG_PHRASES: Array<[RedFlagId, string, 'emergency' | 'urgent']> = [
  ['bilateral', "now it's in both legs", 'emergency'],
  ['leg-weakness', 'my leg keeps giving way', 'emergency'],
  ['saddle-numbness', 'I have numbness around my groin', 'emergency'],
  ['bladder-bowel', "I can't control my bladder", 'emergency'],
  ['fever', 'I have a fever and night sweats', 'urgent'],
  ['trauma', 'it started after I fell off a ladder', 'urgent'],
  ['cancer', 'I had cancer two years ago', 'urgent'],
  ['weight-loss', "I've lost a lot of weight without trying", 'urgent'],
];
