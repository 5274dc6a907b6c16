import type { z } from 'zod';
import aftercareData from './data/aftercare.json';
import contraindicationsData from './data/contraindications.json';
import followUpsData from './data/followUps.json';
import framingData from './data/framing.json';
import musclesData from './data/muscles.json';
import redFlagsData from './data/redFlags.json';
import stretchesData from './data/stretches.json';
import techniquesData from './data/techniques.json';
import { checkFollowUps, followUpLookups, type FollowUpLookups } from './followUps';
import { fileSchemas, type KnowledgeFile, type ParsedKnowledge } from './schema';
import type {
  AftercareTip,
  Contraindication,
  KnowledgeBase,
  Muscle,
  RedFlag,
  Stretch,
  Technique,
  TechniqueSuggestion,
} from './types';
import {
  CONTRAINDICATION_IDS,
  EMERGENCY_RED_FLAGS,
  MUSCLE_IDS,
  RED_FLAG_IDS,
  TECHNIQUE_IDS,
  type ContraindicationId,
  type MuscleId,
  type RedFlagId,
  type TechniqueId,
} from './vocabulary';

export type * from './types';
export * from './vocabulary';
export { SOURCES, type SourceName } from './sources';

/** The unparsed contents of every data file, keyed by file base name (muscles -> data/muscles.json). */
export type RawKnowledge = Record<KnowledgeFile, unknown>;

/** Values for the placeholders that advice texts may contain. */
export interface AdviceVars {
  /** The configured emergency number, e.g. "999", "911", "112". */
  emergencyNumber: string;
}

/** Placeholders a data text may use; anything else in braces is a data error. */
const PLACEHOLDERS: readonly (keyof AdviceVars)[] = ['emergencyNumber'];

/** Thrown when the knowledge data fails its schema or a cross-check; lists every problem found. */
export class KnowledgeError extends Error {
  /** One line per problem, each naming the data file and the entry id. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Knowledge data is invalid (${problems.length} problem(s)):\n- ${problems.join('\n- ')}`);
    this.name = 'KnowledgeError';
    this.problems = problems;
  }
}

/**
 * Fills the placeholders in an advice text (`{emergencyNumber}`). Unknown placeholders are left as
 * they are; the loader rejects them in data, so none reach a person.
 */
export function renderAdvice(text: string, vars: AdviceVars): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) =>
    (PLACEHOLDERS as readonly string[]).includes(key) ? vars[key as keyof AdviceVars] : whole,
  );
}

let cached: KnowledgeBase | undefined;

/**
 * The bundled knowledge, parsed and cross-checked on the first call and cached afterwards.
 * Throws {@link KnowledgeError} if the bundled data is broken (a build-time mistake, caught by tests).
 */
export function loadKnowledge(): KnowledgeBase {
  cached ??= buildKnowledge({
    muscles: musclesData,
    techniques: techniquesData,
    stretches: stretchesData,
    aftercare: aftercareData,
    redFlags: redFlagsData,
    contraindications: contraindicationsData,
    framing: framingData,
    followUps: followUpsData,
  });
  return cached;
}

/**
 * Parses and cross-checks raw data (the bundled files or a test's copy) into a read-only
 * {@link KnowledgeBase}. Throws {@link KnowledgeError} listing every problem, each naming file and id.
 */
export function buildKnowledge(raw: RawKnowledge): KnowledgeBase {
  const data = parseFiles(raw);
  const problems = crossCheck(data);
  if (problems.length > 0) throw new KnowledgeError(problems);
  return createKnowledgeBase(deepFreeze(data));
}

// ---------------------------------------------------------------------------------------------
// Parsing

function parseFiles(raw: RawKnowledge): ParsedKnowledge {
  const problems: string[] = [];
  const parsed: Partial<Record<KnowledgeFile, unknown>> = {};
  for (const file of Object.keys(fileSchemas) as KnowledgeFile[]) {
    const result = (fileSchemas[file] as z.ZodType).safeParse(raw?.[file]);
    if (result.success) parsed[file] = result.data;
    else for (const issue of result.error.issues) problems.push(describeIssue(file, raw?.[file], issue));
  }
  if (problems.length > 0) throw new KnowledgeError(problems);
  return parsed as ParsedKnowledge;
}

