import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/nlp';

const analyzer = createAnalyzer();

describe('technique names', () => {
  it.each([
    ['trigger point therapy', 'trigger-point'],
    ['what is TrP', 'trigger-point'],
    ['deep tissue', 'deep-tissue'],
    ['a sports massage', 'deep-tissue'],
    ['myofascial', 'myofascial-release'],
    ['MFR', 'myofascial-release'],
    ['fascia release', 'myofascial-release'],
    ['swedish', 'swedish'],
    ['relaxation massage', 'swedish'],
    ['NMT', 'neuromuscular'],
    ['neuromuscular', 'neuromuscular'],
    ['cupping', 'cupping'],
    ['cuping', 'cupping'],
    ['cups on my back', 'cupping'],
  ])('%s -> %s', (text, id) => {
    expect(analyzer.analyze(text).techniques).toContain(id);
  });

  it('finds several in order and ignores "knots"', () => {
    expect(analyzer.analyze('is cupping better than deep tissue?').techniques).toEqual(['cupping', 'deep-tissue']);
    expect(analyzer.analyze('I have knots in my back').techniques).toEqual([]);
  });
});
