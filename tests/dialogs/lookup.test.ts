import { describe, expect, it } from 'vitest';
import { muscleByName, namedMuscles, namedTechniques, techniqueByName } from '../../src/dialogs/lookup';
import { loadKnowledge } from '../../src/knowledge';

const k = loadKnowledge();

describe('lookup', () => {
  it('finds named muscles and techniques by name and alias, whole words only', () => {
    expect(namedMuscles(k, 'tell me about the QL')).toEqual(['quadratus-lumborum']);
    expect(namedMuscles(k, 'my glute med and psoas')).toEqual(['glutes', 'hip-flexors']);
    expect(namedTechniques(k, 'is NMT better than cupping?')).toEqual(['neuromuscular', 'cupping']);
    expect(namedMuscles(k, 'qualms')).toEqual([]);
  });
  it('resolves button names', () => {
    expect(muscleByName(k, 'Glutes')).toBe('glutes');
    expect(muscleByName(k, 'Quadratus lumborum')).toBe('quadratus-lumborum');
    expect(techniqueByName(k, 'Neuromuscular therapy')).toBe('neuromuscular');
    expect(techniqueByName(k, 'banana')).toBeUndefined();
  });
});
