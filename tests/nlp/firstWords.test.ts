import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import intentsJson from '../../src/nlp/data/intents.json';
import lexiconJson from '../../src/nlp/data/lexicon.json';
import { FirstWordIndex, GuardedPattern, PatternSet, compileLexicon, firstWords, wordPattern } from '../../src/nlp/lexicon';
import { cleanText, prepare } from '../../src/nlp/text';
import '../../src/nlp/analyzer'; // creates the GuardedPatterns of the intent rules and (through features) of the feature step
import { seededRandom } from './seededRandom';

const ROOT = resolve(__dirname, '../..');
const lex = compileLexicon();
const prep = (text: string) => prepare(cleanText(text), (w) => lex.rewrites.get(w) ?? null);

/** Every text we have: labelled sets, the shared examples and every training utterance. */
function allTexts(): string[] {
  const texts: string[] = Object.values(intentsJson.intents).flat();
  const files = ['heldout', 'dev', 'dev2', 'blind-a', 'blind-b', 'blind-c', 'real-dev'].map((f) => `tests/nlp/data/${f}.jsonl`);
  for (const f of [...files, '../shared/nlu-examples.jsonl']) {
    const p = resolve(ROOT, f);
    if (!existsSync(p)) continue;
    for (const line of readFileSync(p, 'utf8').split('\n')) if (line.trim()) texts.push((JSON.parse(line) as { text: string }).text);
  }
  return texts;
}
const norms = allTexts().map((t) => prep(t).norm);

/** Every pattern source in the data that a PatternSet or a muscle cue runs. */
function allSources(): string[] {
  const data = lex.data;
  const srcs: string[] = [];
  for (const kind of [data.muscles, data.techniques, data.areas, data.aggravators, data.qualities, data.findings]) {
    for (const list of Object.values(kind)) srcs.push(...(list as string[]));
  }
  srcs.push(...data.domain, ...data.painWords, ...data.otherBodyParts);
  for (const c of data.muscleCues) if (c.pattern) srcs.push(c.pattern);
  return srcs;
}

/**
 * Random texts from the words the patterns themselves are made of (and a few edges: digits, apostrophes,
 * punctuation), so most patterns match some of them somewhere, often not at the text's start.
 */
