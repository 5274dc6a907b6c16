import type { TurnContext } from 'botbuilder';
import { WaterfallDialog, type Dialog, type WaterfallStep } from 'botbuilder-dialogs';
import type { DialogDeps } from './deps';

/**
 * Base for the dialogs MainDialog starts (triage, muscle, technique, aftercare): a waterfall whose prompts
 * MainDialog adds beside it. They run inside MainDialog's own dialog set rather than as nested component
 * dialogs: every nesting level costs botbuilder two more dialog contexts and a state level on every turn,
 * and MainDialog (a {@link CancelAndHelpDialog}) already checks every message for red flags, cancel and
 * help before any step or prompt sees it.
 */
export abstract class ChildDialog<O extends object = object> extends WaterfallDialog<O> {
  /** The prompts this dialog's steps use; MainDialog adds them to its dialog set. */
  readonly prompts: Dialog[] = [];

  protected constructor(
    id: string,
    protected readonly deps: DialogDeps,
  ) {
    super(id);
  }

  /**
   * Answers straight away, without starting the dialog, when the message already says everything (such
   * as a named muscle): true when it did. A dialog costs a turn's worth of state; a direct answer does not.
   */
  async answerAtOnce(_context: TurnContext, _options: O): Promise<boolean> {
    return false;
  }

  protected addPrompt(prompt: Dialog): void {
    this.prompts.push(prompt);
  }

  protected addSteps(steps: readonly WaterfallStep<O>[]): void {
    for (const step of steps) this.addStep(step);
  }
}
