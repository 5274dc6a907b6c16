import { DialogTurnStatus, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { ActivityTypes } from 'botbuilder';
import type { DialogDeps } from './deps';
import { cancelledMessage, helpMessage, redFlagAdvice } from './replies';
import { analyzeTurn, incomingText, isCancel, isHelp, isLastTime } from './turn';

/**
 * Base for the root dialog (MainDialog), in whose dialog set every other dialog and question runs, so this
 * covers them all. While a question is open, before any step or prompt sees a message, it checks in this order:
 * 1. a red flag in the message → urgent advice (no massage advice), every dialog cancelled;
 * 2. "stop" / "start over" / "never mind" / "cancel" → confirmation and options, every dialog cancelled;
 * 3. "help" → short help, then the open question again;
 * 4. "what did you suggest last time?" → the saved suggestions ({@link answerLastTime} says what follows);
 * 5. a side question the root dialog can answer ({@link answerAside}), then the open question again.
 * A message with no question open is checked for red flags by MainDialog before it is routed.
 * It is not a ComponentDialog on purpose: a component wraps the stack in one more level of state and builds
 * two more dialog contexts every turn (one to deliver botbuilder's activityReceived event, one to continue);
 * MainDialog calls {@link CancelAndHelpDialog.interrupt} on the root dialog context instead.
 */
export abstract class CancelAndHelpDialog {
  protected constructor(protected readonly deps: DialogDeps) {}

  /**
   * Runs the interruptions on the root dialog context of a turn with a question open: the result when one
   * of them answered the message (the open question never sees it), undefined otherwise.
   */
  protected async interrupt(dc: DialogContext): Promise<DialogTurnResult | undefined> {
    return (await this.interruptForRedFlag(dc)) ?? (await this.interruptForCommand(dc));
  }

  /** Red flag anywhere in the message: urgent advice and end everything. */
  private async interruptForRedFlag(dc: DialogContext): Promise<DialogTurnResult | undefined> {
    if (dc.context.activity.type !== ActivityTypes.Message) return undefined;
    if (incomingText(dc.context) === '') return undefined;
    const analysis = analyzeTurn(dc.context, this.deps.analyzer);
    if (analysis.redFlags.length === 0) return undefined;
    await dc.context.sendActivity(redFlagAdvice(this.deps, analysis.redFlags));
    return dc.cancelAllDialogs(true);
  }

  /** Cancel and help while a question is open. */
  private async interruptForCommand(dc: DialogContext): Promise<DialogTurnResult | undefined> {
    if (dc.context.activity.type !== ActivityTypes.Message) return undefined;
    const text = incomingText(dc.context);
    if (isCancel(text)) {
      await dc.context.sendActivity(cancelledMessage());
      return dc.cancelAllDialogs(true);
    }
    if (isHelp(text)) {
      await dc.context.sendActivity(helpMessage(this.deps, true));
      await dc.repromptDialog();
      return { status: DialogTurnStatus.waiting };
    }
    if (isLastTime(text)) return this.answerLastTime(dc);
    return this.answerAside(dc);
  }

  /** A side question the open question need not see (answered, then the question again), or undefined. */
  protected abstract answerAside(dc: DialogContext): Promise<DialogTurnResult | undefined>;

  /** "What did you suggest last time?" asked while a question is open: answer it, then carry on or not. */
  protected abstract answerLastTime(dc: DialogContext): Promise<DialogTurnResult>;
}
