import { describe, expect, it } from 'vitest';
import { TextAnalyzer } from '../../src/nlp/analyzer';
import { CUE_NAMES, CueDataSchema, expandTerm } from '../../src/nlp/cues';
import cuesJson from '../../src/nlp/data/cues.json';

/**
 * The intent rules' phrase cues as data (src/nlp/data/cues.json, issue 9): the file's own examples, the term syntax,
 * the checks at load, and that a content editor's new term changes a reading with no TypeScript touched.
 */
const analyzer = new TextAnalyzer();
type Cues = typeof cuesJson;
const clone = (): Cues => JSON.parse(JSON.stringify(cuesJson)) as Cues;

describe('cues.json: every cue as its examples show it', () => {
  for (const name of CUE_NAMES) {
    const cue = cuesJson.cues[name];
    it(`${name}: examples show it, notExamples do not`, () => {
      for (const text of cue.examples) expect(analyzer.cuesOf(text), text).toContain(name);
      for (const text of cue.notExamples ?? []) expect(analyzer.cuesOf(text), text).not.toContain(name);
    });
  }

  it('every plain term is found when typed on its own (gaps filled with one word)', () => {
    let checked = 0;
    for (const name of CUE_NAMES) {
      for (const term of cuesJson.cues[name].terms) {
        for (const plain of expandTerm(term)) {
          const text = plain
            .split(' ')
            .map((w) => (w.startsWith('~') ? 'really' : w.endsWith('*') ? `${w.slice(0, -1)}ed` : w))
            .join(' ');
          expect(analyzer.cuesOf(text), `${name}: "${plain}" typed as "${text}"`).toContain(name);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});

describe('cues.json flagTerms: the name of an emergency, asked what it means', () => {
  for (const [name, entry] of Object.entries(cuesJson.flagTerms)) {
    it(`${name}: examples ask about ${entry.flags.join(', ')}, notExamples do not`, () => {
      for (const text of entry.examples) expect(analyzer.analyze(text).askedAboutRedFlags, text).toEqual(entry.flags);
      for (const text of entry.notExamples) expect(analyzer.analyze(text).askedAboutRedFlags, text).toEqual([]);
    });
  }

  it('a flag id that does not exist fails the schema', () => {
    const d = clone() as unknown as { flagTerms: Record<string, { flags: string[] }> };
    (d.flagTerms['cauda-equina'] as { flags: string[] }).flags.push('spine-on-fire');
    expect(CueDataSchema.safeParse(d).success).toBe(false);
  });
});

describe('term syntax', () => {
  it('(a|b|) groups stand for each alternative, the empty one dropping out', () => {
    expect(expandTerm('back (is|feels) (completely|) fine')).toEqual(['back is completely fine', 'back is fine', 'back feels completely fine', 'back feels fine']);
    expect(expandTerm('no groups here')).toEqual(['no groups here']);
  });

  it('a ~1 gap takes one word at most, a ~ gap up to three', () => {
    expect(analyzer.cuesOf('what really helps')).toContain('what-helps');
    expect(analyzer.cuesOf('what helps')).toContain('what-helps');
    // "which massage style would you recommend for sciatica" asks which technique, not what helps the pain.
    expect(analyzer.cuesOf('which massage style would you recommend for sciatica')).not.toContain('what-helps');
    expect(analyzer.cuesOf('what do you think helps')).not.toContain('what-helps');
    expect(analyzer.cuesOf('anything else would help?')).toContain('what-helps');
  });

  it('the schema rejects nested groups, bad gaps, short prefixes, a missing or unknown cue', () => {
    const bad = (edit: (d: Cues & Record<string, unknown>) => void): boolean => {
      const d = clone() as Cues & Record<string, unknown>;
      edit(d);
      return CueDataSchema.safeParse(d).success;
    };
    expect(bad(() => undefined)).toBe(true);
    expect(bad((d) => d.cues.recurs.terms.push('came (back|(home|out))'))).toBe(false);
    expect(bad((d) => d.cues.recurs.terms.push('came ~4 back'))).toBe(false);
    expect(bad((d) => d.cues.recurs.terms.push('came back ~1'))).toBe(false);
    expect(bad((d) => d.cues.recurs.terms.push('ag* again'))).toBe(false);
    expect(bad((d) => d.cues.recurs.terms.push('Came Back'))).toBe(false);
    expect(bad((d) => d.cues.recurs.terms.push('(a|b|c|d|e|f|g|h|i|j) (a|b|c|d|e|f|g|h|i|j) (a|b|c|d|e|f|g|h|i|j) (a|b|c|d|e|f|g|h|i|j)'))).toBe(false);
    expect(bad((d) => delete (d.cues as Record<string, unknown>).recurs)).toBe(false);
    expect(bad((d) => ((d.cues as Record<string, unknown>).extra = d.cues.recurs))).toBe(false);
    expect(bad((d) => (d.cues.recurs.examples = []))).toBe(false);
  });

  it('a concept set naming an unknown concept fails at load, with the file named', () => {
    const d = clone();
    d.conceptSets['knee-keeps'].concepts.push('site.nowhere');
    expect(() => new TextAnalyzer({ cues: d })).toThrow(/cues\.json.*site\.nowhere/);
  });
});

describe('a content editor extends a cue without TypeScript', () => {
  it('a new off-topic term makes a shopping question out of scope', () => {
    const text = 'which mattress brand is on offer for my bad back';
    expect(analyzer.cuesOf(text)).not.toContain('off-topic');
    const d = clone();
    d.cues['off-topic'].terms.push('on offer');
    const edited = new TextAnalyzer({ cues: d });
    expect(edited.cuesOf(text)).toContain('off-topic');
    // An own-trouble word still outweighs it ("bad back"), as for every other off-topic word.
    const chair = 'is that massage chair on offer this week';
    expect(analyzer.analyze(chair).intent).not.toBe('out_of_scope');
    expect(edited.analyze(chair).intent).toBe('out_of_scope');
  });

  it('a new disclaimer phrase takes the back out of a neck question', () => {
    const text = 'my back is grand, it is my neck that is stiff';
    const d = clone();
    expect(analyzer.analyze(text).intent).not.toBe('out_of_scope');
    d.cues['not-back'].terms.push('back is grand');
    expect(new TextAnalyzer({ cues: d }).analyze(text).intent).toBe('out_of_scope');
  });
});
