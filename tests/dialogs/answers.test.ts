import { describe, expect, it } from 'vitest';
import { deniedContraindications, mentionedContraindications } from '../../src/dialogs/answers';
import { loadKnowledge } from '../../src/knowledge';

const knowledge = loadKnowledge();

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
