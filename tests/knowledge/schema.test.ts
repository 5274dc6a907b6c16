import { describe, expect, it } from 'vitest';
import aftercare from '../../src/knowledge/data/aftercare.json';
import contraindications from '../../src/knowledge/data/contraindications.json';
import followUps from '../../src/knowledge/data/followUps.json';
import framing from '../../src/knowledge/data/framing.json';
import muscles from '../../src/knowledge/data/muscles.json';
import redFlags from '../../src/knowledge/data/redFlags.json';
import stretches from '../../src/knowledge/data/stretches.json';
import techniques from '../../src/knowledge/data/techniques.json';
import {
  aftercareTipSchema,
  contraindicationSchema,
  fileSchemas,
  framingSchema,
  muscleSchema,
  redFlagSchema,
  stretchSchema,
  techniqueSchema,
} from '../../src/knowledge/schema';

const files = { muscles, techniques, stretches, aftercare, redFlags, contraindications, framing, followUps };
const clone = <T>(value: T): T => structuredClone(value);
const firstOf = <T>(list: readonly T[]): T => clone(list[0] as T);

describe('file schemas', () => {
  it.each(Object.keys(fileSchemas) as (keyof typeof fileSchemas)[])('parses the bundled %s.json', (file) => {
    const result = fileSchemas[file].safeParse(files[file]);
    expect(result.success, result.success ? '' : JSON.stringify(result.error.issues)).toBe(true);
  });

  it.each([
    ['a string', 'oops'],
    ['null', null],
    ['an object', {}],
  ])('rejects %s where a list is expected', (_label, value) => {
    expect(fileSchemas.muscles.safeParse(value).success).toBe(false);
  });
});

describe('entry schemas reject bad entries', () => {
  const muscle = firstOf(muscles);
  const technique = firstOf(techniques);

  it.each([
    ['an unknown key', { ...muscle, colour: 'red' }],
    ['an unknown muscle id', { ...muscle, id: 'calf' }],
    ['an empty name', { ...muscle, name: '' }],
    ['a whitespace-only location', { ...muscle, location: '   ' }],
    ['no aliases', { ...muscle, aliases: [] }],
    ['an empty cue', { ...muscle, intakeCues: ['buttock pain', ''] }],
    ['a missing source', (({ source: _s, ...rest }) => rest)(muscle)],
    ['an empty source list', { ...muscle, source: [] }],
    ['an unnamed source', { ...muscle, source: ['my friend said so'] }],
    ['the same source twice', { ...muscle, source: ['NHS sciatica', 'NHS sciatica'] }],
  ])('muscle with %s', (_label, entry) => {
    expect(muscleSchema.safeParse(entry).success).toBe(false);
  });

  it.each([
    ['an unknown technique id', { ...technique, id: 'shiatsu' }],
    ['an unknown pressure', { ...technique, pressure: 'medium' }],
    ['an unknown muscle in suits', { ...technique, suits: ['piriformis', 'calf'] }],
    ['no muscles in suits', { ...technique, suits: [] }],
    ['an unknown muscle in suitsWhy', { ...technique, suitsWhy: { ...technique.suitsWhy, calf: 'why' } }],
    ['an empty reason in suitsWhy', { ...technique, suitsWhy: { piriformis: '' } }],
    ['an empty evidence note', { ...technique, evidenceNote: '' }],
  ])('technique with %s', (_label, entry) => {
    expect(techniqueSchema.safeParse(entry).success).toBe(false);
  });

  it('accepts a technique without the optional evidence note', () => {
    const { evidenceNote: _n, ...rest } = clone(techniques.find((t) => t.id === 'cupping')!);
    expect(techniqueSchema.safeParse(rest).success).toBe(true);
  });

  it.each([
    ['a stretch with a spaced id', stretchSchema, { ...firstOf(stretches), id: 'Figure Four' }],
    ['a stretch for an unknown muscle', stretchSchema, { ...firstOf(stretches), muscle: 'calf' }],
    ['a stretch with no steps', stretchSchema, { ...firstOf(stretches), steps: [] }],
    ['a tip with an unknown timing', aftercareTipSchema, { ...firstOf(aftercare), when: 'during' }],
    ['a tip for an unknown technique', aftercareTipSchema, { ...firstOf(aftercare), techniques: ['reiki'] }],
    ['a red flag with an unknown level', redFlagSchema, { ...firstOf(redFlags), level: 'soon' }],
    ['a red flag with an unknown id', redFlagSchema, { ...firstOf(redFlags), id: 'headache' }],
    ['a contraindication with an unknown id', contraindicationSchema, { ...firstOf(contraindications), id: 'asthma' }],
    ['a contraindication excluding nothing', contraindicationSchema, { ...firstOf(contraindications), excludes: [] }],
    ['framing with an extra key', framingSchema, { ...clone(framing), cure: 'yes' }],
    ['framing without a disclaimer', framingSchema, { ...clone(framing), disclaimer: '' }],
  ] as const)('%s', (_label, schema, entry) => {
    expect(schema.safeParse(entry).success).toBe(false);
  });

  it('trims readable text', () => {
    const parsed = muscleSchema.parse({ ...muscle, name: '  Piriformis  ' });
    expect(parsed.name).toBe('Piriformis');
  });
});
