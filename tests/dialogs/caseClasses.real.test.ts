import { describe, it } from 'vitest';
import { createAnalyzer } from '../../src/nlp';
import { CASE_CLASSES, IN_OTHER_WORDS, play } from './caseClasses';

const analyzer = createAnalyzer();

describe('issue 10 case classes through the real analyzer', () => {
  it.each([...CASE_CLASSES, ...IN_OTHER_WORDS].map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await play(analyzer, c);
  });
});
