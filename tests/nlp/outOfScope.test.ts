import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/nlp';
import intentsJson from '../../src/nlp/data/intents.json';
import { normaliseUtterance } from '../../src/nlp/intentClassifier';

/**
 * Out of scope that looks in scope (issue 9, item 7), and the in-scope questions that sit next to it. Every sentence
 * here was written for this file: none is a training utterance (checked below) or a line of a labelled set.
 */
const analyzer = createAnalyzer();
const training = new Set(Object.values(intentsJson.intents).flat().map(normaliseUtterance));

const OUTSIDE: Record<string, string[]> = {
  tipping: [
    'what is a fair tip for a 60 minute deep tissue',
    'do I have to tip when the massage was a birthday present',
    'my masseur owns the clinic, do I still leave him a tip?',
    'is a gratuity added automatically at day spas',
    'how much do americans tip for a back massage',
  ],
  insurance: [
    'is sciatica massage covered under my insurance policy',
    'can I pay for my remedial massage out of my HSA',
    'does my FSA let me claim massage if a doctor recommends it',
    'will my health fund give me money back for a sports massage',
    'what do I need from my GP so my insurer pays for the massages',
    "does my insurance cover massage while I'm on warfarin",
  ],
  'sick notes and work': [
    'can the doctor give me a sick note for my slipped disc',
    'my boss wants proof I was off with sciatica, which form do I need',
    'how many days can I self certify for a bad back',
    'do I get sick pay if my back keeps me off for a month',
    'can I ask my employer for a standing desk because of my sciatica',
  ],
  'benefits and legal claims': [
    'can I claim disability benefits for constant sciatica',
    'is a herniated disc counted as a disability by the DWP',
    'how do I start a workers comp claim for my back',
    'should I sue the gym after my back went on their machine',
    'is it worth getting a no win no fee solicitor for a back injury',
  ],
  'booking and lateness': [
    'can you fit me in for a massage on Monday morning',
    'I have to reschedule my back massage, is Thursday free?',
    'stuck on the motorway, I will be late for my massage',
    'is there a charge if I cancel my session the night before',
    'how do I book a sciatica massage online',
  ],
  'prices, parking, hours and vouchers': [
    'how much do you charge for cupping',
    'what is the price of a 45 minute sports massage',
    'is there free parking at the clinic',
    'what time do you close on Fridays',
    'can I get a gift voucher for a deep tissue massage',
  ],
  'finding a therapist': [
    'is there a massage therapist near me who treats sciatica',
    'recommend a physio in my area who does myofascial release',
    'how do I find a good sports massage therapist nearby',
  ],
  'buying a mattress, chair or gadget': [
    'what mattress should I buy if I have sciatica',
    'which office chair is kindest to a bad back',
    'is the theragun worth the money for tight glutes',
    'best brand of foam roller for hamstrings?',
  ],
  'medication and prescriptions': [
    'how many naproxen can I take in one day for my back',
    'can I take co-codamol with my gabapentin',
    'what painkillers work best for sciatica',
    'can you prescribe me something for my nerve pain',
    'what dose of pregabalin is normal for sciatica',
  ],
  'other body parts and conditions': [
    'would a massage loosen my stiff neck',
    'deep tissue for knots in my shoulders, yes or no?',
    'can cupping help with tension headaches',
    'is massage any use for carpal tunnel',
    'my heel is killing me in the mornings, the podiatrist says plantar fasciitis, what massage helps',
    'my wrist hurts from my mouse, any stretches',
    'trigger point massage for jaw pain from grinding',
  ],
  'postures with no body or pain in them (oos5)': ['my phone battery dies when I sit or stand outside'],
  'chit-chat': ['what is your favourite film', 'do you get weekends off', 'I am so bored at work today'],
  'payment, visits and vetting a therapist': [
    'can I pay for my back massage by bank transfer or only cash',
    'would your therapist do a home visit for my sciatica',
    'is it alright if my daughter comes in with me to the session',
    'how can I tell if a massage therapist is properly qualified',
    'can I put my sciatica massages down as a business expense',
  ],
  'what a session costs': [
    'how much is a 90 minute sports massage',
    'how much for a quick half hour session on my back?',
  ],
  'letters and accounts': [
    'what paperwork does the clinic need from me before the first session',
    'do I need a gp letter before I can see a sports therapist',
  ],
  'misspelt admin words': [
    'does my insurrance pay for massages',
    'need a docters note for work about my back',
    'how do I reschedual my massage',
    'do you have parkng at the back of the building',
  ],
  'other conditions and life questions': [
    'I twisted my ankle playing five a side, would a sports massage help',
    'pretty sure I have cystitis again, is a massage ok with that',
    'any diet tips for losing the weight I put on while laid up',
    'is there a support group for people with chronic back pain near Leeds',
  ],
  'says it is not the back': [
    'my periods have been really heavy lately, nothing to do with my back though',
    'I keep needing to wee at night since the menopause, my back is totally fine',
    'the numbness is in my lips and chin, not back related at all',
  ],
  'other conditions of the gut, kidneys and nerves': [
    'my kidney stones are playing up again, can a massage move them along?',
    'my thyroid tablets were changed and I feel exhausted, is that normal?',
    'can someone with multiple sclerosis have a spa day?',
  ],
  'saddle numbness from the bike that passes': [
    'after long rides on my road bike it feels a little numb down below but it wears off within the hour, should I worry?',
  ],
  'a knee alone': [
    'twisted my knee skiing and it clicks when I go down steps',
    'both knees creak and ache on cold mornings',
    "my husband's knee swells up after every squash match",
  ],
  'cancelling and getting booked in (oos5)': [
    'my back is too sore to drive tomorrow, can I cancel without getting charged',
    'should I ring to cancel or will a text do, the sciatica has flared',
    'is your clinic taking on new patients in the new year, I want to get booked in for my hip',
    'is an hour worth it for my glutes or should I just pay for the half hour',
    'does the clinic by the station offer myofascial release, my hip is in bits',
    'want to book in for my bum this week, any evenings?',
  ],
  "the therapist's training (oos5)": [
    'what kind of training does a sports massage therapist have to do',
    'is the lady at your place insured or registered, my back is delicate',
    'do your therapists carry on doing courses once they qualify',
  ],
  'notes to get out of things (oos5)': ['will the GP write me a note to get out of jury service with my bad back'],
  'whether a named medicine works (oos5)': [
    'they started me on pregabalin for the leg pain, does it really help or is it just sleepy pills',
    'physio gave me diazepam for the spasms in my back, does that even work',
    'what can I take for the nausea from the tramadol',
    'the pain clinic offered me a steroid injection, does it actually work or is it a gamble',
    'my chiro suggested dry needling, is that worth having alongside massage?',
  ],
  'which cushion or saddle to get (oos5)': [
    'which coccyx cushion would you recommend for a long drive with sciatica',
    'got a new gel seat cover and my bum still aches after rides, what seat should i get next',
    'what type of office chair would you recommend for a bad back',
  ],
  'whether another condition is linked to the back (oos5)': [
    'can an enlarged prostate give you back pain or are they two separate things',
    'my migraines started the same week as the back ache, could they be connected?',
    'is it my kidney playing up or a muscle, it aches just under the ribs at the back',
    'a band of burning on one side of my chest, could that be shingles',
    'my wrist goes tingly typing, is that the same kind of problem as sciatica?',
  ],
  'seats, stools and gym sets': [
    'should I swap to a noseless seat for my long commutes',
    'does a squatty potty really make a difference',
    'my arms are shaking on the last rep of bench, is that normal',
    'which saddle is kindest for long sportive rides?',
  ],
};

