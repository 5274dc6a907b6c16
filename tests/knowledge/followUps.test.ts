import { describe, expect, it } from 'vitest';
import {
  CONTRAINDICATION_IDS,
  FOLLOW_UP_TOPICS,
  SOURCES,
  TECHNIQUE_IDS,
  loadKnowledge,
  type ContraindicationId,
  type FollowUpTopic,
  type TechniqueId,
  type TechniqueSafety,
} from '../../src/knowledge';
import type { FollowUpAsk } from '../../src/nlp/types';

const kb = loadKnowledge();

describe('every follow-up the language layer reads has knowledge behind it', () => {
  // Compile-time: a FollowUpAsk is a topic with facts, or one of the two derived lookups.
  type Covered = FollowUpTopic | 'technique-safety' | 'compare';
  const covered: Record<FollowUpAsk, Covered> = {
    'technique-safety': 'technique-safety',
    compare: 'compare',
    frequency: 'frequency',
    'heat-or-ice': 'heat-or-ice',
    'soreness-after': 'soreness-after',
    'pregnancy-massage': 'pregnancy-massage',
    'worth-it': 'worth-it',
  };

  it.each(FOLLOW_UP_TOPICS)('%s: a direct answer, a caution and named sources', (topic) => {
    expect(covered[topic]).toBe(topic);
    const facts = kb.followUp(topic);
    expect(facts.answer).toMatch(/\.$/);
    expect(facts.cautions.length).toBeGreaterThan(0);
    expect(facts.source.length).toBeGreaterThan(0);
    for (const s of facts.source) expect(Object.keys(SOURCES)).toContain(s);
  });
});

