import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/nlp';

const analyzer = createAnalyzer();
const features = (text: string) => analyzer.analyze(text).features;

describe('symptom features', () => {
  it('reads location, spread, side, aggravators, quality and duration', () => {
    const f = features('Deep ache in my left buttock that shoots down to my calf, worse sitting in the car, for 3 weeks');
    expect(f.locations).toContain('buttock');
    expect(f.spreadsTo).toContain('calf');
    expect(f.belowKnee).toBe(true);
    expect(f.side).toBe('left');
    expect(f.aggravators).toEqual(expect.arrayContaining(['sitting', 'driving']));
    expect(f.quality).toEqual(expect.arrayContaining(['deep-ache', 'shooting']));
    expect(f.duration).toBe('for 3 weeks');
  });

  it.each([
    ['numb foot and pins and needles', { numbness: true, tingling: true, weakness: null }],
    ['no numbness, no tingling, no weakness', { numbness: false, tingling: false, weakness: false }],
    ['my leg feels weak', { numbness: null, tingling: null, weakness: true }],
  ])('findings: %s', (text, expected) => {
    expect(features(text)).toMatchObject(expected);
  });

  it.each([
    ['it does not go below the knee', false],
    ['pain into my foot', true],
    ['pain in my bum', null],
    ['lower back aches when I twist, no leg pain', false],
    ["it doesn't go down my leg", false],
    ['the pain goes down my leg', null],
    // A lower-leg place named outright wins over "no leg pain".
    ['no leg pain but my calf is numb', true],
  ])('belowKnee: %s', (text, expected) => {
    expect(features(text).belowKnee).toBe(expected);
  });

  it.each([
    ['pain on both sides of my back', 'both'],
    ['right side of my lower back', 'right'],
    ['right now my bum hurts', null],
  ])('side: %s', (text, expected) => {
    expect(features(text).side).toBe(expected);
  });

  it('keeps relievers as written', () => {
    expect(features('my bum is better when I walk around').relievers).toEqual(['i walk around']);
  });

  it.each([
    ['shooting pain below my knee into my foot with numbness', true],
    ['it gets worse when I cough', true],
    ['deep ache in my buttock when sitting', false],
  ])('nerve-root pattern: %s', (text, expected) => {
    expect(analyzer.analyze(text).nerveRootPattern).toBe(expected);
  });

  it('lists denied findings and red flags in negated', () => {
    expect(analyzer.analyze('no numbness and no bladder problems').negated).toEqual(expect.arrayContaining(['numbness', 'bladder-bowel']));
  });
});
