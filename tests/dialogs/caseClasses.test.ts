import { describe, it } from 'vitest';
import { CASE_CLASSES, play } from './caseClasses';
import { fakeAnalyzer } from './fakeAnalyzer';

describe('issue 10 case classes (fake analyzer: the dialogs read only the analysis)', () => {
  it.each(CASE_CLASSES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await play(fakeAnalyzer(), c);
  });
});