function randomTexts(count: number, seed: number): string[] {
  const words = new Set<string>(['3', "'", 'x', '.', ',', '?', 'my', 'the', 'no', 'not']);
  for (const src of allSources()) for (const w of src.match(/[a-z0-9']+/g) ?? []) words.add(w);
  for (const g of GuardedPattern.all) for (const w of g.re.source.match(/[a-z0-9']+/g) ?? []) words.add(w);
  const list = [...words];
  const random = seededRandom(seed);
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    const n = 1 + Math.floor(random() * 8);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(list[Math.floor(random() * list.length)] as string);
    // Sometimes glue two words ("3weeks", "x'left") to test starts inside a run of word characters.
    out.push(parts.join(random() < 0.2 ? '' : ' '));
  }
  return out;
}

describe('firstWords: the words every match begins with', () => {
  it.each([
    ['buttocks?', ['buttock']],
    ['bum cheeks?', ['bum']],
    ['hi+', ['hi']],
    ['(?:stand|get)(?:ting)? up', ['stand', 'get']],
    ['long drives?|long (?:car )?trips?', ['long', 'long']],
    ['(?<=my )behind(?! me)', ['behind']],
    ['(?:(?:left|right) )?hip', ['left', 'right', 'hip']],
    ['(?:my |the )*?back', ['my', 'the', 'back']],
    ['(?:my )?(?:[a-z]+ )?back', null],
    ['(?:|my )back', null],
    ["can't (?:feel|move)", ["can't"]],
    ['[a-z]+ing', null],
    ['x{2,}', null],
    ['\\bback', null],
    ['(back)', null],
    ['(?:^|and )it', null],
  ] as Array<[string, string[] | null]>)('%s', (src, words) => {
    expect(firstWords(src)).toEqual(words);
  });
});

describe('FirstWordIndex', () => {
  it('lists a pattern where one of its words begins a word of the text, also after a digit or an apostrophe', () => {
    const index = new FirstWordIndex();
    const back = index.register(['back(?: pain)?', '(?:both|two) legs', '[a-z]+ing'], true);
    const [legs, any] = [back + 1, back + 2];
    expect([...index.marks('my backside hurts')]).toEqual([1, 0, 1]);
    expect(index.marks('aback')[back]).toBe(0);
    expect(index.marks('3both legs')[legs]).toBe(1);
    // A pattern with no first words is marked on every text, and listed at no position.
    expect(index.marks('')[any]).toBe(1);
    const starts = index.starts('two legs, my back');
    expect(starts.positions).toEqual([0, 13]);
    expect(starts.ids).toEqual([legs, back]);
    // Registered only to be marked: marked, listed nowhere.
    const sit = index.register(['sit']);
    expect(index.marks('i sit')[sit]).toBe(1);
    expect(index.starts('i sit').positions).toEqual([]);
  });

  it('gives the same sources the same ids, so rebuilding analyzers does not grow it', () => {
    const index = new FirstWordIndex();
    expect(index.register(['(?:a|b)c', 'x'])).toBe(index.register(['(?:a|b)c', 'x']));
    expect(index.register(['y'])).toBe(2);
  });
});

describe('soundness: a pattern that is skipped could not have matched', () => {
  const srcs = allSources();
  const index = new FirstWordIndex();
  const owners = srcs.map((s) => index.register([s]));
  const regexes = srcs.map((s) => wordPattern(s, ''));
  const texts = [...norms, ...randomTexts(4000, 7)];

  it('every data pattern (lexicon, muscle cues) that matches a text is marked on it', () => {
    let matches = 0;
    for (const norm of texts) {
      const marks = index.marks(norm);
      srcs.forEach((src, i) => {
        if (!(regexes[i] as RegExp).test(norm)) return;
        matches++;
        expect(marks[owners[i] as number], `${src} on "${norm}"`).toBe(1);
      });
    }
    expect(matches).toBeGreaterThan(10_000);
  });

  it('every guarded regex in code is allowed to run on every text it matches', () => {
    expect(GuardedPattern.all.length).toBeGreaterThanOrEqual(10);
    let checked = 0;
    for (const g of GuardedPattern.all) {
      const re = new RegExp(g.re.source, g.re.flags.replace('g', ''));
      for (const text of texts) {
        if (!re.test(text)) continue;
        checked++;
        expect(g.mayMatch(text), `${g.re.source.slice(0, 60)} on "${text}"`).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(300); // the intent rules' cues moved to data/cues.json: fewer, rarer patterns here
  });

  it('a regex with other flags, or an alternative outside its boundary, always runs', () => {
    expect(new GuardedPattern(/(?<![a-z])left/i).mayMatch('LEFT')).toBe(true);
    expect(new GuardedPattern(/(?<![a-z])left|right/).mayMatch('alright')).toBe(true);
    expect(new GuardedPattern(/left/).mayMatch('cleft')).toBe(true);
    expect(new GuardedPattern(/(?<![a-z])left/).mayMatch('cleft')).toBe(false);
  });
});

describe('PatternSet', () => {
  /** The alternation with one capture group per pattern and no prefilter: the reference for which pattern a hit came from. */
  function reference(entries: ReadonlyArray<readonly [string, readonly string[]]>, norm: string): Array<[string, number, string]> {
    const alts = entries.flatMap(([id, srcs]) => srcs.map((src) => ({ id, src }))).sort((a, b) => b.src.length - a.src.length);
    const re = new RegExp(`(?<![a-z0-9'])(?:${alts.map((a) => `(${a.src})`).join('|')})(?![a-z0-9])`, 'g');
    const out: Array<[string, number, string]> = [];
    let m: RegExpExecArray | null;
    while ((m = re.exec(norm)) !== null) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const g = m.findIndex((x, i) => i > 0 && x !== undefined);
      out.push([(alts[g - 1] as { id: string }).id, m.index, m[0]]);
    }
    return out;
  }

  const kinds = ['muscles', 'techniques', 'areas', 'aggravators', 'qualities', 'findings'] as const;
  it.each(kinds)('%s: same hits and ids as the capturing alternation on every text', (kind) => {
    const entries = Object.entries(lexiconJson[kind]) as Array<[string, string[]]>;
    const set = new PatternSet(entries);
    let hits = 0;
    for (const norm of [...norms, ...randomTexts(1000, 13)]) {
      const ours = set.scan(norm).map((h) => [h.id, h.start, h.text]);
      expect(ours, norm).toEqual(reference(entries, norm));
      expect(set.test(norm)).toBe(ours.length > 0);
      hits += ours.length;
    }
    expect(hits).toBeGreaterThan(30);
  });
});
