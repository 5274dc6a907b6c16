import { describe, expect, it } from 'vitest';
import { withLegacyReading } from '../../src/dialogs/legacyReading';
import { fakeAnalyzer } from './fakeAnalyzer';

/** The fake's own reading with the contraindication lists left neutral, as the real analyzer leaves them today. */
const neutral = (text: string) => ({ ...fakeAnalyzer().analyze(text), contraindications: [], deniedContraindications: [] });

describe('withLegacyReading: contraindications the analyzer leaves neutral', () => {
  it.each([
    ["I'm 24 weeks pregnant", ['pregnancy'], []],
    ['oh wait, I take clopidogrel after my stent', ['blood-thinners'], []],
    ["I'm not pregnant", [], ['pregnancy']],
    ['can I get a massage while pregnant?', [], []],
    ["I'm pregnant, can I have cupping on my lower back?", ['pregnancy'], []],
    ['my wife is pregnant and my bum hurts', [], []],
  ])('%j', (text, stated, denied) => {
    const read = withLegacyReading(neutral(text));
    expect(read.contraindications.map((c) => c.id)).toEqual(stated);
    expect(read.deniedContraindications).toEqual(denied);
  });

  it('leaves what the analyzer filled alone, and never changes the analysis it was given', () => {
    const filled = fakeAnalyzer().analyze('I take warfarin');
    expect(withLegacyReading(filled)).toBe(filled);
    const analysis = neutral("I'm pregnant");
    withLegacyReading(analysis);
    expect(analysis.contraindications).toEqual([]);
  });
});
