import { describe, expect, it } from 'vitest';
import { SOURCES, isSourceName } from '../../src/knowledge/sources';

describe('isSourceName', () => {
  it.each(Object.keys(SOURCES))('accepts %s', (name) => {
    expect(isSourceName(name)).toBe(true);
  });

  it.each(['', 'NHS Sciatica', 'nice ng59', 'toString', '__proto__', 'Wikipedia'])('rejects %j', (name) => {
    expect(isSourceName(name)).toBe(false);
  });

  it('gives every source a full reference', () => {
    for (const reference of Object.values(SOURCES)) expect(reference.length).toBeGreaterThan(10);
  });
});
