import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
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
  CONTRAINDICATION_IDS,
  EMERGENCY_RED_FLAGS,
  KnowledgeError,
  MUSCLE_IDS,
  RED_FLAG_IDS,
  SOURCES,
  TECHNIQUE_IDS,
  buildKnowledge,
  loadKnowledge,
  renderAdvice,
  type ContraindicationId,
  type KnowledgeBase,
  type MuscleId,
  type TechniqueId,
} from '../../src/knowledge';

/** A fresh, mutable copy of the bundled data, for feeding deliberately broken versions. */
const rawCopy = () =>
  structuredClone({ muscles, techniques, stretches, aftercare, redFlags, contraindications, framing, followUps }) as {
    muscles: Record<string, unknown>[];
    techniques: Record<string, unknown>[];
    stretches: Record<string, unknown>[];
    aftercare: Record<string, unknown>[];
    redFlags: Record<string, unknown>[];
    contraindications: Record<string, unknown>[];
    framing: Record<string, unknown>;
    followUps: { topics: Record<string, Record<string, unknown>>; evidence: Record<string, unknown>[] };
  };
type Raw = ReturnType<typeof rawCopy>;

const byId = (list: Record<string, unknown>[], id: string): Record<string, unknown> => {
  const found = list.find((e) => e.id === id);
  if (!found) throw new Error(`test data has no ${id}`);
  return found;
};

