import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/nlp';
import intentsJson from '../../src/nlp/data/intents.json';
import { normaliseUtterance } from '../../src/nlp/intentClassifier';

/**
 * Classes of real phrasing the intent rules read (issue 9): sentences written for this file, none of them a training
 * utterance (checked below) or a line of a labelled set.
 */
const analyzer = createAnalyzer();
const training = new Set(Object.values(intentsJson.intents).flat().map(normaliseUtterance));

/** A request that waves the rest away: answered with confidence, never a clarifying menu (MIN_CONFIDENCE 0.5, margin 0.1). */
const PLAIN_REQUESTS: Array<[string, string]> = [
  ["it's nothing serious, just give me a couple of stretches", 'aftercare'],
  ['forget all that, just show me some exercises', 'aftercare'],
  ['skip the questions and just tell me what to do for it', 'symptom'],
  ["doesn't matter, just give me something for the ache", 'symptom'],
  ['never mind, just tell me what would help', 'symptom'],
];

/** The person's own trouble, then whether massage (or which practitioner) would help it: a symptom message. */
const MASSAGE_WORTH: string[] = [
  'put my back out lifting the kayak and can hardly bend, would a massage help at all?',
  'the disc at L5 is bulging according to the scan, is massage worth trying before injections?',
  'my sciatica has dragged on for a month, should I see a chiropractor or a massage therapist?',
];

/** How a session left the person, wherever it is felt, and home-care asks at the end of a pain story: aftercare. */
const AFTERCARE: string[] = [
  'my shoulders are still throbbing two days after a deep massage, is that usual?',
  'had a sports massage yesterday and this morning I could hardly get out of bed',
  'is walking our dog ok for the stiffness the day after a firm massage?',
  'my bum has ached for a week, should I rest it or start strengthening the glutes?',
  'the disc specialist says keep moving, would yoga or pilates be better for me?',
];

/** A contraindication stated on its own is about the person's health: a symptom message, never out of scope. */
const HEALTH_STATED: string[] = ['I take rivaroxaban for my heart', 'I am three weeks post op from a laminectomy', 'I was diagnosed with osteopenia in the spring'];

/** Near misses: home care named, or no trouble of the person's: not turned into symptom. */
const NOT_SYMPTOM: Array<[string, string]> = [
  ['would a massage or a hot bath help with the soreness after my deep tissue session', 'aftercare'],
  ['just tell me a joke', 'out_of_scope'],
];

describe('plain requests are answered, not asked about', () => {
  it.each(PLAIN_REQUESTS)('"%s" is %s with confidence', (text, intent) => {
    const a = analyzer.analyze(text);
    expect(a.intent, JSON.stringify(a.ranking)).toBe(intent);
    expect(a.confidence).toBeGreaterThanOrEqual(0.6);
    // The dialogs read the margin in the ranking (mainDialog.ts clarifyOptions).
    expect(a.ranking[0]).toEqual({ intent, confidence: a.confidence });
    expect(a.confidence - (a.ranking[1]?.confidence ?? 0)).toBeGreaterThanOrEqual(0.1);
  });
});

describe('whether massage would help one\'s own trouble is a symptom message', () => {
  it.each(MASSAGE_WORTH)('"%s"', (text) => {
    expect(analyzer.analyze(text).intent).toBe('symptom');
  });
  it.each(NOT_SYMPTOM)('"%s" stays %s', (text, intent) => {
    expect(analyzer.analyze(text).intent).toBe(intent);
  });
});

describe('after a session, and home care asked for after a pain story', () => {
  it.each(AFTERCARE)('"%s" is aftercare', (text) => {
    expect(analyzer.analyze(text).intent).toBe('aftercare');
  });
  it('a red flag after a session is still a symptom report', () => {
    expect(analyzer.analyze('since my massage yesterday both legs have gone numb').intent).toBe('symptom');
  });
});

describe('a contraindication stated on its own', () => {
  it.each(HEALTH_STATED)('"%s" is a symptom message', (text) => {
    const a = analyzer.analyze(text);
    expect(a.contraindications.length).toBeGreaterThan(0);
    expect(a.intent).toBe('symptom');
  });
  it('a rash on the forearm is still out of scope', () => {
    expect(analyzer.analyze('a scaly rash has come up on my wrist').intent).toBe('out_of_scope');
  });
});

