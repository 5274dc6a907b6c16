import type { Analysis } from '../nlp/types';
import { deniedContraindications, mentionedContraindications } from './answers';
import { normalise } from './turn';

/**
 * Contraindications said in passing ("I'm 24 weeks pregnant", "I take clopidogrel") and denied ("I'm not
 * pregnant"), read by the dialogs' old patterns while the analyzer leaves both lists empty. It only fills
 * what the analyzer left neutral, so the dialogs read one analysis either way; it goes once the language
 * layer's concept layer fills `contraindications` and `deniedContraindications`.
 */
export function withLegacyReading(analysis: Analysis): Analysis {
  if (analysis.contraindications.length > 0 || analysis.deniedContraindications.length > 0) return analysis;
  const { text } = analysis;
  // A question names a condition without stating it ("can I get a massage while pregnant?"), unless it says "I'm…" too.
  if (analysis.isQuestion && !FIRST_PERSON.test(normalise(text))) return analysis;
  const stated = mentionedContraindications(text);
  const denied = deniedContraindications(text);
  if (stated.length === 0 && denied.length === 0) return analysis;
  return { ...analysis, contraindications: stated.map((id) => ({ id, evidence: '' })), deniedContraindications: denied };
}

const FIRST_PERSON = /\b(im|i am|i take|i have|ive|i had|i was|i use|i got)\b/;
