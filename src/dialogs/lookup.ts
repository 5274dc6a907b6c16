import type { KnowledgeBase, Muscle, Technique } from '../knowledge/types';
import type { MuscleId, TechniqueId } from '../knowledge/vocabulary';
import { normalise } from './turn';

/**
 * Find muscles and techniques a message names outright (display name, ID or alias), as opposed to the
 * muscles the matcher infers from symptoms. Used to answer "tell me about the piriformis" directly.
 */

interface Named<Id> {
  id: Id;
  /** Normalised names (display name, ID, aliases). */
  names: string[];
  /** Any of the names as whole words. */
  pattern: RegExp;
}

interface Index {
  muscles: Named<MuscleId>[];
  techniques: Named<TechniqueId>[];
}

// Built once per knowledge base: the names never change after start-up.
const indexes = new WeakMap<KnowledgeBase, Index>();

function index(knowledge: KnowledgeBase): Index {
  let built = indexes.get(knowledge);
  if (!built) {
    built = { muscles: knowledge.muscles.map(named<MuscleId>), techniques: knowledge.techniques.map(named<TechniqueId>) };
    indexes.set(knowledge, built);
  }
  return built;
}

function named<Id>(item: Muscle | Technique): Named<Id> {
  const names = [item.name, item.id.replace(/-/g, ' '), ...item.aliases].map(normalise).filter((n) => n.length >= 2);
  const alternatives = names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return { id: item.id as Id, names, pattern: new RegExp(`(?:^| )(?:${alternatives})(?: |$)`) };
}

/** Muscles the text names, in knowledge order. */
export function namedMuscles(knowledge: KnowledgeBase, text: string): MuscleId[] {
  const t = normalise(text);
  return index(knowledge).muscles.filter((m) => m.pattern.test(t)).map((m) => m.id);
}

/** Techniques the text names, in knowledge order. */
export function namedTechniques(knowledge: KnowledgeBase, text: string): TechniqueId[] {
  const t = normalise(text);
  return index(knowledge).techniques.filter((x) => x.pattern.test(t)).map((x) => x.id);
}

/** The muscle whose display name is exactly this (button answers). */
export function muscleByName(knowledge: KnowledgeBase, name: string): MuscleId | undefined {
  const n = normalise(name);
  return index(knowledge).muscles.find((m) => m.names.includes(n))?.id;
}

/** The technique whose display name is exactly this (button answers). */
export function techniqueByName(knowledge: KnowledgeBase, name: string): TechniqueId | undefined {
  const n = normalise(name);
  return index(knowledge).techniques.find((x) => x.names.includes(n))?.id;
}
