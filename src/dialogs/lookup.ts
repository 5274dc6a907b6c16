import type { KnowledgeBase, Muscle, Technique } from '../knowledge/types';
import type { MuscleId, TechniqueId } from '../knowledge/vocabulary';
import { normalise } from './turn';

/**
 * Find muscles and techniques a message names outright (display name, ID or alias), as opposed to the
 * muscles the matcher infers from symptoms. Used to answer "tell me about the piriformis" directly.
 */

function names(item: Muscle | Technique): string[] {
  return [item.name, item.id.replace(/-/g, ' '), ...item.aliases].map(normalise).filter((n) => n.length >= 2);
}

function mentions(text: string, phrase: string): boolean {
  return new RegExp(`(^| )${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( |$)`).test(text);
}

/** Muscles the text names, in knowledge order. */
export function namedMuscles(knowledge: KnowledgeBase, text: string): MuscleId[] {
  const t = normalise(text);
  return knowledge.muscles.filter((m) => names(m).some((n) => mentions(t, n))).map((m) => m.id);
}

/** Techniques the text names, in knowledge order. */
export function namedTechniques(knowledge: KnowledgeBase, text: string): TechniqueId[] {
  const t = normalise(text);
  return knowledge.techniques.filter((x) => names(x).some((n) => mentions(t, n))).map((x) => x.id);
}

/** The muscle whose display name is exactly this (button answers). */
export function muscleByName(knowledge: KnowledgeBase, name: string): MuscleId | undefined {
  const n = normalise(name);
  return knowledge.muscles.find((m) => names(m).includes(n))?.id;
}

/** The technique whose display name is exactly this (button answers). */
export function techniqueByName(knowledge: KnowledgeBase, name: string): TechniqueId | undefined {
  const n = normalise(name);
  return knowledge.techniques.find((x) => names(x).includes(n))?.id;
}