/** "techniques.json, entry 3 (id "swedish"), suitsWhy.glutes: must not be empty" */
function describeIssue(file: KnowledgeFile, fileData: unknown, issue: z.core.$ZodIssue): string {
  const path = [...issue.path];
  let where = '';
  if (Array.isArray(fileData) && typeof path[0] === 'number') {
    const index = path.shift() as number;
    const entry: unknown = fileData[index];
    const id = isRecord(entry) && typeof entry.id === 'string' ? ` (id "${entry.id}")` : '';
    where = `, entry ${index + 1}${id}`;
  }
  const field = path.length > 0 ? `, ${path.map(String).join('.')}` : '';
  return `${file}.json${where}${field}: ${issue.message}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

// ---------------------------------------------------------------------------------------------
// Cross-checks: what a schema cannot see (uniqueness, coverage, references, clinical invariants)

function crossCheck(data: ParsedKnowledge): string[] {
  const problems: string[] = [];
  const muscleIds = new Set<string>(data.muscles.map((m) => m.id));
  const techniqueIds = new Set<string>(data.techniques.map((t) => t.id));

  checkUnique('muscles', data.muscles, problems);
  checkUnique('techniques', data.techniques, problems);
  checkUnique('stretches', data.stretches, problems);
  checkUnique('aftercare', data.aftercare, problems);
  checkUnique('redFlags', data.redFlags, problems);
  checkUnique('contraindications', data.contraindications, problems);

  checkCoverage('muscles', 'muscle', MUSCLE_IDS, data.muscles, problems);
  checkCoverage('techniques', 'technique', TECHNIQUE_IDS, data.techniques, problems);
  checkCoverage('redFlags', 'red flag', RED_FLAG_IDS, data.redFlags, problems);
  checkCoverage('contraindications', 'contraindication', CONTRAINDICATION_IDS, data.contraindications, problems);

  for (const t of data.techniques) {
    const at = `techniques.json, id "${t.id}"`;
    for (const m of t.suits) if (!muscleIds.has(m)) problems.push(`${at}: suits unknown muscle "${m}"`);
    for (const m of duplicates(t.suits)) problems.push(`${at}: suits lists "${m}" twice`);
    for (const m of t.suits) if (!t.suitsWhy[m]) problems.push(`${at}: suits "${m}" but suitsWhy has no reason for it`);
    for (const m of Object.keys(t.suitsWhy)) {
      if (!(t.suits as string[]).includes(m)) problems.push(`${at}: suitsWhy names "${m}", which is not in suits`);
    }
  }

  for (const s of data.stretches) {
    if (!muscleIds.has(s.muscle)) problems.push(`stretches.json, id "${s.id}": unknown muscle "${s.muscle}"`);
  }
  for (const m of data.muscles) {
    if (!data.stretches.some((s) => s.muscle === m.id)) problems.push(`stretches.json: no stretch for muscle "${m.id}"`);
  }

  for (const tip of data.aftercare) {
    const at = `aftercare.json, id "${tip.id}"`;
    for (const m of tip.muscles) if (!muscleIds.has(m)) problems.push(`${at}: unknown muscle "${m}"`);
    for (const t of tip.techniques) if (!techniqueIds.has(t)) problems.push(`${at}: unknown technique "${t}"`);
  }

  const deepTechniques = data.techniques.filter((t) => t.pressure === 'deep').map((t) => t.id);
  for (const c of data.contraindications) {
    const at = `contraindications.json, id "${c.id}"`;
    for (const t of c.excludes) if (!techniqueIds.has(t)) problems.push(`${at}: excludes unknown technique "${t}"`);
    for (const t of duplicates(c.excludes)) problems.push(`${at}: excludes "${t}" twice`);
    // CLINICAL.md: any "yes" leaves out every deep-pressure technique.
    for (const t of deepTechniques) {
      if (!c.excludes.includes(t)) problems.push(`${at}: must exclude deep-pressure technique "${t}"`);
    }
  }

  for (const flag of data.redFlags) {
    const at = `redFlags.json, id "${flag.id}"`;
    const expected = EMERGENCY_RED_FLAGS.includes(flag.id) ? 'emergency' : 'urgent';
    if (flag.level !== expected) problems.push(`${at}: level must be "${expected}", found "${flag.level}"`);
    if (flag.level === 'emergency' && !flag.advice.includes('{emergencyNumber}')) {
      problems.push(`${at}: emergency advice must contain {emergencyNumber}`);
    }
  }

  problems.push(...checkFollowUps(data));

  for (const file of Object.keys(data) as KnowledgeFile[]) {
    forEachText(data[file], `${file}.json`, (text, where) => {
      for (const match of text.matchAll(/\{(\w*)\}/g)) {
        if (!(PLACEHOLDERS as readonly string[]).includes(match[1] ?? '')) {
          problems.push(`${where}: unknown placeholder ${match[0]} (allowed: ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})`);
        }
      }
      // The emergency number is configurable; US-only wording would mislead everyone else.
      if (/\bER\b/.test(text) || /emergency room/i.test(text)) {
        problems.push(`${where}: US-only wording ("ER"/"emergency room"); say "emergency department"`);
      }
    });
  }

  return problems;
}

function checkUnique(file: KnowledgeFile, entries: readonly { id: string }[], problems: string[]): void {
  for (const id of duplicates(entries.map((e) => e.id))) problems.push(`${file}.json: id "${id}" appears more than once`);
}

function checkCoverage(
  file: KnowledgeFile,
  kind: string,
  vocabulary: readonly string[],
  entries: readonly { id: string }[],
  problems: string[],
): void {
  for (const id of vocabulary) {
    if (!entries.some((e) => e.id === id)) problems.push(`${file}.json: missing ${kind} "${id}"`);
  }
}

function duplicates<T>(values: readonly T[]): T[] {
  const seen = new Set<T>();
  const twice = new Set<T>();
  for (const v of values) (seen.has(v) ? twice : seen).add(v);
  return [...twice];
}

/** Calls `visit` for every string in a parsed file, with a location naming file, entry id and field. */
function forEachText(value: unknown, where: string, visit: (text: string, where: string) => void): void {
  if (typeof value === 'string') visit(value, where);
  else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const label = isRecord(item) && typeof item.id === 'string' ? `${where}, id "${item.id}"` : `${where}[${i}]`;
      forEachText(item, label, visit);
    });
  } else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) forEachText(item, `${where} ${key}`, visit);
  }
}

function deepFreeze<T>(value: T): T {
  if (isRecord(value) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Lookups

const WHEN_ORDER: Record<AftercareTip['when'], number> = { before: 0, after: 1, general: 2 };

function createKnowledgeBase(data: ParsedKnowledge): KnowledgeBase {
  const muscles = new Map<MuscleId, Muscle>(data.muscles.map((m) => [m.id, m]));
  const techniques = new Map<TechniqueId, Technique>(data.techniques.map((t) => [t.id, t]));
  const redFlags = new Map<RedFlagId, RedFlag>(data.redFlags.map((f) => [f.id, f]));
  const contraindications = new Map<ContraindicationId, Contraindication>(data.contraindications.map((c) => [c.id, c]));

  const get = <K, V>(map: Map<K, V>, id: K, kind: string): V => {
    const found = map.get(id);
    if (!found) throw new Error(`Unknown ${kind} id "${String(id)}"`);
    return found;
  };

  const contraindicationsFor = (technique: TechniqueId): Contraindication[] =>
    data.contraindications.filter((c) => c.excludes.includes(technique));

  // A contraindication that excludes everything (a blood clot: no massage at all) says nothing about
  // pressure; one that leaves gentler work open marks the techniques it removes as needing screening.
  const screened = new Set<TechniqueId>(
    data.techniques
      .filter((t) => t.pressure === 'deep' || contraindicationsFor(t.id).some((c) => c.excludes.length < techniques.size))
      .map((t) => t.id),
  );

  const core: Omit<KnowledgeBase, keyof FollowUpLookups> = {
    muscles: data.muscles,
    techniques: data.techniques,
    stretches: data.stretches,
    aftercare: data.aftercare,
    redFlags: data.redFlags,
    contraindications: data.contraindications,
    framing: data.framing,

    muscle: (id) => get(muscles, id, 'muscle'),
    technique: (id) => get(techniques, id, 'technique'),
    redFlag: (id) => get(redFlags, id, 'red flag'),

    techniquesFor(wanted, exclude = []) {
      const asked = [...new Set(wanted)].filter((m) => muscles.has(m));
      const available = data.techniques.filter((t) => !exclude.includes(t.id));
      if (asked.length === 0) {
        return available.map((technique) => ({ technique, forMuscles: [], reason: technique.does }));
      }
      const ranked: (TechniqueSuggestion & { order: number; first: number })[] = [];
      available.forEach((technique, order) => {
        const forMuscles = asked.filter((m) => technique.suits.includes(m));
        if (forMuscles.length === 0) return;
        const reason = forMuscles.map((m) => technique.suitsWhy[m]).join(' ');
        ranked.push({ technique, forMuscles, reason, order, first: asked.indexOf(forMuscles[0] as MuscleId) });
      });
      // More of the person's muscles first, then the muscle they mentioned first, then data order
      // (the file lists techniques in the order a therapist would usually reach for them).
      ranked.sort((a, b) => b.forMuscles.length - a.forMuscles.length || a.first - b.first || a.order - b.order);
      return ranked.map(({ technique, forMuscles, reason }) => ({ technique, forMuscles, reason }));
    },

    aftercareFor(forMuscles, forTechniques) {
      return data.aftercare
        .filter(
          (tip) =>
            (tip.muscles.length === 0 && tip.techniques.length === 0) ||
            tip.muscles.some((m) => forMuscles.includes(m)) ||
            tip.techniques.some((t) => forTechniques.includes(t)),
        )
        .map((tip, order) => ({ tip, order }))
        .sort((a, b) => WHEN_ORDER[a.tip.when] - WHEN_ORDER[b.tip.when] || a.order - b.order)
        .map(({ tip }) => tip);
    },

    stretchesFor: (muscle): Stretch[] => data.stretches.filter((s) => s.muscle === muscle),

    contraindicationsFor,

    excludedTechniques(yes) {
      const excluded = new Set<TechniqueId>();
      for (const id of yes) for (const t of contraindications.get(id)?.excludes ?? []) excluded.add(t);
      return TECHNIQUE_IDS.filter((t) => excluded.has(t));
    },

    needsScreening: (technique) => screened.has(technique),
  };
  return { ...core, ...followUpLookups(data, core) };
}
