import { z } from 'zod';
import { isSourceName } from './sources';
import type { AftercareTip, Contraindication, FollowUps, Framing, Muscle, RedFlag, Stretch, Technique } from './types';
import { CONTRAINDICATION_IDS, MUSCLE_IDS, RED_FLAG_IDS, TECHNIQUE_IDS } from './vocabulary';

/**
 * Zod schemas for the data files in ./data. Each parses one file into exactly the matching type in
 * ./types.ts (checked at compile time below). Objects are strict, so a misspelt key fails instead of
 * being dropped; text must be non-empty; every entry cites at least one named source from ./sources.ts.
 */

/** Text a person will read: trimmed, never empty. */
const text = z.string().trim().min(1, 'must not be empty');

/** A list of readable texts (may be empty, e.g. a tip with no cautions). */
const texts = z.array(text);

/** A non-empty list of readable texts. */
const someTexts = z.array(text).min(1, 'must list at least one entry');

const sourceName = text.refine((name): boolean => isSourceName(name), {
  error: (issue) => `unknown source ${JSON.stringify(issue.input)}: use a name from src/knowledge/sources.ts`,
});

/** Non-empty, duplicate-free list of named sources. */
const sources = z
  .array(sourceName)
  .min(1, 'every clinical statement needs at least one source')
  .refine((list) => new Set(list).size === list.length, 'lists the same source twice');

/** A free-form entry id for stretches and tips: lower-case words joined by hyphens. */
const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens');

export const muscleIdSchema = z.enum(MUSCLE_IDS);
export const techniqueIdSchema = z.enum(TECHNIQUE_IDS);
export const redFlagIdSchema = z.enum(RED_FLAG_IDS);
export const contraindicationIdSchema = z.enum(CONTRAINDICATION_IDS);

export const muscleSchema = z.strictObject({
  id: muscleIdSchema,
  name: text,
  aliases: someTexts,
  location: text,
  sciaticLink: text,
  feelsLike: someTexts,
  intakeCues: someTexts,
  source: sources,
});

export const techniqueSchema = z.strictObject({
  id: techniqueIdSchema,
  name: text,
  aliases: someTexts,
  what: text,
  does: text,
  suits: z.array(muscleIdSchema).min(1, 'must suit at least one muscle'),
  suitsWhy: z.partialRecord(muscleIdSchema, text),
  sessionFeel: text,
  afterwards: text,
  pressure: z.enum(['light', 'moderate', 'deep']),
  avoidIf: someTexts,
  evidenceNote: text.optional(),
  source: sources,
});

export const stretchSchema = z.strictObject({
  id: slug,
  muscle: muscleIdSchema,
  name: text,
  steps: someTexts,
  hold: text,
  cautions: texts,
  source: sources,
});

export const aftercareTipSchema = z.strictObject({
  id: slug,
  when: z.enum(['before', 'after', 'general']),
  title: text,
  text,
  cautions: texts,
  muscles: z.array(muscleIdSchema),
  techniques: z.array(techniqueIdSchema),
  source: sources,
});

export const redFlagSchema = z.strictObject({
  id: redFlagIdSchema,
  level: z.enum(['emergency', 'urgent']),
  question: text,
  meaning: text,
  advice: text,
  source: sources,
});

export const contraindicationSchema = z.strictObject({
  id: contraindicationIdSchema,
  question: text,
  label: text,
  mention: text.optional(),
  excludes: z.array(techniqueIdSchema).min(1, 'must exclude at least one technique'),
  advice: text,
  source: sources,
});

export const framingSchema = z.strictObject({
  disclaimer: text,
  evidence: text,
  nerveRoot: text,
  source: sources,
});

const followUpFactsShape = {
  answer: text,
  points: texts,
  cautions: someTexts,
  /** Aftercare tip ids (cross-checked against aftercare.json). */
  tips: z.array(slug).default([]),
  source: sources,
};

export const followUpsSchema = z.strictObject({
  topics: z.strictObject({
    frequency: z.strictObject(followUpFactsShape),
    'heat-or-ice': z.strictObject(followUpFactsShape),
    'soreness-after': z.strictObject({ ...followUpFactsShape, typicalDays: z.number().int().min(1).max(14) }),
    'pregnancy-massage': z.strictObject(followUpFactsShape),
    'worth-it': z.strictObject(followUpFactsShape),
  }),
  evidence: z.array(
    z.strictObject({
      subject: z.enum(['massage', 'cupping', 'heat']),
      level: z.enum(['low', 'moderate']),
      text,
      source: sources,
    }),
  ),
});

/** One schema per data file, keyed by the file's base name (muscles -> data/muscles.json). */
export const fileSchemas = {
  muscles: z.array(muscleSchema),
  techniques: z.array(techniqueSchema),
  stretches: z.array(stretchSchema),
  aftercare: z.array(aftercareTipSchema),
  redFlags: z.array(redFlagSchema),
  contraindications: z.array(contraindicationSchema),
  framing: framingSchema,
  followUps: followUpsSchema,
} as const;

/** The data file names, in the order they are checked. */
export type KnowledgeFile = keyof typeof fileSchemas;

/** The parsed contents of every data file. */
export type ParsedKnowledge = { [K in KnowledgeFile]: z.infer<(typeof fileSchemas)[K]> };

// Compile-time proof that each schema yields exactly the public type (fails to compile on drift).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type SchemaMatchesTypes = [
  Assert<Same<z.infer<typeof muscleSchema>, Muscle>>,
  Assert<Same<z.infer<typeof techniqueSchema>, Technique>>,
  Assert<Same<z.infer<typeof stretchSchema>, Stretch>>,
  Assert<Same<z.infer<typeof aftercareTipSchema>, AftercareTip>>,
  Assert<Same<z.infer<typeof redFlagSchema>, RedFlag>>,
  Assert<Same<z.infer<typeof contraindicationSchema>, Contraindication>>,
  Assert<Same<z.infer<typeof framingSchema>, Framing>>,
  Assert<Same<z.infer<typeof followUpsSchema>, FollowUps>>,
];
