import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/nlp';

const analyzer = createAnalyzer();
const muscles = (text: string): string[] => analyzer.analyze(text).muscles.map((m) => m.id);

describe('muscle cues (CLINICAL.md intake table)', () => {
  it.each([
    ['deep ache in my buttock after a long drive', 'piriformis'],
    ['sitting on my wallet hurts my backside', 'piriformis'],
    ['my bum hurts when I cross my legs', 'piriformis'],
    ['side of my hip hurts when I lie on it', 'glutes'],
    ['outside of my hip aches on the stairs', 'glutes'],
    ["back of my thigh is tight and I can't touch my toes", 'hamstrings'],
    ['sit bone pain on hard chairs', 'hamstrings'],
    ['one-sided low back pain at my belt line, worse rolling in bed', 'quadratus-lumborum'],
    ['my hip feels hitched up and my waist aches on the left', 'quadratus-lumborum'],
    ["front of my hip is tight and I can't stand up straight after sitting", 'hip-flexors'],
    ['groin pain when lifting my knee', 'hip-flexors'],
  ])('%s -> %s first', (text, first) => {
    expect(muscles(text)[0]).toBe(first);
  });

  it.each([
    ['pririformis is sore', 'piriformis'],
    ['my hamstrng hurts', 'hamstrings'],
    ['hammys are tight', 'hamstrings'],
    ['glute med ache', 'glutes'],
    ['my QL hurts', 'quadratus-lumborum'],
    ['tight psoas', 'hip-flexors'],
    ['iliacus pain', 'hip-flexors'],
    ['pain in my butt cheek', 'piriformis'],
    ['my arse aches', 'piriformis'],
    ['sore tush', 'piriformis'],
  ])('names, typos and slang: %s -> %s', (text, first) => {
    expect(muscles(text)[0]).toBe(first);
  });

  it.each(['sciatic pain, no tingling', 'my back is sore', 'my right foot drags when I walk', 'hello', 'no pain in my bum'])(
    'nothing points anywhere: %s',
    (text) => {
      expect(muscles(text)).toEqual([]);
    },
  );

  it('gives evidence in the person\'s words and plain reasons, scores sorted', () => {
    const [first, second] = analyzer.analyze('my bum hurts after sitting in the car').muscles;
    expect(first?.id).toBe('piriformis');
    expect(first?.evidence).toEqual(expect.arrayContaining(['bum', 'in the car']));
    expect(first?.reasons.join(' ')).toMatch(/piriformis/);
    expect(second?.id).toBe('glutes');
    expect((first?.score ?? 0) >= (second?.score ?? 0)).toBe(true);
    expect(first?.score).toBeLessThanOrEqual(1);
  });

  it('ignores body words inside a red-flag phrase', () => {
    expect(muscles('my bottom and inner thighs have gone numb')).toEqual([]);
  });
});
