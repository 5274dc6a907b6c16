import { TextPrompt, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { describe, expect, it } from 'vitest';
import { ChildDialog } from '../../src/dialogs/childDialog';
import type { DialogDeps } from '../../src/dialogs/deps';
import { Conversation } from './harness';
import { fakeAnalyzer } from './fakeAnalyzer';

class Probe extends ChildDialog {
  constructor(deps: DialogDeps) {
    super('probe', deps);
    this.addPrompt(new TextPrompt('probePrompt'));
    this.addSteps([async (step: WaterfallStepContext): Promise<DialogTurnResult> => step.endDialog()]);
  }
}

describe('ChildDialog', () => {
  it('collects its prompts for MainDialog, keeps its steps, and by default does not answer at once', async () => {
    const deps = new Conversation(fakeAnalyzer()).deps;
    const probe = new Probe(deps);
    expect(probe.prompts.map((p) => p.id)).toEqual(['probePrompt']);
    expect(probe.getVersion()).toBe('probe:1');
    expect(await probe.answerAtOnce({} as never, {})).toBe(false);
  });
});
