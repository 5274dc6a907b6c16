import {
  ComponentDialog,
  DialogTurnStatus,
  type DialogContext,
  type DialogTurnResult,
} from 'botbuilder-dialogs';
import { ActivityTypes } from 'botbuilder';
import type { DialogDeps } from './deps';
import { cancelledMessage, helpMessage, redFlagAdvice } from './replies';
import { analyzeTurn, incomingText, isCancel, isHelp } from './turn';

/**
 * Base for the root dialog (MainDialog), inside which every other dialog and question runs, so this covers
 * them all. While a question is open, before any step or prompt sees a message, it checks in this order:
 * 1. a red flag in the message → urgent advice (no massage advice), every dialog cancelled;
 * 2. "stop" / "start over" / "never mind" / "cancel" → confirmation and options, every dialog cancelled;
 * 3. "help" → short help, then the open question again.
 * A message with no question open is checked for red flags by MainDialog before it is routed.
 */
export abstract class CancelAndHelpDialog extends ComponentDialog {
  protected constructor(
    id: string,
    protected readonly deps: DialogDeps,
  ) {
    super(id);
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const interrupted = (await this.interruptForRedFlag(innerDc)) ?? (await this.interruptForCommand(innerDc));
    return interrupted ?? super.onContinueDialog(innerDc);
  }

  /** Red flag anywhere in the message: urgent advice and end everything. */
  private async interruptForRedFlag(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    if (innerDc.context.activity.type !== ActivityTypes.Message) return undefined;
    if (incomingText(innerDc.context) === '') return undefined;
    const analysis = analyzeTurn(innerDc.context, this.deps.analyzer);
    if (analysis.redFlags.length === 0) return undefined;
    await innerDc.context.sendActivity(redFlagAdvice(this.deps, analysis.redFlags));
    return innerDc.cancelAllDialogs(true);
  }

  /** Cancel and help while a question is open. */
  private async interruptForCommand(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    if (innerDc.context.activity.type !== ActivityTypes.Message) return undefined;
    const text = incomingText(innerDc.context);
    if (isCancel(text)) {
      await innerDc.context.sendActivity(cancelledMessage());
      return innerDc.cancelAllDialogs(true);
    }
    if (isHelp(text)) {
      await innerDc.context.sendActivity(helpMessage(this.deps, true));
      await innerDc.repromptDialog();
      return { status: DialogTurnStatus.waiting };
    }
    return undefined;
  }
}