describe('the facts say what CLINICAL.md says', () => {
  it.each<[FollowUpTopic, RegExp[]]>([
    ['frequency', [/no guideline/i, /exercise/, /clinician/]],
    ['heat-or-ice', [/moderate-quality evidence/, /numb skin/, /no good evidence for ice/]],
    ['soreness-after', [/a day or two/, /[Ss]evere .* clinician/, /numbness, tingling or weakness/]],
    ['pregnancy-massage', [/maternity provider agrees/, /trained in pregnancy \(prenatal\) massage/, /[Nn]ever cupping on the belly or lower back/]],
    ['worth-it', [/low quality/, /not a cure/, /exercise/]],
  ])('%s', (topic, expected) => {
    const facts = kb.followUp(topic);
    const all = [facts.answer, ...facts.points, ...facts.cautions].join(' ');
    for (const pattern of expected) expect(all).toMatch(pattern);
  });

  it('never tells a person what they have, never promises a cure, never says "ER"', () => {
    const texts: string[] = [];
    const walk = (value: unknown): void => {
      if (typeof value === 'string') texts.push(value);
      else if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') Object.values(value).forEach(walk);
    };
    walk(kb.followUps);
    expect(texts.length).toBeGreaterThan(30);
    const bad = texts.filter((t) => /(?<!(do|if) )\byou have\b|\byou've got\b|\bwill cure\b|\bcures\b|\bguarantee|\bER\b|emergency room/i.test(t));
    expect(bad).toEqual([]);
  });

  it.each<[TechniqueId | 'massage' | 'heat', string, string]>([
    ['cupping', 'cupping', 'low'],
    ['deep-tissue', 'massage', 'low'],
    ['swedish', 'massage', 'low'],
    ['massage', 'massage', 'low'],
    ['heat', 'heat', 'moderate'],
  ])('evidenceFor(%s) is %s evidence, %s quality', (subject, expectedSubject, level) => {
    const note = kb.evidenceFor(subject);
    expect(note.subject).toBe(expectedSubject);
    expect(note.level).toBe(level);
    expect(note.text).toMatch(level === 'low' ? /low quality/ : /moderate-quality/);
  });
});

describe('techniqueSafety: which contraindications exclude which techniques, for one person', () => {
  const verdict = (technique: TechniqueId, yes: ContraindicationId[], screened: boolean): TechniqueSafety => kb.techniqueSafety(technique, { yes, screened });

  it.each<[string, TechniqueId, ContraindicationId[], boolean, TechniqueSafety['verdict'], ContraindicationId[]]>([
    ['blood thinners rule out deep tissue', 'deep-tissue', ['blood-thinners'], true, 'avoid', ['blood-thinners']],
    ['said in passing, before any screen', 'deep-tissue', ['blood-thinners'], false, 'avoid', ['blood-thinners']],
    ['pregnancy rules out cupping', 'cupping', ['pregnancy'], true, 'avoid', ['pregnancy']],
    ['diabetes with numb feet rules out trigger point', 'trigger-point', ['diabetes-numbness'], false, 'avoid', ['diabetes-numbness']],
    ['two reasons, both named', 'neuromuscular', ['pregnancy', 'osteoporosis-fracture-surgery'], true, 'avoid', ['pregnancy', 'osteoporosis-fracture-surgery']],
    ['a clot rules out even Swedish', 'swedish', ['blood-clot'], true, 'avoid', ['blood-clot']],
    ['a rash at the area rules out even Swedish', 'swedish', ['fever-unwell-skin'], true, 'avoid', ['fever-unwell-skin']],
    ['pregnant, Swedish: only if the provider agrees', 'swedish', ['pregnancy'], true, 'clinician-first', []],
    ['blood thinners, Swedish: only if the clinician agrees', 'swedish', ['blood-thinners'], false, 'clinician-first', []],
    ['not screened yet, deep pressure: ask first', 'deep-tissue', [], false, 'screen-first', []],
    ['not screened yet, cupping: ask first', 'cupping', [], false, 'screen-first', []],
    ['not screened yet, myofascial release: ask first', 'myofascial-release', [], false, 'screen-first', []],
    ['screened, nothing against it', 'deep-tissue', [], true, 'ok', []],
    ['Swedish needs no screen', 'swedish', [], false, 'ok', []],
  ])('%s', (_label, technique, yes, screened, expected, ruledOutBy) => {
    const safety = verdict(technique, yes, screened);
    expect(safety.verdict).toBe(expected);
    expect(safety.ruledOutBy.map((c) => c.id).sort()).toEqual([...ruledOutBy].sort());
    expect(safety.alternatives).not.toContain(technique);
  });

  it.each(CONTRAINDICATION_IDS.flatMap((c) => TECHNIQUE_IDS.map((t) => [c, t] as const)))('%s and %s agree with the screening used for plans', (c, t) => {
    const safety = verdict(t, [c], true);
    const excluded = kb.excludedTechniques([c]);
    expect(safety.verdict === 'avoid').toBe(excluded.includes(t));
    expect(safety.alternatives).toEqual(kb.techniques.map((x) => x.id).filter((x) => x !== t && !excluded.includes(x)));
    expect(safety.noMassage).toBe(excluded.length === TECHNIQUE_IDS.length);
  });

  it('says what would rule a technique out when nothing is known', () => {
    expect(verdict('swedish', [], false).wouldBeRuledOutBy.map((c) => c.id).sort()).toEqual(['blood-clot', 'fever-unwell-skin']);
    expect(verdict('cupping', [], false).wouldBeRuledOutBy).toHaveLength(CONTRAINDICATION_IDS.length);
  });

  it('offers the gentler options left, and none after a clot', () => {
    expect(verdict('deep-tissue', ['blood-thinners'], true).alternatives).toEqual(['swedish']);
    // In data order: the order a therapist would usually reach for them.
    expect(verdict('deep-tissue', [], true).alternatives).toEqual(kb.techniques.map((t) => t.id).filter((t) => t !== 'deep-tissue'));
    const clot = verdict('deep-tissue', ['blood-clot'], true);
    expect(clot.alternatives).toEqual([]);
    expect(clot.noMassage).toBe(true);
  });

  it('names an unknown technique', () => {
    expect(() => verdict('shiatsu' as TechniqueId, [], true)).toThrow(/Unknown technique id "shiatsu"/);
  });
});

describe('compareTechniques', () => {
  it('deep tissue vs Swedish: Swedish is lighter, and who should avoid only deep tissue', () => {
    const c = kb.compareTechniques('deep-tissue', 'swedish');
    expect(c.lighter).toBe('swedish');
    const [deep, swedish] = c.sides;
    expect(deep.technique.id).toBe('deep-tissue');
    expect(deep.needsScreening).toBe(true);
    expect(swedish.needsScreening).toBe(false);
    expect([...deep.onlyRuledOutBy].sort()).toEqual(
      ['blood-thinners', 'pregnancy', 'cancer-history', 'osteoporosis-fracture-surgery', 'diabetes-numbness'].sort(),
    );
    expect(swedish.onlyRuledOutBy).toEqual([]);
    expect(deep.evidence.subject).toBe('massage');
  });

  it.each<[TechniqueId, TechniqueId, TechniqueId | null]>([
    ['cupping', 'deep-tissue', 'cupping'],
    ['trigger-point', 'deep-tissue', null],
    ['swedish', 'myofascial-release', 'swedish'],
    ['neuromuscular', 'myofascial-release', 'myofascial-release'],
  ])('%s vs %s: the lighter one is %s', (a, b, lighter) => {
    expect(kb.compareTechniques(a, b).lighter).toBe(lighter);
  });

  it('cupping brings its own evidence', () => {
    expect(kb.compareTechniques('cupping', 'swedish').sides[0].evidence.subject).toBe('cupping');
  });

  it.each(TECHNIQUE_IDS.flatMap((a) => TECHNIQUE_IDS.filter((b) => b !== a).map((b) => [a, b] as const)))(
    '%s vs %s: the muscles split into shared and own, the same either way round',
    (a, b) => {
      const ab = kb.compareTechniques(a, b);
      const ba = kb.compareTechniques(b, a);
      expect(ba.sides[1]).toEqual(ab.sides[0]);
      expect([...ab.bothSuit, ...ab.sides[0].onlySuits].sort()).toEqual([...kb.technique(a).suits].sort());
      expect([...ab.bothSuit, ...ab.sides[1].onlySuits].sort()).toEqual([...kb.technique(b).suits].sort());
    },
  );
});

describe('pregnancy, soreness and worth it', () => {
  it('pregnancy: the provider agrees, gentle work only, from the pregnancy contraindication', () => {
    const p = kb.pregnancyMassage();
    expect(p.contraindication.id).toBe('pregnancy');
    expect(p.gentle).toEqual(['swedish']);
    expect([...p.excluded, ...p.gentle].sort()).toEqual([...TECHNIQUE_IDS].sort());
    expect(p.excluded).toContain('cupping');
    expect(p.facts.cautions.join(' ')).toMatch(/belly or lower back/);
  });

  it.each<[TechniqueId[], string[], boolean]>([
    [['deep-tissue'], ['soreness-after-deep'], true],
    [['trigger-point', 'cupping'], ['soreness-after-deep', 'cupping-marks'], true],
    [['cupping'], ['cupping-marks'], true],
    [['swedish'], [], false],
    [[], ['soreness-after-deep', 'cupping-marks'], true],
  ])('sorenessAfter(%j): tips %j, common %s', (had, tips, common) => {
    const s = kb.sorenessAfter(had);
    expect(s.tips.map((t) => t.id)).toEqual(tips);
    expect(s.common).toBe(common);
    expect(s.facts.typicalDays).toBe(2);
  });

  it.each<[TechniqueId | undefined, string]>([
    ['cupping', 'cupping'],
    ['deep-tissue', 'massage'],
    [undefined, 'massage'],
  ])('worthIt(%s) brings %s evidence and never promises a cure', (technique, subject) => {
    const w = kb.worthIt(technique);
    expect(w.evidence.subject).toBe(subject);
    expect(w.facts.answer).toMatch(/not a cure/);
  });

  it('heat or ice points to the heat tip', () => {
    expect(kb.followUp('heat-or-ice').tips).toEqual(['heat-before']);
    expect(kb.aftercare.map((t) => t.id)).toContain('heat-before');
  });
});
