import { describe, expect, it } from 'vitest';
import { TextAnalyzer } from '../../src/nlp/analyzer';
import { isCarerReport } from '../../src/nlp/negation';
import { cleanText, prepare } from '../../src/nlp/text';

// A carer's or partner's report (carer5): the writer tells of another person's trouble NOW, to get help for them,
// without naming a back or leg ("my husband is having night fevers again"). That person's red flags count
// (CONTRACT.md: redFlags are about the person, the writer or the person a carer writes about). Family history and
// someone else's old or different illness stay someone else's. Every sentence is written for this test, none is a
// dev line. The concept layer alone: the learned net is tested in flagModel.test.ts.
const analyzer = new TextAnalyzer({ flagModel: null });
const asserted = (text: string): string[] => [...analyzer.analyze(text).redFlags.map((f) => f.id)].sort();
const any = (text: string): string[] => [...new Set([...asserted(text), ...(analyzer.analyze(text).possibleRedFlags ?? []).map((f) => f.id)])].sort();
const norm = (text: string): string => prepare(cleanText(text), () => null).norm;

describe("a carer's report without a back or leg word", () => {
  it.each([
    ['fever', 'my wife is having sweats and shivers every night this week and is off her food, should I take her to a&e?'],
    ['fever', "my son's temperature is 39 and he says it hurts to bend, does he need to be seen?"],
    ['bladder-bowel', 'now she has wet herself twice in her sleep without noticing, what do we do'],
    ['weight-loss', 'my partner keeps losing weight without trying and he says he is exhausted all the time'],
    ['trauma', 'grandad has just had a bad fall at the home and he says his wrist and shoulder are killing him'],
    ['trauma', 'we just found out grandad had a bad fall at the home on friday and he is in a lot of pain'],
  ])('asserts %s: %s', (flag, text) => {
    expect(asserted(text)).toContain(flag);
  });
});

describe('family history and someone else’s old or different illness are not a carer’s report', () => {
  it.each([
    'my dad died of bowel cancer when I was ten, is massage safe for sciatica?',
    'mum has MS and I want to learn massage to help her relax',
    'my husband had a fall off his bike in his twenties, now he wants a sports massage for his shoulder',
    'my sister had breast cancer years ago and is fine now, what oil is best for massage?',
    'my brother is having a knee replacement next month, can I still get a massage for my sciatica?',
    'my daughter is losing weight on purpose for her wedding, she is doing really well',
  ])('no flag: %s', (text) => {
    expect(any(text)).toEqual([]);
  });

  it.each([
    'my husband had a fall off his bike in his twenties, now he wants a sports massage',
    'my mum has MS, I have a sore back from lifting her',
    'my grandad passed away last year, he said his back always hurt',
    'my dog keeps losing weight and he says nothing, obviously',
    'my wife goes numb on our long tandem rides, what saddle should she get?',
    'the gp had a look and she says the tingling is nothing, it comes and goes when I sit',
    'I am worried about my nerves, should I call the doctor?',
    'my son is getting married next month and she is running late with everything',
  ])('the carer test itself says no: %s', (text) => {
    expect(isCarerReport(norm(text))).toBe(false);
  });
});

describe('"in one day" counts events, it is not a someday', () => {
  it.each([
    'my husband fell three times in one day and now his back is killing him',
    'I slipped twice in one day on the ice and my tailbone has throbbed since',
  ])('asserts trauma: %s', (text) => {
    expect(asserted(text)).toContain('trauma');
  });
  it('a someday is still hypothetical', () => {
    expect(asserted('I worry I will lose control of my bladder one day')).toEqual([]);
  });
});

describe('a person making light of a real symptom ("joking about it") still has it', () => {
  it.each([
    ['bladder-bowel', 'my husband keeps wetting the bed and just keeps joking about it, his back is really bad'],
    ['weight-loss', 'my wife has lost a stone without trying and joked about it at dinner, her back pain wakes her at night'],
  ])('asserts %s: %s', (flag, text) => {
    expect(asserted(text)).toContain(flag);
  });
  it.each(['I was only joking when I said I could not feel my legs, it is just a sore back', 'she keeps joking that her legs have gone numb but her back is fine'])(
    'a joke about a symptom is still no flag: %s',
    (text) => {
      expect(any(text)).toEqual([]);
    },
  );
});
