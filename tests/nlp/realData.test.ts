import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CONTRAINDICATION_IDS, INTENTS, MUSCLE_IDS, RED_FLAG_IDS, TECHNIQUE_IDS } from '../../src/knowledge/vocabulary';

/**
 * The real-phrasing sets (issue 9): messages paraphrased from public accounts, each with the page it came
 * from. Dev parts (`real-dev*.jsonl`) are for learning and tuning; test parts (`real-test*.jsonl`) are held
 * out. Every part present is validated, and no page and no message may appear in both a dev part and a test
 * part, for every such pair. A part's pages are described in its `<part>.sources.md` beside it.
 */
const DATA = resolve(__dirname, 'data');
const PART = /^real-(dev|test)[\w-]*\.jsonl$/;

const parts = readdirSync(DATA)
  .filter((f) => PART.test(f))
  .sort()
  .map((name) => ({ name, kind: (PART.exec(name) as RegExpExecArray)[1] as 'dev' | 'test', file: resolve(DATA, name) }));
const devParts = parts.filter((p) => p.kind === 'dev');
const testParts = parts.filter((p) => p.kind === 'test');

const flags = z.array(z.enum(RED_FLAG_IDS));
/** The CONTRACT's labelled-utterance line, stricter: every line of a real-* set names its page. */
const RealLineSchema = z
  .object({
    text: z.string().trim().min(1),
    intent: z.enum(INTENTS),
    muscles: z.array(z.enum(MUSCLE_IDS)).min(1).nullable().optional(),
    techniques: z.array(z.enum(TECHNIQUE_IDS)).optional(),
    redFlags: flags,
    possibleRedFlags: flags.optional(),
    contraindications: z.array(z.enum(CONTRAINDICATION_IDS)).optional(),
    source: z.string().regex(/^https?:\/\/[^\s/]+\.[^\s/]+/, 'an http(s) URL'),
  })
  .strict()
  .refine((l) => !(l.possibleRedFlags ?? []).some((f) => l.redFlags.includes(f)), {
    message: 'possibleRedFlags never lists a flag that is in redFlags',
  });
type RealLine = z.infer<typeof RealLineSchema>;

/** Same page whatever the scheme, "www.", case of the host, fragment or trailing slash. */
function normaliseSource(url: string): string {
  const u = new URL(url);
  const host = u.hostname.toLowerCase().replace(/^www\./, '');
  const path = u.pathname.replace(/\/+$/, '');
  return `${host}${path}${u.search}`;
}

/** Same message whatever the case, punctuation or spacing. */
function normaliseText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Parses a part; lines that are not JSON or break the schema are returned as problems, not thrown. */
function parse(file: string): { items: RealLine[]; problems: string[] } {
  const problems: string[] = [];
  const items: RealLine[] = [];
  readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((raw, i) => {
      if (raw.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (err) {
        problems.push(`${i + 1}: not JSON (${(err as Error).message})`);
        return;
      }
      const parsed = RealLineSchema.safeParse(value);
      if (parsed.success) items.push(parsed.data);
      else problems.push(`${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
    });
  return { items, problems };
}

const loaded = new Map(parts.map((p) => [p.name, parse(p.file)]));
const linesOf = (name: string): RealLine[] => loaded.get(name)?.items ?? [];
const duplicates = (values: string[]): string[] => values.filter((v, i) => values.indexOf(v) !== i);
/** Every page a sources file names, whether as a table cell, an autolink or a bare URL. */
const listedSources = (markdown: string): Set<string> =>
  new Set([...markdown.matchAll(/https?:\/\/[^\s<>|]+/g)].map((m) => normaliseSource(m[0])));

describe('normalisers', () => {
  it('treat the same page and the same words as equal', () => {
    expect(normaliseSource('https://www.Example.com/a/b/#top')).toBe(normaliseSource('http://example.com/a/b'));
    expect(normaliseSource('https://example.com/a?p=1')).not.toBe(normaliseSource('https://example.com/a?p=2'));
    expect(normaliseText('My leg,  gave WAY!')).toBe(normaliseText('my leg gave way'));
  });

  it('find the pages of both sources-file styles', () => {
    const md = '| https://www.a.com/x/ | personal |\n- <http://b.org/y?p=2> (3): a blog\n';
    expect([...listedSources(md)]).toEqual(['a.com/x', 'b.org/y?p=2']);
  });
});

describe('the real-phrasing parts', () => {
  it('include the original dev part and at least one test part', () => {
    expect(devParts.map((p) => p.name)).toContain('real-dev.jsonl');
    expect(testParts.length).toBeGreaterThan(0);
  });
});

describe.each(parts)('real-phrasing $kind part $name', ({ name, file }) => {
  const sources = file.replace(/\.jsonl$/, '.sources.md');

  it('parses: every line is JSON that fits the labelled-utterance schema', () => {
    expect(loaded.get(name)?.problems).toEqual([]);
    expect(linesOf(name).length).toBeGreaterThan(0);
  });

  it('has no message twice', () => {
    expect(duplicates(linesOf(name).map((l) => normaliseText(l.text)))).toEqual([]);
  });

  it.skipIf(!existsSync(sources))(`describes every source page in ${name.replace(/\.jsonl$/, '.sources.md')}`, () => {
    const listed = listedSources(readFileSync(sources, 'utf8'));
    expect([...new Set(linesOf(name).map((l) => normaliseSource(l.source)))].filter((s) => !listed.has(s))).toEqual([]);
  });
});

describe.each([
  ['dev', devParts],
  ['test', testParts],
] as const)('the %s parts together', (_kind, group) => {
  const all = group.flatMap((p) => linesOf(p.name));

  it('assert every red flag, state contraindications and hold out-of-scope look-alikes', () => {
    const asserted = new Set(all.flatMap((l) => l.redFlags));
    expect([...RED_FLAG_IDS].filter((f) => !asserted.has(f))).toEqual([]);
    expect(all.some((l) => (l.contraindications ?? []).length > 0)).toBe(true);
    expect(all.some((l) => l.intent === 'out_of_scope')).toBe(true);
    expect(all.some((l) => l.redFlags.length === 0 && (l.possibleRedFlags ?? []).length === 0)).toBe(true);
  });
});

const pairs = devParts.flatMap((dev) => testParts.map((test) => ({ dev: dev.name, test: test.name })));

describe.each(pairs)('$test held out from $dev', ({ dev, test }) => {
  it('shares no source page', () => {
    const devSources = new Set(linesOf(dev).map((l) => normaliseSource(l.source)));
    expect([...new Set(linesOf(test).map((l) => normaliseSource(l.source)))].filter((s) => devSources.has(s))).toEqual([]);
  });

  it('shares no message', () => {
    const devTexts = new Set(linesOf(dev).map((l) => normaliseText(l.text)));
    expect(linesOf(test).map((l) => l.text).filter((t) => devTexts.has(normaliseText(t)))).toEqual([]);
  });
});
