import type { KnowledgeBase } from '../knowledge/types';
import type { MuscleId, TechniqueId } from '../knowledge/vocabulary';
import { shortName } from './cards/common';
import { OptionTable } from './turn';

/**
 * The titles the bot shows for muscles and techniques (its buttons: "Piriformis", "Stretches for Glutes",
 * "About Cupping"), each mapped to its ID. Only whole titles match: a muscle or technique named inside a message
 * is read by the language layer (`analysis.namedMuscles`, `analysis.techniques`).
 */
export interface Titles {
  /** "Piriformis", "Glutes (gluteus maximus, medius and minimus)": the muscle list's buttons. */
  muscles: OptionTable<MuscleId>;
  /** "Cupping", "Cupping therapy": the technique list's buttons. */
  techniques: OptionTable<TechniqueId>;
  /** The recommendation's next steps ("Stretches for Glutes", "About Piriformis", "About Cupping"). */
  nextSteps: OptionTable<{ muscle: MuscleId; stretches: boolean } | { technique: TechniqueId }>;
}

// Built once per knowledge base: the titles never change after start-up.
const built = new WeakMap<KnowledgeBase, Titles>();

export function titles(knowledge: KnowledgeBase): Titles {
  let t = built.get(knowledge);
  if (!t) {
    const muscles = new OptionTable<MuscleId>();
    const techniques = new OptionTable<TechniqueId>();
    const nextSteps: Titles['nextSteps'] = new OptionTable();
    for (const m of knowledge.muscles) {
      for (const title of [m.name, shortName(m.name)]) {
        muscles.set(title, m.id);
        nextSteps.set(`Stretches for ${title}`, { muscle: m.id, stretches: true });
        nextSteps.set(`About ${title}`, { muscle: m.id, stretches: false });
      }
    }
    for (const x of knowledge.techniques) {
      for (const title of [x.name, shortName(x.name)]) {
        techniques.set(title, x.id);
        nextSteps.set(`About ${title}`, { technique: x.id });
      }
    }
    t = { muscles, techniques, nextSteps };
    built.set(knowledge, t);
  }
  return t;
}
