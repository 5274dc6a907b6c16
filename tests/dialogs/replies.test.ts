import { MemoryStorage, UserState } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { fillPlaceholders, redFlagAdvice } from '../../src/dialogs/replies';
import type { DialogDeps } from '../../src/dialogs/deps';
import { loadKnowledge } from '../../src/knowledge';
import { RED_FLAG_IDS } from '../../src/knowledge/vocabulary';
import { fakeAnalyzer } from './fakeAnalyzer';

const deps: DialogDeps = {
  knowledge: loadKnowledge(),
  analyzer: fakeAnalyzer(),
  userState: new UserState(new MemoryStorage()),
  settings: { emergencyNumber: '111', emergencyServiceName: 'the emergency department' },
};

describe('redFlagAdvice', () => {
  it.each(RED_FLAG_IDS)('%s: the knowledge advice, filled in, with the emergency number', (id) => {
    const text = redFlagAdvice(deps, [id]).text ?? '';
    expect(text).toContain(fillPlaceholders(deps.knowledge.redFlag(id).advice, deps.settings));
    expect(text).toContain('111');
    expect(text).not.toContain('{');
  });

  it('quotes the person’s words escaped', () => {
    const text = redFlagAdvice(deps, [{ id: 'fever', evidence: '<b>fever</b>' }]).text ?? '';
    expect(text).toContain('&lt;b&gt;fever&lt;/b&gt;');
  });

  it('emergency first when mixed', () => {
    const text = redFlagAdvice(deps, ['fever', 'bilateral']).text ?? '';
    expect(text.indexOf('now')).toBeLessThan(text.indexOf('fever'));
    expect(text).toMatch(/go to the emergency department or call 111/);
  });
});
