import { loadKnowledge } from '../../src/knowledge';
import { emptyCase, updateCase, type Case } from '../../src/triage/case';
import { fakeAnalyzer } from '../dialogs/fakeAnalyzer';

/** Shared by the triage tests: the real knowledge, and a case built from what a person said (fake analyzer). */
export const knowledge = loadKnowledge();
const analyzer = fakeAnalyzer();

/** A case after these messages, then `edit` for the answers to the bot's own questions. */
export function caseOf(said: readonly string[], edit: Partial<Case> = {}): Case {
  const c = emptyCase();
  for (const text of said) updateCase(c, analyzer.analyze(text));
  return Object.assign(c, edit);
}

export const analyze = (text: string) => analyzer.analyze(text);
