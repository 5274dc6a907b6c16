import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import intentsJson from '../../src/nlp/data/intents.json';
import lexiconJson from '../../src/nlp/data/lexicon.json';
import { PatternSet, compileLexicon, wordPattern } from '../../src/nlp/lexicon';
import { createAnalyzer } from '../../src/nlp';
import { cleanText, prepare } from '../../src/nlp/text';
import '../../src/nlp/analyzer'; // creates the GuardedPatterns of the intent rules and (through features) of the feature step
import { GuardedPattern, TriggerIndex, firstChars, neverMatchesEmpty, sampleMatch, seededRandom, sharedTriggers, triggerPairOf, triggersOf } from '../../src/nlp/triggers';

const ROOT = resolve(__dirname, '../..');
const lex = compileLexicon();
const prep = (text: string) => prepare(cleanText(text), (w) => lex.rewrites.get(w) ?? null);

/** Every text we have: labelled sets, the shared examples and every training utterance. */
function allTexts(): string[] {
  const texts: string[] = Object.values(intentsJson.intents).flat();
  const files = ['heldout', 'dev', 'dev2', 'blind-a', 'blind-b'].map((f) => `tests/nlp/data/${f}.jsonl`);
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

describe('triggersOf: words every match must contain at a word start', () => {
  it.each([
    ['both (?:of )?(?:my )?legs?', ['both']],
    ['(?:in|into|to) (?:my |the )?other (?:leg|side)', ['other']],
    ['weak(?:ness|er)?', ['weak']],
    ['(?:left|right) leg', ['left', 'right']],
    ['(?:[a-z]+ ){0,3}numb', ['numb']],
    ['(?<=my )behind(?! me)', ['behind']],
    ['foot drop|drop foot', ['drop', 'foot']],
    // A very common word is the last choice: "in the car" runs on "car", not on every message with "the".
    ['in the car', ['car']],
    ['can not feel (?:my )?foot', ['foot']],
  ])('%s -> %j', (src, words) => {
    expect(triggersOf(src)).toEqual(words);
  });

  it.each([
    ['[a-z]+ing'], // no literal word at a word start
    ['(?:my )?'], // can match nothing
    ['x{'], // syntax the parser does not read: the pattern always runs
    ['a\\nb'],
  ])('%s has none (always run)', (src) => {
    expect(triggersOf(src)).toBeNull();
  });

  it('knows which patterns can match the empty string', () => {
    expect(neverMatchesEmpty('back(?: pain)?')).toBe(true);
    expect(neverMatchesEmpty('(?:back)?')).toBe(false);
    expect(neverMatchesEmpty('(?=x)')).toBe(false);
  });
});

describe('triggersOf for a pattern that may start anywhere (anchored: false)', () => {
  it.each([
    // "but" could sit inside "rebut": only words after a character of the pattern that ends a word count.
    ['but helps', ['helps']],
    ['(?:^|, |but )[a-z ]* helps', ['helps']],
    ['left', null],
    // Conservative: the analysis does not know that "^" is a word start.
    ['(?:^| )left', null],
  ])('%s -> %j', (src, words) => {
    expect(triggersOf(src, false)).toEqual(words);
  });
});

describe('triggerPairOf: two word lists, each in every match', () => {
  it.each([
    ['(?:bladder|bowel) (?:will not|does not) empty', [['empty'], ['bladder', 'bowel']]],
    ['lost weight|weight loss', [['weight'], ['loss', 'lost']]],
    // An alternative that proves one list repeats it in the second.
    ['cancer', [['cancer'], ['cancer']]],
    ['[a-z]+ing', null],
  ])('%s -> %j', (src, pair) => {
    expect(triggerPairOf(src)).toEqual(pair);
  });
});

describe('firstChars', () => {
  const chars = (src: string): string | null => {
    const first = firstChars(src);
    return first === null ? null : [...first].flatMap((on, c) => (on ? [String.fromCharCode(c)] : [])).join('');
  };

  it.each([
    ['back|hip', 'bh'],
    ['(?:just )?above', 'aj'],
    ['(?<=my )behind(?! me)', 'b'],
    ['[x-z]+ing', 'xyz'],
    ['\\d+ kg', '0123456789'],
    ['(?:my )?', null], // can match nothing
    ['x{', null], // not read
  ])('%s -> %j', (src, expected) => {
    expect(chars(src)).toBe(expected);
  });
});

describe('TriggerIndex', () => {
  it('marks a pattern when a word of the text starts with one of its words', () => {
    const index = new TriggerIndex();
    const weak = index.register('weak(?:ness)?');
    const both = index.register('both legs');
    const always = index.register('[a-z]+ing');
    expect([...index.marks('my legs are weaker')]).toEqual([1, 0, 1]);
    expect(index.marks('feeling strong')[weak]).toBe(0);
    expect(index.marks('in both of them')[both]).toBe(1);
    expect(index.marks('unweak')[weak]).toBe(0); // not at a word start
    expect(index.marks('')[always]).toBe(1);
    expect(index.isAlways(always)).toBe(true);
  });

  it('gives the same word list the same owner, so building an analyzer again does not grow the index', () => {
    const index = new TriggerIndex();
    const a = index.registerWords(['numb', 'weak']);
    expect(index.registerWords(['weak', 'numb', 'weak'])).toBe(a);
    expect(index.registerAlways()).toBe(index.register('[a-z]+ing'));
    expect(index.size).toBe(2);
    createAnalyzer();
    const before = sharedTriggers.size;
    createAnalyzer();
    expect(sharedTriggers.size).toBe(before);
  });

  it('with loose starts, a word also starts after a digit or an apostrophe inside a run', () => {
    const strict = new TriggerIndex();
    const loose = new TriggerIndex(true);
    const s = strict.registerWords(['left']);
    const l = loose.registerWords(['left']);
    for (const text of ['3left', "x'left", 'my left leg']) expect(loose.marks(text)[l], text).toBe(1);
    expect(strict.marks('3left')[s]).toBe(0);
    expect(loose.marks('bereft left')[l]).toBe(1);
    expect(loose.marks('cleft')[l]).toBe(0);
  });

  it('reuses its marks buffer: marks are read before asking about another text', () => {
    const index = new TriggerIndex();
    const o = index.registerWords(['back']);
    const first = index.marks('my back');
    expect(first[o]).toBe(1);
    expect(index.marks('my back')).toBe(first);
    expect(index.marks('my hip')[o]).toBe(0);
  });
});

describe('GuardedPattern: the regexes in code skip only messages they cannot match', () => {
  it('covers the feature and intent-rule regexes', () => {
    expect(GuardedPattern.all.length).toBeGreaterThanOrEqual(15);
  });

  it('is true on every text and every sampled string the regex matches', () => {
    const random = seededRandom(5);
    const edges = ['', 'x', '3', "it'", 'my ', 'a.', 'no ', '? ', 'q'];
    let checked = 0;
    for (const g of GuardedPattern.all) {
      const re = new RegExp(g.re.source, g.re.flags.replace('g', ''));
      const texts = [...norms];
      for (let k = 0; k < 80; k++) texts.push(`${edges[k % edges.length]}${k % 2 ? ' ' : ''}${sampleMatch(g.re.source, random)} ${edges[(k >> 2) % edges.length]}`);
      for (const text of texts) {
        if (!re.test(text)) continue;
        checked++;
        expect(g.mayMatch(text), `${g.re.source.slice(0, 60)} on "${text}"`).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(2000);
  });

  it('a regex it cannot read, or one with other flags, always runs', () => {
    expect(new GuardedPattern(/x{/).mayMatch('nothing here')).toBe(true);
    expect(new GuardedPattern(/(?<![a-z])left/i).mayMatch('LEFT')).toBe(true);
  });
});

describe('prefilter soundness (a pattern must never be skipped)', () => {
  const index = new TriggerIndex();
  const srcs = allSources();
  const owners = srcs.map((s) => index.register(s));
  const regexes = srcs.map((s) => wordPattern(s, ''));

  it('every pattern that matches a text from the sets is marked on that text', () => {
    let matches = 0;
    for (const norm of norms) {
      const marks = index.marks(norm);
      srcs.forEach((src, i) => {
        if (!(regexes[i] as RegExp).test(norm)) return;
        matches++;
        expect(marks[owners[i] as number], `${src} on "${norm}"`).toBe(1);
      });
    }
    expect(matches).toBeGreaterThan(3000);
  });

  it('every pattern is marked on random strings it matches (checked with the real regex)', () => {
    const random = seededRandom(7);
    const edges = ['', 'x', 'my ', 'a.', "'", 'no ', '? '];
    let checked = 0;
    srcs.forEach((src, i) => {
      for (let k = 0; k < 60; k++) {
        const text = `${edges[k % edges.length]} ${sampleMatch(src, random)} ${edges[(k >> 3) % edges.length]}`;
        if (!(regexes[i] as RegExp).test(text)) continue;
        checked++;
        expect(index.marks(text)[owners[i] as number], `${src} on "${text}"`).toBe(1);
      }
    });
    expect(checked).toBeGreaterThan(srcs.length * 50);
  });
});

describe('PatternSet without capture groups', () => {
  /** The alternation with one capture group per pattern, as it was: the reference for which pattern a hit came from. */
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
    for (const norm of norms) {
      const ours = set.scan(norm).map((h) => [h.id, h.start, h.text]);
      expect(ours, norm).toEqual(reference(entries, norm));
      expect(set.test(norm)).toBe(ours.length > 0);
      hits += ours.length;
    }
    expect(hits).toBeGreaterThan(30);
  });

  // The pattern behind a hit is named by an alternation of only the patterns that can start with its first character.
  it.each(kinds)('%s: same ids on strings sampled from every pattern, in context', (kind) => {
    const entries = Object.entries(lexiconJson[kind]) as Array<[string, string[]]>;
    const set = new PatternSet(entries);
    const random = seededRandom(13);
    const edges = ['', 'my ', 'the left ', 'no ', ', ', 'a. '];
    let hits = 0;
    for (const [, srcs] of entries) {
      for (const src of srcs) {
        for (let k = 0; k < 6; k++) {
          const norm = `${edges[k]}${sampleMatch(src, random)} ${sampleMatch(src, random)} of my back`;
          const ours = set.scan(norm).map((h) => [h.id, h.start, h.text]);
          expect(ours, norm).toEqual(reference(entries, norm));
          hits += ours.length;
        }
      }
    }
    expect(hits).toBeGreaterThan(100);
  });
});
