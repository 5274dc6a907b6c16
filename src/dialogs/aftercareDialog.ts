import type { Activity, TurnContext } from 'botbuilder';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { isMuscleId, type MuscleId } from '../knowledge/vocabulary';
import { AskPrompt, frozenOnce } from './askPrompt';
import { ChildDialog } from './childDialog';
import { choiceButtonsCard } from './cards/choices';
import { shortName } from './cards/common';
import { stretchCard } from './cards/stretch';
import type { DialogDeps } from './deps';
import { titles } from './lookup';
import { cardMessage, message, withSuggestions } from './messages';
import { AFTERCARE_DIALOG, type ChildDialogOptions } from './options';
import { OPTION_SUGGESTIONS } from './replies';
import { turnReading, type TurnReading } from './turn';

const STRETCH_PROMPT = 'stretchMusclePrompt';
const NO_THANKS = 'No thanks';
const MAX_ATTEMPTS = 2;

/**
 * Care before and after massage: heat before (not on numb skin), gentle stretches after, what soreness to
 * expect, cautions; all from the knowledge module. A named muscle gets its step-by-step stretch card at once;
 * otherwise the tips come first, then "stretches for which muscle?".
 */
export class AftercareDialog extends ChildDialog<ChildDialogOptions> {
  /** Each muscle's stretch message, built on first use (it depends only on the knowledge). */
  private readonly replies = new Map<MuscleId, Partial<Activity>>();

  constructor(deps: DialogDeps) {
    super(AFTERCARE_DIALOG, deps);
    this.addPrompt(
      new AskPrompt(STRETCH_PROMPT, () => this.stretchQuestion(), async (p) => {
        const reading = turnReading(p.context);
        const id = this.resolve(reading);
        if (id || isNoThanks(reading)) {
          p.recognized.value = id ?? '';
          return true;
        }
        return p.attemptCount >= MAX_ATTEMPTS;
      }),
    );
    this.addSteps([this.tipsStep.bind(this), this.stretchStep.bind(this)]);
  }

  /** A named muscle goes straight to its stretches; otherwise send the aftercare tips and ask which muscle to stretch. */
  private async tipsStep(step: WaterfallStepContext<ChildDialogOptions>): Promise<DialogTurnResult> {
    const { knowledge } = this.deps;
    const { muscle, named: inMessage } = step.options;
    const named = muscle ?? inMessage?.muscles[0];
    // Answered at once (not via the next step): each extra step costs a dialog context.
    if (named) return this.show(step, named);

    const techniques = inMessage?.techniques ?? [];
    const tips = knowledge.aftercareFor([], techniques);
    const text = [
      'Here is how to look after yourself around a massage:',
      ...tips.map((t) => [`- **${t.title}**: ${t.text}`, ...t.cautions.map((c) => `  - ${c}`)].join('\n')),
      knowledge.framing.disclaimer,
    ].join('\n\n');
    await step.context.sendActivity(message(text));
    return step.prompt(STRETCH_PROMPT, {});
  }

  /** A button or message that names a muscle gets its stretch card at once, with no dialog. */
  override async answerAtOnce(context: TurnContext, options: ChildDialogOptions): Promise<boolean> {
    const named = options.muscle ?? options.named?.muscles[0];
    if (!named) return false;
    await context.sendActivity({ ...this.stretchReply(named) });
    return true;
  }

  /** Show the stretch card for the chosen muscle, or offer other options. */
  private async stretchStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    // The validator's pick; "no thanks" or (after unclear answers) the unclear text itself is no muscle.
    const id = isMuscleId(step.result) ? step.result : undefined;
    if (!id) {
      await step.context.sendActivity(withSuggestions(message('OK. What else can I help with?'), OPTION_SUGGESTIONS));
      return step.endDialog();
    }
    return this.show(step, id);
  }

  /** The muscle's stretch card, then end. */
  private async show(step: WaterfallStepContext, id: MuscleId): Promise<DialogTurnResult> {
    await step.context.sendActivity({ ...this.stretchReply(id) });
    return step.endDialog(id);
  }

  private stretchReply(id: MuscleId): Partial<Activity> {
    return frozenOnce(this.replies, id, () => cardMessage(`Here are gentle stretches for the ${shortName(this.deps.knowledge.muscle(id).name).toLowerCase()}.`, stretchCard(this.deps.knowledge, id).attachment));
  }

  private stretchQuestion() {
    const titles = [...this.deps.knowledge.muscles.map((m) => shortName(m.name)), NO_THANKS];
    const question = 'Would you like step-by-step stretches for one of these muscles?';
    return {
      prompt: cardMessage(question, choiceButtonsCard(question, titles)),
      retry: cardMessage('Pick a muscle for its stretches, or "No thanks".', choiceButtonsCard(question, titles)),
    };
  }

  /** The muscle picked: one of our buttons by its title, or a muscle the message names. */
  private resolve(reading: TurnReading): MuscleId | undefined {
    return titles(this.deps.knowledge).muscles.get(reading.text) ?? reading.analysis.namedMuscles?.[0];
  }
}

/** "No thanks", "nope", "not now", "maybe later": no stretches wanted. */
function isNoThanks({ analysis }: TurnReading): boolean {
  return analysis.command === 'decline' || analysis.answer.yesNo === 'no' || analysis.answer.screening === 'none';
}