/** A pain story that ends asking which muscle it is, or naming one (cues.json muscle-ask): a muscle question. */
const MUSCLE_ASK: string[] = [
  'ache on one side of my waist when I carry the shopping, which muscle would that be?',
  'tight across the front of my hip after cycling, is it my hip flexors playing up?',
  'my bum throbs on long train journeys, could the piriformis be behind it?',
  'sharp pull at the top of the back of my thigh when I sprint, is my hamstring the culprit?',
];
/** Logistics and other treatments (cues.json outside-topic, other-treatment): not this bot's business. */
const OUTSIDE: string[] = [
  'can I put my remedial massage sessions down as a tax deduction',
  'if I miss the appointment because of my back will I be charged in full',
  'does dry needling actually work for sciatica or is it a fad?',
  'is a steroid injection worth it for a slipped disc',
];

describe('a muscle asked about after a pain story', () => {
  it.each(MUSCLE_ASK)('"%s" is a muscle question', (text) => {
    expect(analyzer.analyze(text).intent).toBe('muscle_info');
  });
  it.each([
    // A red flag or a contraindication told keeps it about the person's health.
    'both legs have gone numb since this morning, which muscle is that?',
    "I'm on warfarin and my bum aches, is it my piriformis?",
  ])('"%s" stays a symptom message', (text) => {
    expect(analyzer.analyze(text).intent).toBe('symptom');
  });
});

/** Home care asked about at the end of a pain story (cues.json selfcare-ask): aftercare. */
const SELFCARE_ASK: string[] = [
  'my lower back is stiff as a board when I wake up, would a new mattress help?',
  'driving six hours to my mum on saturday with this sciatica, any tips to get through it?',
  'pulled my back at the weekend, should I rest completely or keep moving?',
];

/** Doubt whether a named technique works at all, after whatever story (cues.json efficacy-doubt): a technique question. */
const TECHNIQUE_DOUBT: string[] = [
  'my sciatica has flared again and a friend swears by cupping, does it really work or is it placebo?',
  'been aching across my lower back for weeks, is trigger point therapy actually worth the money?',
];

describe('doubt whether a named technique works', () => {
  it.each(TECHNIQUE_DOUBT)('"%s" is a technique question', (text) => {
    expect(analyzer.analyze(text).intent).toBe('technique_info');
  });
  it('a plain "would cupping help" about their own pain stays a symptom message', () => {
    expect(analyzer.analyze('my lower back has ached on the left for a fortnight, would cupping help it?').intent).toBe('symptom');
  });
});

/** A weak greeting / thanks / cancel / help guess over a message about the body, with no command in it: a symptom message. */
const SOCIAL_GUESS: string[] = ['what questions would a physio ask to rule out cauda equina', 'what do i say to my gp so they check for cauda equina properly'];

describe('a weak social guess over a message about the body', () => {
  it.each(SOCIAL_GUESS)('"%s" is a symptom message', (text) => {
    const a = analyzer.analyze(text);
    expect(a.intent).toBe('symptom');
    expect(a.command).toBeNull();
  });
  it.each([
    ['hiya', 'greeting'],
    ['cheers for that', 'thanks'],
    ['ok stop now', 'cancel'],
  ])('"%s" keeps its social intent', (text, intent) => {
    expect(analyzer.analyze(text).intent).toBe(intent);
  });
});

describe('home care asked about after a pain story', () => {
  it.each(SELFCARE_ASK)('"%s" is aftercare', (text) => {
    expect(analyzer.analyze(text).intent).toBe('aftercare');
  });
});

describe('logistics and other treatments', () => {
  it.each(OUTSIDE)('"%s" is out of scope', (text) => {
    expect(analyzer.analyze(text).intent).toBe('out_of_scope');
  });
  it.each(['my calf cramps when I sit, would acupuncture help?', 'does deep tissue massage actually work for sciatica?'])('"%s" is not', (text) => {
    expect(analyzer.analyze(text).intent).not.toBe('out_of_scope');
  });
});

describe('these sentences are not training data', () => {
  it.each([...PLAIN_REQUESTS.map(([t]) => t), ...MASSAGE_WORTH, ...AFTERCARE, ...HEALTH_STATED, ...NOT_SYMPTOM.map(([t]) => t), ...MUSCLE_ASK, ...OUTSIDE, ...SELFCARE_ASK, ...TECHNIQUE_DOUBT, ...SOCIAL_GUESS])('"%s"', (text) => {
    expect(training.has(normaliseUtterance(text))).toBe(false);
  });
});