/** Runs buildKnowledge on a broken copy and returns the problems it reported. */
const problemsFor = (breakIt: (raw: Raw) => void): readonly string[] => {
  const raw = rawCopy();
  breakIt(raw);
  try {
    buildKnowledge(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(KnowledgeError);
    return (error as KnowledgeError).problems;
  }
  throw new Error('expected buildKnowledge to reject the broken data');
};

const DEEP: TechniqueId[] = ['trigger-point', 'deep-tissue', 'neuromuscular', 'cupping'];
const kb: KnowledgeBase = loadKnowledge();

describe('loadKnowledge', () => {
  it('loads the bundled data with every vocabulary entry once', () => {
    expect(kb.muscles.map((m) => m.id).sort()).toEqual([...MUSCLE_IDS].sort());
    expect(kb.techniques.map((t) => t.id).sort()).toEqual([...TECHNIQUE_IDS].sort());
    expect(kb.redFlags.map((f) => f.id).sort()).toEqual([...RED_FLAG_IDS].sort());
    expect(kb.contraindications.map((c) => c.id).sort()).toEqual([...CONTRAINDICATION_IDS].sort());
    expect(kb.framing.disclaimer).toMatch(/not a diagnosis/);
  });

  it('parses once and returns the same instance afterwards', () => {
    expect(loadKnowledge()).toBe(kb);
  });

  it('hands out read-only data', () => {
    expect(() => (kb.muscles as unknown as unknown[]).push({})).toThrow(TypeError);
    expect(() => {
      (kb.muscle('piriformis') as { name: string }).name = 'changed';
    }).toThrow(TypeError);
  });

  it('accepts a clean copy through buildKnowledge', () => {
    expect(buildKnowledge(rawCopy()).muscles).toHaveLength(MUSCLE_IDS.length);
  });
});

describe('buildKnowledge rejects broken data, naming file and id', () => {
  it.each<[string, (raw: Raw) => void, RegExp]>([
    ['a duplicate muscle', (r) => r.muscles.push(structuredClone(byId(r.muscles, 'piriformis'))), /^muscles\.json: id "piriformis" appears more than once$/],
    ['a duplicate stretch id', (r) => r.stretches.push(structuredClone(r.stretches[0]!)), /^stretches\.json: id "piriformis-figure-four" appears more than once$/],
    ['a duplicate tip id', (r) => r.aftercare.push(structuredClone(r.aftercare[0]!)), /^aftercare\.json: id "heat-before" appears more than once$/],
    ['a missing muscle', (r) => r.muscles.splice(r.muscles.indexOf(byId(r.muscles, 'glutes')), 1), /^muscles\.json: missing muscle "glutes"$/],
    ['a dangling suits reference', (r) => r.muscles.splice(r.muscles.indexOf(byId(r.muscles, 'glutes')), 1), /^techniques\.json, id "trigger-point": suits unknown muscle "glutes"$/],
    ['a missing technique', (r) => r.techniques.pop(), /^techniques\.json: missing technique "cupping"$/],
    ['a dangling excludes reference', (r) => r.techniques.pop(), /^contraindications\.json, id "blood-thinners": excludes unknown technique "cupping"$/],
    ['a dangling aftercare technique', (r) => r.techniques.pop(), /^aftercare\.json, id "cupping-marks": unknown technique "cupping"$/],
    ['a dangling aftercare muscle', (r) => r.muscles.splice(r.muscles.indexOf(byId(r.muscles, 'hamstrings')), 1), /^aftercare\.json, id "sit-bone-gentle": unknown muscle "hamstrings"$/],
    ['a dangling stretch muscle', (r) => r.muscles.splice(r.muscles.indexOf(byId(r.muscles, 'hip-flexors')), 1), /^stretches\.json, id "hip-flexors-kneeling-lunge": unknown muscle "hip-flexors"$/],
    ['a missing red flag', (r) => r.redFlags.splice(r.redFlags.indexOf(byId(r.redFlags, 'fever')), 1), /^redFlags\.json: missing red flag "fever"$/],
    ['a missing contraindication', (r) => r.contraindications.splice(r.contraindications.indexOf(byId(r.contraindications, 'pregnancy')), 1), /^contraindications\.json: missing contraindication "pregnancy"$/],
    ['a muscle with no stretch', (r) => (r.stretches = r.stretches.filter((s) => s.muscle !== 'quadratus-lumborum')), /^stretches\.json: no stretch for muscle "quadratus-lumborum"$/],
    ['suits without a reason', (r) => delete (byId(r.techniques, 'swedish').suitsWhy as Record<string, string>).glutes, /^techniques\.json, id "swedish": suits "glutes" but suitsWhy has no reason for it$/],
    ['a reason for a muscle not suited', (r) => (byId(r.techniques, 'cupping').suits = ['glutes', 'hamstrings']), /^techniques\.json, id "cupping": suitsWhy names "quadratus-lumborum", which is not in suits$/],
    ['a muscle suited twice', (r) => (byId(r.techniques, 'cupping').suits as string[]).push('glutes'), /^techniques\.json, id "cupping": suits lists "glutes" twice$/],
    ['a missing source', (r) => delete byId(r.muscles, 'hamstrings').source, /^muscles\.json, entry 3 \(id "hamstrings"\), source: /],
    ['an empty source list', (r) => (byId(r.redFlags, 'cancer').source = []), /^redFlags\.json, entry 7 \(id "cancer"\), source: every clinical statement needs at least one source$/],
    ['an unknown source', (r) => (byId(r.techniques, 'swedish').source = ['A blog']), /^techniques\.json, entry 5 \(id "swedish"\), source\.0: unknown source "A blog"/],
    ['a framing without source', (r) => delete r.framing.source, /^framing\.json, source: /],
    ['an unknown technique id', (r) => (byId(r.techniques, 'swedish').id = 'shiatsu'), /^techniques\.json, entry 5 \(id "shiatsu"\), id: /],
    ['an unknown red flag id', (r) => (byId(r.redFlags, 'fever').id = 'headache'), /^redFlags\.json, entry 5 \(id "headache"\), id: /],
    ['an unknown key', (r) => (byId(r.muscles, 'glutes').colour = 'red'), /^muscles\.json, entry 2 \(id "glutes"\)(, colour)?: .*colour/],
    ['a file that is not a list', (r) => ((r as Record<string, unknown>).stretches = 'oops'), /^stretches\.json: /],
    ['a file that is missing', (r) => delete (r as Partial<Raw>).framing, /^framing\.json: /],
    ['emergency advice without the number', (r) => (byId(r.redFlags, 'bilateral').advice = 'Go to hospital now.'), /^redFlags\.json, id "bilateral": emergency advice must contain \{emergencyNumber\}$/],
    ['an emergency flag marked urgent', (r) => (byId(r.redFlags, 'bladder-bowel').level = 'urgent'), /^redFlags\.json, id "bladder-bowel": level must be "emergency", found "urgent"$/],
    ['an urgent flag marked emergency', (r) => (byId(r.redFlags, 'weight-loss').level = 'emergency'), /^redFlags\.json, id "weight-loss": level must be "urgent", found "emergency"$/],
    ['a contraindication that keeps deep pressure', (r) => (byId(r.contraindications, 'pregnancy').excludes = ['cupping']), /^contraindications\.json, id "pregnancy": must exclude deep-pressure technique "deep-tissue"$/],
    ['an unknown placeholder', (r) => (byId(r.redFlags, 'fever').advice = 'Call {emergencyNumbr}.'), /^redFlags\.json, id "fever" advice: unknown placeholder \{emergencyNumbr\}/],
    ['US-only "ER" wording', (r) => (byId(r.redFlags, 'trauma').advice = 'Go to the ER today.'), /^redFlags\.json, id "trauma" advice: US-only wording/],
    ['a follow-up naming an unknown tip', (r) => (r.followUps.topics['soreness-after']!.tips as string[]).push('ice-bath'), /^followUps\.json, topic "soreness-after": unknown aftercare tip "ice-bath"$/],
    ['an evidence subject twice', (r) => r.followUps.evidence.push(structuredClone(r.followUps.evidence[0]!)), /^followUps\.json: evidence for "massage" must appear once, found 2$/],
    ['an evidence subject missing', (r) => r.followUps.evidence.pop(), /^followUps\.json: evidence for "heat" must appear once, found 0$/],
    ['a follow-up with an unknown source', (r) => (r.followUps.topics.frequency!.source = ['A blog']), /^followUps\.json, topics\.frequency\.source\.0: unknown source "A blog"/],
    ['a follow-up topic missing', (r) => delete r.followUps.topics['worth-it'], /^followUps\.json, topics\.worth-it: /],
    ['a follow-up with no caution', (r) => (r.followUps.topics['heat-or-ice']!.cautions = []), /^followUps\.json, topics\.heat-or-ice\.cautions: must list at least one entry$/],
    ['US-only wording in a follow-up', (r) => (r.followUps.topics.frequency!.answer = 'Go to the ER.'), /^followUps\.json topics frequency answer: US-only wording/],
  ])('%s', (_label, breakIt, expected) => {
    const problems = problemsFor(breakIt);
    expect(problems.some((p) => expected.test(p)), problems.join('\n')).toBe(true);
  });

  it('reports every problem at once', () => {
    const problems = problemsFor((r) => {
      r.techniques.pop();
      byId(r.redFlags, 'bilateral').advice = 'Go to hospital.';
    });
    expect(problems.length).toBeGreaterThanOrEqual(3);
  });

  it('puts the problems in the error message', () => {
    const raw = rawCopy();
    raw.muscles.pop();
    expect(() => buildKnowledge(raw)).toThrow(/missing muscle "hip-flexors"/);
  });
});

describe('lookups by id', () => {
  it.each(MUSCLE_IDS)('muscle(%s)', (id) => expect(kb.muscle(id).id).toBe(id));
  it.each(TECHNIQUE_IDS)('technique(%s)', (id) => expect(kb.technique(id).id).toBe(id));
  it.each(RED_FLAG_IDS)('redFlag(%s)', (id) => expect(kb.redFlag(id).id).toBe(id));

  it('names an unknown id in the error', () => {
    expect(() => kb.muscle('calf' as MuscleId)).toThrow(/Unknown muscle id "calf"/);
  });
});

describe('techniquesFor', () => {
  it.each<[MuscleId[], TechniqueId[], TechniqueId, TechniqueId[]]>([
    // muscles, exclude, expected first, must not appear
    [['piriformis'], [], 'trigger-point', ['cupping']],
    [['glutes'], [], 'trigger-point', []],
    [['hamstrings'], [], 'deep-tissue', ['trigger-point', 'myofascial-release', 'neuromuscular']],
    [['quadratus-lumborum'], [], 'trigger-point', []],
    [['hip-flexors'], [], 'myofascial-release', ['deep-tissue', 'cupping', 'trigger-point']],
    [['piriformis'], DEEP, 'myofascial-release', DEEP],
    [['hamstrings'], DEEP, 'swedish', DEEP],
    [['hamstrings', 'piriformis'], [], 'deep-tissue', []],
    [['hip-flexors', 'hamstrings'], [], 'swedish', []],
  ])('%j excluding %j starts with %s', (wanted, exclude, first, absent) => {
    const suggestions = kb.techniquesFor(wanted, exclude);
    expect(suggestions[0]?.technique.id).toBe(first);
    const ids = suggestions.map((s) => s.technique.id);
    for (const id of absent) expect(ids).not.toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(MUSCLE_IDS.map((m) => [m]))('explains each suggestion for %s with suitsWhy', (muscle) => {
    for (const s of kb.techniquesFor([muscle])) {
      expect(s.forMuscles).toEqual([muscle]);
      expect(s.technique.suits).toContain(muscle);
      expect(s.reason).toBe(s.technique.suitsWhy[muscle]);
    }
  });

  it('ranks techniques suiting more of the muscles first, then the first-named muscle', () => {
    const wanted: MuscleId[] = ['hip-flexors', 'hamstrings', 'piriformis'];
    const suggestions = kb.techniquesFor(wanted);
    const keys = suggestions.map((s) => [-s.forMuscles.length, wanted.indexOf(s.forMuscles[0]!)] as const);
    const sorted = [...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(keys).toEqual(sorted);
    const swedish = suggestions.find((s) => s.technique.id === 'swedish')!;
    expect(swedish.forMuscles).toEqual(wanted);
    expect(swedish.reason).toContain(swedish.technique.suitsWhy['hip-flexors']);
    expect(swedish.reason).toContain(swedish.technique.suitsWhy.piriformis);
  });

  it('offers every technique, with what it does, when no muscle is known', () => {
    const suggestions = kb.techniquesFor([], ['cupping']);
    expect(suggestions.map((s) => s.technique.id)).toEqual(TECHNIQUE_IDS.filter((t) => t !== 'cupping').sort((a, b) => kb.techniques.findIndex((t) => t.id === a) - kb.techniques.findIndex((t) => t.id === b)));
    for (const s of suggestions) expect(s.reason).toBe(s.technique.does);
  });

  it('ignores duplicates and unknown ids without throwing', () => {
    const suggestions = kb.techniquesFor(['piriformis', 'piriformis', 'calf' as MuscleId]);
    expect(suggestions[0]?.forMuscles).toEqual(['piriformis']);
  });

  it('returns nothing when everything is excluded', () => {
    expect(kb.techniquesFor(['glutes'], TECHNIQUE_IDS)).toEqual([]);
  });
});

describe('aftercareFor', () => {
  const ids = (muscles: MuscleId[], techniques: TechniqueId[]) => kb.aftercareFor(muscles, techniques).map((t) => t.id);

  it.each<[MuscleId[], TechniqueId[], string[], string[]]>([
    // muscles, techniques, must include, must not include
    [[], [], ['heat-before', 'stretch-after', 'stay-active'], ['cupping-marks', 'sit-bone-gentle', 'soreness-after-deep']],
    [['hamstrings'], [], ['sit-bone-gentle'], ['cupping-marks', 'sitting-breaks']],
    [['hip-flexors'], ['swedish'], ['sitting-breaks'], ['soreness-after-deep']],
    [['glutes'], ['cupping'], ['cupping-marks'], ['soreness-after-deep']],
    [['piriformis'], ['trigger-point'], ['soreness-after-deep', 'sitting-breaks'], ['cupping-marks']],
  ])('%j with %j', (muscles, techniques, present, absent) => {
    const got = ids(muscles, techniques);
    for (const id of present) expect(got).toContain(id);
    for (const id of absent) expect(got).not.toContain(id);
  });

  it('orders tips before, then after, then general', () => {
    const order = { before: 0, after: 1, general: 2 };
    const whens = kb.aftercareFor(MUSCLE_IDS, TECHNIQUE_IDS).map((t) => order[t.when]);
    expect(whens).toEqual([...whens].sort());
    expect(whens.length).toBe(kb.aftercare.length);
  });

  it('never puts heat on numb skin', () => {
    expect(kb.aftercare.find((t) => t.id === 'heat-before')?.cautions.join(' ')).toMatch(/numb skin/);
  });
});

describe('stretchesFor', () => {
  it.each(MUSCLE_IDS)('gives %s at least one complete stretch', (muscle) => {
    const list = kb.stretchesFor(muscle);
    expect(list.length).toBeGreaterThanOrEqual(muscle === 'piriformis' || muscle === 'hamstrings' ? 2 : 1);
    for (const s of list) {
      expect(s.muscle).toBe(muscle);
      expect(s.steps.length).toBeGreaterThanOrEqual(3);
      expect(s.hold).toMatch(/\d/);
      expect(s.cautions.join(' ')).toMatch(/stop|pain/i);
    }
  });

  it('warns against strong hamstring stretching with sit-bone pain', () => {
    for (const s of kb.stretchesFor('hamstrings')) expect(s.cautions.join(' ')).toMatch(/sit bone/);
  });
});

describe('screening', () => {
  it.each(CONTRAINDICATION_IDS)('excludedTechniques([%s]) leaves out every deep technique', (id) => {
    const excluded = kb.excludedTechniques([id]);
    for (const t of DEEP) expect(excluded).toContain(t);
    // No massage at all: a clot until cleared; fever, feeling unwell or a skin problem at the area, not now.
    if (id === 'blood-clot' || id === 'fever-unwell-skin') expect([...excluded].sort()).toEqual([...TECHNIQUE_IDS].sort());
    else expect(excluded).not.toContain('swedish');
    // CLINICAL.md: any yes leaves gentle Swedish-type work only.
    if (id !== 'blood-clot' && id !== 'fever-unwell-skin') expect([...TECHNIQUE_IDS].filter((t) => !excluded.includes(t))).toEqual(['swedish']);
  });

  it.each(CONTRAINDICATION_IDS)('%s advice says to check and how to ask', (id) => {
    const c = kb.contraindications.find((x) => x.id === id)!;
    expect(c.question).toMatch(/\?$/);
    if (id === 'blood-clot') expect(c.advice).toMatch(/no(t have any)? massage/i);
    else expect(c.advice).toMatch(/Swedish-type .* if your (clinician|provider) agrees/);
  });

  it('unions several answers and ignores an empty list', () => {
    expect(kb.excludedTechniques([])).toEqual([]);
    const both = kb.excludedTechniques(['pregnancy', 'blood-thinners'] as ContraindicationId[]);
    expect([...both].sort()).toEqual([...DEEP, 'myofascial-release'].sort());
  });

  it.each<[TechniqueId, boolean]>([
    ['deep-tissue', true],
    ['trigger-point', true],
    ['neuromuscular', true],
    ['cupping', true],
    ['swedish', false],
    ['myofascial-release', true],
  ])('needsScreening(%s) is %s', (technique, expected) => {
    expect(kb.needsScreening(technique)).toBe(expected);
  });

  it.each<[TechniqueId, number]>([
    ['swedish', 2],
    ['myofascial-release', CONTRAINDICATION_IDS.length],
    ['cupping', CONTRAINDICATION_IDS.length],
    ['deep-tissue', CONTRAINDICATION_IDS.length],
  ])('contraindicationsFor(%s) has %i entries', (technique, count) => {
    expect(kb.contraindicationsFor(technique)).toHaveLength(count);
  });

  it('cupping carries its evidence note and risks', () => {
    const cupping = kb.technique('cupping');
    expect(cupping.evidenceNote).toMatch(/low quality/);
    expect(cupping.afterwards).toMatch(/days/);
    expect(cupping.afterwards).toMatch(/eczema or psoriasis/);
  });
});

describe('red flags and advice', () => {
  it('marks exactly the cauda equina flags as emergencies', () => {
    const emergencies = kb.redFlags.filter((f) => f.level === 'emergency').map((f) => f.id);
    expect(emergencies.sort()).toEqual([...EMERGENCY_RED_FLAGS].sort());
  });

  it.each(EMERGENCY_RED_FLAGS)('%s advice contains {emergencyNumber} and renders it', (id) => {
    const advice = kb.redFlag(id).advice;
    expect(advice).toContain('{emergencyNumber}');
    const rendered = renderAdvice(advice, { emergencyNumber: '112' });
    expect(rendered).toContain('call 112');
    expect(rendered).not.toMatch(/[{}]/);
  });

  it.each(RED_FLAG_IDS)('%s asks a plain question', (id) => {
    expect(kb.redFlag(id).question).toMatch(/\?$/);
  });

  it.each([
    ['', ''],
    ['No placeholder here.', 'No placeholder here.'],
    ['Call {emergencyNumber} or {emergencyNumber}.', 'Call 999 or 999.'],
    ['Leave {unknown} alone.', 'Leave {unknown} alone.'],
  ])('renderAdvice(%j)', (text, expected) => {
    expect(renderAdvice(text, { emergencyNumber: '999' })).toBe(expected);
  });
});

describe('clinical wording in every text', () => {
  const allTexts: [string, string][] = [];
  const walk = (value: unknown, where: string): void => {
    if (typeof value === 'string') allTexts.push([where, value]);
    else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${where}[${i}]`));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, `${where}.${k}`);
  };
  walk(
    { muscles: kb.muscles, techniques: kb.techniques, stretches: kb.stretches, aftercare: kb.aftercare, redFlags: kb.redFlags, contraindications: kb.contraindications, framing: kb.framing },
    'kb',
  );

  it('has plenty of text to check', () => expect(allTexts.length).toBeGreaterThan(300));

  it('never uses US-only "ER" wording', () => {
    const bad = allTexts.filter(([, t]) => /\bER\b/.test(t) || /emergency room/i.test(t));
    expect(bad).toEqual([]);
  });

  it('says "emergency department" wherever it sends someone to emergency care', () => {
    for (const flag of kb.redFlags.filter((f) => f.level === 'emergency')) expect(flag.advice).toMatch(/emergency department/);
  });

  it('never tells a person what they have, and never promises a cure', () => {
    const bad = allTexts.filter(([, t]) => /(?<!(do|if) )\byou have\b|\byou've got\b|\bwill cure\b|\bcures\b|\bguarantee/i.test(t));
    expect(bad).toEqual([]);
  });

  it('cites only named sources', () => {
    const sources = allTexts.filter(([where]) => /\.source\[\d+\]$/.test(where)).map(([, t]) => t);
    expect(sources.length).toBeGreaterThan(50);
    for (const s of sources) expect(Object.keys(SOURCES)).toContain(s);
  });

  it('frames everything as information with evidence and a nerve-root caution', () => {
    expect(kb.framing.evidence).toMatch(/NICE NG59/);
    expect(kb.framing.evidence).toMatch(/low quality/);
    expect(kb.framing.evidence).toMatch(/not a cure/);
    expect(kb.framing.nerveRoot).toMatch(/clinician/);
    expect(kb.framing.nerveRoot).toMatch(/gentle massage only/);
  });
});

describe('layering', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    });

  it('imports nothing from botbuilder in src/knowledge', () => {
    const sources = files(join(__dirname, '../../src/knowledge')).filter((f) => f.endsWith('.ts'));
    expect(sources.length).toBeGreaterThanOrEqual(4);
    for (const file of sources) expect(readFileSync(file, 'utf8'), file).not.toMatch(/from ['"]botbuilder/);
  });
});