/** Near misses: in scope, with words that the outside themes also use. */
const INSIDE: Array<[string, string, string]> = [
  ['soreness after a session', 'is it normal to be sore for two days after a deep tissue massage', 'aftercare'],
  ['heat after a session', 'should I use heat on my lower back after my massage tonight', 'aftercare'],
  ['heat pad', 'is a heat pad ok on my bum after a massage', 'aftercare'],
  ['stretch ask after a pain story', 'my hamstrings are tight from sitting all day, what stretches would help', 'aftercare'],
  ['bath ask', 'would a warm bath help my sore back tonight', 'aftercare'],
  ['more sore after a massage', 'had my first massage yesterday and my glutes are even more sore today', 'aftercare'],
  ['cancelling because unwell', 'I have a temperature, should I still go to my massage tomorrow?', 'aftercare'],
  ['preparing for a session', 'what should I wear to my first sciatica massage', 'aftercare'],
  ['safety ask with a booking word', 'I had a hip replacement last year, can I book deep tissue on my glutes?', 'technique_info'],
  ['pain story with a painkiller', 'painkillers barely touch the pain in my bum and it shoots down my leg', 'symptom'],
  ['pain story with work', 'I sit at work all day and my lower back aches by lunchtime', 'symptom'],
  ['pain story with a chair', 'my office chair makes the back of my thigh ache', 'symptom'],
  ['neck with the back', 'my neck and lower back both seized up after the long drive', 'symptom'],
  ['bending, not tipping', 'tipping my head back sets off the pain in my bum', 'symptom'],
  ['the therapist\'s hands, not mine', 'does a neuromuscular therapist work with her elbows or her hands', 'technique_info'],
  ['late to bed, not to an appointment', 'the pain is worse when I am late to bed and sleep funny', 'symptom'],
  ['a complaint is a symptom', 'my main complaint is a deep ache in my left buttock', 'symptom'],
  ['head as a verb', 'should I head to the gym after a massage or rest', 'aftercare'],
  ['tip as advice', 'any tip for stretching a tight piriformis', 'aftercare'],
  ['tip of a toe', 'the tip of my big toe has felt odd since last week and my bum aches', 'symptom'],
  ['tipping the pelvis', 'when I tip my pelvis forward my lower back aches', 'symptom'],
  ['a story of time off', 'I have had three days off work with this bum pain and it is no better', 'symptom'],
  ['an old infection in a screening answer', 'I had a kidney infection last year but my waterworks have been fine since', 'symptom'],
  ['idiom of paying', 'my back is paying for all that gardening', 'symptom'],
  ['idiom of a brand', 'felt brand new after my massage but my bum aches again today', 'symptom'],
  ['bike numbness with the bum in it', 'my bum goes numb after long rides and aches for a day', 'symptom'],
  ['knee with the sciatica', 'my sciatica runs from my bum to the back of my knee', 'symptom'],
  ['a carer with the knee and the back', "my dad's knees are weak and his lower back aches all day", 'symptom'],
  ['knee with sitting', 'sitting at my desk makes my knees and lower back stiff', 'symptom'],
  ['back fine, bum not', 'my back is fine now but my left buttock still throbs when I sit', 'symptom'],
  ['back fine, leg not', 'nothing to do with my back, it is a burning pain down the outside of my thigh', 'symptom'],
  ['a muscle question', 'where exactly is the piriformis', 'muscle_info'],
  ['a technique question', 'what does myofascial release involve', 'technique_info'],
  ['drugs that did nothing, asking what helps', 'co-codamol and naproxen have done nothing for my bum pain, what actually helps?', 'symptom'],
  ['a cushion in a pain story', 'sitting in the car for an hour sends pain down my leg even on my wedge cushion', 'symptom'],
  ['jury duty in a pain story', 'two weeks of jury service on hard benches and my lower back is wrecked on one side', 'symptom'],
  ['cancelled plans in a pain story', 'had to cancel my holiday because my sciatica is so bad I cannot sit', 'symptom'],
  ['asking whether it is the piriformis', 'the ache sits deep in my bum cheek, could that be the piriformis?', 'muscle_info'],
  ['a health condition and a safety ask, insurance in passing', "I'm on warfarin and my insurance just changed, is it safe for me to have a massage on my sore bum?", 'symptom'],
  ['acupuncture plainly asked about a calf', 'my calf is tight from the sciatica, would acupuncture help?', 'symptom'],
  ['postures that ease and worsen it, no body word', 'easier when I lie flat, but sitting in the car or standing in a queue soon gets unbearable', 'symptom'],
  ['walking fine, sitting worse, no body word', 'ok when I walk but sitting down for long makes it much worse', 'symptom'],
  ['training at the gym', 'my hamstrings feel tight and pull at my bum after marathon training', 'symptom'],
];

