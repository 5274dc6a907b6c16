import { describe, expect, it } from 'vitest';
import { deniedContraindications, mentionedContraindications, parseScreening, parseYesNo } from '../../src/dialogs/answers';
import { loadKnowledge } from '../../src/knowledge';

const knowledge = loadKnowledge();

describe('parseScreening', () => {
  it.each([
    ['None of these', 'none'], ['no', 'none'], ['Nope.', 'none'], ['nah', 'none'], ['none of them', 'none'], ['not really', 'none'],
    ['Yes, one of these', 'yes'], ['yes', 'yes'], ['yeah', 'yes'], ['Yes, one or more', 'yes'],
    ['Not sure', 'unsure'], ["I don't know", 'unsure'], ['maybe', 'unsure'], ['idk', 'unsure'],
    ['purple', undefined], ['', undefined], ['🙂', undefined],
  ] as const)('%j → %s', (text, expected) => {
    expect(parseScreening(text)).toBe(expected);
  });
});

describe('parseYesNo', () => {
  it.each([
    ['yes', 'yes'], ['Yeah, into my calf', 'yes'], ['it does', 'yes'], ['I do', 'yes'], ['does a bit', 'yes'], ['yep', 'yes'],
    ['no', 'no'], ['nope', 'no'], ["no, it doesn't", 'no'], ["it doesn't go past my knee", 'no'], ['not really', 'no'], ['never', 'no'],
    ['not sure', undefined], ["I don't know", undefined], ['maybe', undefined], ['', undefined], ['purple', undefined],
    // Questions and longer sentences that only start like an answer are not one.
    ['is cupping safe if im on blood thinners', undefined],
    ['does massage help sciatica?', undefined],
    ['I have pain in my bum only', undefined],
    ['do you do home visits', undefined],
  ] as const)('%j → %s', (text, expected) => {
    expect(parseYesNo(text)).toBe(expected);
  });
});

describe('mentionedContraindications (said in passing in free text)', () => {
  it.each([
    ["I'm 6 months pregnant and my bum hurts when I walk", ['pregnancy']],
    ['my leg aches, I take warfarin for my heart', ['blood-thinners']],
    ['I had a DVT last year and now my buttock hurts', ['blood-clot']],
    ['osteoporosis runs in my family and I have it too', ['osteoporosis-fracture-surgery']],
    ["I'm not pregnant, just sore", []],
    ['my wife is pregnant and my bum hurts', []],
    // A burning pain or tingly skin describes the pain; fever is the matcher's red flag, not this list.
    ['burning pain down the back of my leg, my skin feels tingly', []],
    ['there is a rash on my buttock where it hurts', ['fever-unwell-skin']],
    ['', []],
  ] as const)('%j → %j', (text, expected) => {
    expect(mentionedContraindications(text)).toEqual(expected);
  });
});

describe('deniedContraindications', () => {
  it.each([
    ["I'm not pregnant", ['pregnancy']],
    ["I don't take warfarin", ['blood-thinners']],
    ['I take warfarin', []],
  ])('%j', (text, expected) => expect(deniedContraindications(text)).toEqual(expected));
});
