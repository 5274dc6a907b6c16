import type { Activity, TurnContext } from 'botbuilder';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { isMuscleId, type MuscleId } from '../knowledge/vocabulary';
import { AskPrompt, frozenOnce } from './askPrompt';
import { ChildDialog } from './childDialog';
import { choiceButtonsCard } from './cards/choices';
import { shortName } from './cards/common';
import { muscleCard, musclesOverviewText } from './cards/muscle';
import type { DialogDeps } from './deps';
import { titles } from './lookup';
import { cardMessage, withSuggestions, message } from './messages';
import { MUSCLE_INFO_DIALOG, type ChildDialogOptions } from './options';
import { OPTION_SUGGESTIONS } from './replies';
import { turnReading, type TurnReading } from './turn';

const WHICH_MUSCLE_PROMPT = 'whichMusclePrompt';

/** Unclear answers to "which muscle?" before the dialog lets go (the person has likely moved on). */
const MAX_ATTEMPTS = 2;

/**
 * "Tell me about the piriformis": answers directly with the muscle's explainer card when the message names
 * one; otherwise lists the muscles and asks which.
 */
export class MuscleInfoDialog extends ChildDialog<ChildDialogOptions> {
  /** Each muscle's explainer message, built on first use (it depends only on the knowledge). */
  private readonly replies = new Map<MuscleId, Partial<Activity>>();

  constructor(deps: DialogDeps) {
    super(MUSCLE_INFO_DIALOG, deps);
    this.addPrompt(
      new AskPrompt(WHICH_MUSCLE_PROMPT, () => this.whichMuscleQuestion(), async (p) => {
        const id = this.resolve(turnReading(p.context));
        if (id) {
          p.recognized.value = id;
          return true;
        }
        return p.attemptCount >= MAX_ATTEMPTS;
      }),
    );
    this.addSteps([this.chooseMuscleStep.bind(this), this.showMuscleStep.bind(this)]);
  }

  /** The muscle the message names, or the list of muscles and "which one?". */
  private async chooseMuscleStep(step: WaterfallStepContext<ChildDialogOptions>): Promise<DialogTurnResult> {
    const named = chosen(step.options);
    // Answered at once (not via the next step): each extra step costs a dialog context.
    if (named) return this.show(step, named);
    return step.prompt(WHICH_MUSCLE_PROMPT, {});
  }

  /** A button or message that names a muscle gets its card at once, with no dialog. */
  override async answerAtOnce(context: TurnContext, options: ChildDialogOptions): Promise<boolean> {
    const named = chosen(options);
    if (!named) return false;
    await context.sendActivity({ ...this.muscleReply(named) });
    return true;
  }

  /** Show the chosen muscle's explainer card, or let go after unclear answers. */
  private async showMuscleStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    // The validator's pick, or (after unclear answers) the unclear text itself, which is no muscle.
    const id = isMuscleId(step.result) ? step.result : undefined;
    if (!id) {
      await step.context.sendActivity(withSuggestions(message('No problem. What else can I help with?'), OPTION_SUGGESTIONS));
      return step.endDialog();
    }
    return this.show(step, id);
  }

  /** The muscle's explainer card (plain-text fallback included), then end. */
  private async show(step: WaterfallStepContext, id: MuscleId): Promise<DialogTurnResult> {
    await step.context.sendActivity({ ...this.muscleReply(id) });
    return step.endDialog(id);
  }

  private muscleReply(id: MuscleId): Partial<Activity> {
    return frozenOnce(this.replies, id, () => cardMessage(`Here's what I know about the ${shortName(this.deps.knowledge.muscle(id).name).toLowerCase()}.`, muscleCard(this.deps.knowledge, id).attachment));
  }

  private whichMuscleQuestion() {
    const { knowledge } = this.deps;
    const titles = knowledge.muscles.map((m) => shortName(m.name));
    const question = 'Which muscle would you like to know about?';
    return {
      prompt: cardMessage(musclesOverviewText(knowledge), choiceButtonsCard(question, titles)),
      retry: cardMessage("Sorry, I didn't catch which muscle. Pick one, or type its name.", choiceButtonsCard(question, titles)),
    };
  }

  /** The muscle picked: one of our buttons by its title, or a muscle the message names. */
  private resolve(reading: TurnReading): MuscleId | undefined {
    return titles(this.deps.knowledge).muscles.get(reading.text) ?? reading.analysis.namedMuscles?.[0];
  }

}

/** The muscle already chosen: by a button, by name, or the matcher's only guess when the person asked about a muscle. */
function chosen({ muscle, named }: ChildDialogOptions): MuscleId | undefined {
  if (muscle) return muscle;
  if (!named) return undefined;
  if (named.muscles[0]) return named.muscles[0];
  // The matcher also catches typos ("piriformus"); trust it when the person asked about a muscle.
  return named.intent === 'muscle_info' && named.inferred.length === 1 ? named.inferred[0] : undefined;
}
