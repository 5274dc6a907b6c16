import { describe, expect, it } from 'vitest';
import { titles } from '../../src/dialogs/lookup';
import { loadKnowledge } from '../../src/knowledge';

const k = loadKnowledge();

describe('titles of our own muscle and technique options', () => {
  it('resolves whole titles, case and spacing aside', () => {
    const t = titles(k);
    expect(t.muscles.get('Glutes')).toBe('glutes');
    expect(t.muscles.get('quadratus  lumborum ')).toBe('quadratus-lumborum');
    expect(t.techniques.get('Neuromuscular therapy')).toBe('neuromuscular');
    expect(t.nextSteps.get('Stretches for Piriformis')).toEqual({ muscle: 'piriformis', stretches: true });
    expect(t.nextSteps.get('About Cupping therapy')).toEqual({ technique: 'cupping' });
    expect(t.nextSteps.get('About Hamstrings')).toEqual({ muscle: 'hamstrings', stretches: false });
  });

  it('reads nothing inside a message: names in free text are the language layer\'s', () => {
    const t = titles(k);
    expect(t.muscles.get('tell me about the glutes')).toBeUndefined();
    expect(t.techniques.get('is cupping safe?')).toBeUndefined();
    expect(t.nextSteps.get('stretches for my glutes please')).toBeUndefined();
    expect(t.techniques.get('banana')).toBeUndefined();
  });
});
