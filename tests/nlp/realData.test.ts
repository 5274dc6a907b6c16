import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CONTRAINDICATION_IDS, INTENTS, MUSCLE_IDS, RED_FLAG_IDS, TECHNIQUE_IDS } from '../../src/knowledge/vocabulary';

/**
 * The real-phrasing sets (issue 9): messages paraphrased from public accounts, each with the page it came
 * from. The dev part is for learning and tuning, the test part is held out; they must come from different
 * sources, so no page and no message may appear in both.
 */
const DATA = resolve(__dirname, 'data');
const DEV = resolve(DATA, 'real-dev.jsonl');
const TEST = resolve(DATA, 'real-test.jsonl');
const DEV_SOURCES = resolve(DATA, 'real-dev.sources.md');

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

function load(file: string): RealLine[] {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const problems: string[] = [];
  const items: RealLine[] = [];
  lines.forEach((raw, i) => {
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
  expect(problems, file).toEqual([]);
  return items;
}

const duplicates = (values: string[]): string[] => values.filter((v, i) => values.indexOf(v) !== i);

describe('normalisers', () => {
  it('treat the same page and the same words as equal', () => {
    expect(normaliseSource('https://www.Example.com/a/b/#top')).toBe(normaliseSource('http://example.com/a/b'));
    expect(normaliseSource('https://example.com/a?p=1')).not.toBe(normaliseSource('https://example.com/a?p=2'));
    expect(normaliseText('My leg,  gave WAY!')).toBe(normaliseText('my leg gave way'));
  });
});

describe('real-phrasing dev set (tests/nlp/data/real-dev.jsonl)', () => {
  const dev = load(DEV);

  it('is a usable size with every flag, contraindications and out-of-scope look-alikes', () => {
    expect(dev.length).toBeGreaterThanOrEqual(50);
    const asserted = new Set(dev.flatMap((l) => l.redFlags));
    expect([...RED_FLAG_IDS].filter((f) => !asserted.has(f))).toEqual([]);
    expect(dev.some((l) => (l.contraindications ?? []).length > 0)).toBe(true);
    expect(dev.some((l) => l.intent === 'out_of_scope')).toBe(true);
    expect(dev.some((l) => l.redFlags.length === 0)).toBe(true);
  });

  it('has no message twice', () => {
    expect(duplicates(dev.map((l) => normaliseText(l.text)))).toEqual([]);
  });

  it('describes every source page in real-dev.sources.md', () => {
    const listed = new Set(
      [...readFileSync(DEV_SOURCES, 'utf8').matchAll(/^\| (https?:\/\/\S+) \|/gm)].map((m) => normaliseSource(m[1] as string)),
    );
    expect([...new Set(dev.map((l) => normaliseSource(l.source)))].filter((s) => !listed.has(s))).toEqual([]);
  });
});

describe.skipIf(!existsSync(TEST))('real-phrasing test set (tests/nlp/data/real-test.jsonl) against the dev set', () => {
  const dev = existsSync(TEST) ? load(DEV) : [];
  const test = existsSync(TEST) ? load(TEST) : [];

  it('has no message twice', () => {
    expect(duplicates(test.map((l) => normaliseText(l.text)))).toEqual([]);
  });

  it('shares no source page with the dev set', () => {
    const devSources = new Set(dev.map((l) => normaliseSource(l.source)));
    expect([...new Set(test.map((l) => normaliseSource(l.source)))].filter((s) => devSources.has(s))).toEqual([]);
  });

  it('shares no message with the dev set', () => {
    const devTexts = new Set(dev.map((l) => normaliseText(l.text)));
    expect(test.map((l) => l.text).filter((t) => devTexts.has(normaliseText(t)))).toEqual([]);
  });
});
