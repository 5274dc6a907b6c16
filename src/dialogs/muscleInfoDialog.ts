import { TextPrompt, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { MuscleId } from '../knowledge/vocabulary';
import { CancelAndHelpDialog } from './cancelAndHelpDialog';
import { choiceButtonsCard } from './cards/choices';
import { shortName } from './cards/common';
import { muscleCard, musclesOverviewText } from './cards/muscle';
import type { DialogDeps } from './deps';
import { muscleByName, namedMuscles } from './lookup';
import { cardMessage, withSuggestions, message } from './messages';
import { MUSCLE_INFO_DIALOG, type ChildDialogOptions } from './options';
import { OPTION_SUGGESTIONS } from './replies';
import { incomingText } from './turn';

const MUSCLE_WATERFALL = 'muscleWaterfall';
const WHICH_MUSCLE_PROMPT = 'whichMusclePrompt';

/** Unclear answers to "which muscle?" before the dialog lets go (the person has likely moved on). */
const MAX_ATTEMPTS = 2;

/**
 * "Tell me about the piriformis": answers directly with the muscle's explainer card when the message names
 * one; otherwise lists the muscles and asks which.
 */
export class MuscleInfoDialog extends CancelAndHelpDialog {
  constructor(deps: DialogDeps) {
    super(MUSCLE_INFO_DIALOG, deps);
    this.addDialog(
      new TextPrompt(WHICH_MUSCLE_PROMPT, async (p) => {
        const text = incomingText(p.context);
        if (this.resolve(text)) {
          p.recognized.value = text;
          return true;
        }
        return p.attemptCount >= MAX_ATTEMPTS;
      }),
    );
    this.addDialog(new WaterfallDialog(MUSCLE_WATERFALL, [this.chooseMuscleStep.bind(this), this.showMuscleStep.bind(this)]));
    this.initialDialogId = MUSCLE_WATERFALL;
  }

  /** The muscle the message names, or the list of muscles and "which one?". */
  private async chooseMuscleStep(step: WaterfallStepContext<ChildDialogOptions>): Promise<DialogTurnResult> {
    const { muscle, analysis } = step.options;
    const named = muscle ?? (analysis ? this.fromAnalysis(analysis.text, analysis.intent, analysis.muscles.map((m) => m.id)) : undefined);
    if (named) return step.next(named);
    const { knowledge } = this.deps;
    const titles = knowledge.muscles.map((m) => shortName(m.name));
    const question = 'Which muscle would you like to know about?';
    return step.prompt(WHICH_MUSCLE_PROMPT, {
      prompt: cardMessage(musclesOverviewText(knowledge), choiceButtonsCard(question, titles)),
      retryPrompt: cardMessage("Sorry, I didn't catch which muscle. Pick one, or type its name.", choiceButtonsCard(question, titles)),
    });
  }

  /** Show the muscle's explainer card (plain-text fallback included). */
  private async showMuscleStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const id = typeof step.result === 'string' ? (this.resolve(step.result) ?? undefined) : undefined;
    if (!id) {
      await step.context.sendActivity(withSuggestions(message('No problem. What else can I help with?'), OPTION_SUGGESTIONS));
      return step.endDialog();
    }
    const { attachment } = muscleCard(this.deps.knowledge, id);
    await step.context.sendActivity(cardMessage(`Here's what I know about the ${shortName(this.deps.knowledge.muscle(id).name).toLowerCase()}.`, attachment));
    return step.endDialog(id);
  }

  private resolve(text: string): MuscleId | undefined {
    return muscleByName(this.deps.knowledge, text) ?? namedMuscles(this.deps.knowledge, text)[0];
  }

  private fromAnalysis(text: string, intent: string, inferred: MuscleId[]): MuscleId | undefined {
    const named = namedMuscles(this.deps.knowledge, text)[0];
    if (named) return named;
    // The matcher also catches typos ("piriformus"); trust it when the person asked about a muscle.
    return intent === 'muscle_info' && inferred.length === 1 ? inferred[0] : undefined;
  }
}