describe('out of scope that looks in scope', () => {
  it.each(Object.entries(OUTSIDE).flatMap(([theme, texts]) => texts.map((t) => [theme, t] as const)))('%s: "%s" is out_of_scope', (_theme, text) => {
    const a = analyzer.analyze(text);
    expect(a.intent, JSON.stringify(a.explanations.find((e) => e.kind === 'intent'))).toBe('out_of_scope');
  });

  it('still raises a red flag in an out-of-scope message: the flag is acted on whatever the intent', () => {
    const a = analyzer.analyze('I wet myself and cannot feel my bum since the fall, can I claim workers comp?');
    expect(a.intent).toBe('out_of_scope');
    expect(a.redFlags.map((f) => f.id)).toEqual(expect.arrayContaining(['bladder-bowel', 'saddle-numbness']));
  });

  it('says which rule sent a message out of scope', () => {
    const a = analyzer.analyze('does my insurance cover massage for sciatica');
    expect(a.explanations.find((e) => e.kind === 'intent')?.rule).toBe('topic-outside');
  });
});

describe('in-scope near misses stay in scope', () => {
  it.each(INSIDE)('%s: "%s" is %s', (_name, text, intent) => {
    const a = analyzer.analyze(text);
    expect(a.intent, JSON.stringify(a.explanations.find((e) => e.kind === 'intent'))).toBe(intent);
  });
});

/** Bladder or bowel talk that asks whether another condition is linked (cues.json relation-keeps), and numbness told with a shopping question: part of the red-flag screen. */
const SCREEN_LINKS = [
  // Numbness with a shopping question stays with the triage (equipment-ask does not apply).
  'my bum goes numb on the bike and it doesnt come back for hours, what kind of saddle should i get',
  'I wake three times a night to wee and the flow is weak, could that be linked to my back?',
  'with my colitis I sometimes nearly have an accident before the loo, is that anything to do with my sciatica?',
];

describe('bladder and bowel links and numbness stay in scope', () => {
  it.each(SCREEN_LINKS)('"%s" is not out_of_scope', (text) => {
    expect(analyzer.analyze(text).intent).not.toBe('out_of_scope');
  });
});

describe('these sentences are not training data', () => {
  it('shares no sentence with src/nlp/data/intents.json', () => {
    const all = [...Object.values(OUTSIDE).flat(), ...INSIDE.map((x) => x[1]), ...SCREEN_LINKS];
    expect(all.filter((t) => training.has(normaliseUtterance(t)))).toEqual([]);
  });
});
