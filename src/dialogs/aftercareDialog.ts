import { TextPrompt, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { MuscleId } from '../knowledge/vocabulary';
import { CancelAndHelpDialog } from './cancelAndHelpDialog';
import { choiceButtonsCard } from './cards/choices';
import { shortName } from './cards/common';
import { stretchCard } from './cards/stretch';
import type { DialogDeps } from './deps';
import { muscleByName, namedMuscles, namedTechniques } from './lookup';
import { cardMessage, message, withSuggestions } from './messages';
import { AFTERCARE_DIALOG, type ChildDialogOptions } from './options';
import { OPTION_SUGGESTIONS } from './replies';
import { incomingText, normalise } from './turn';

const AFTERCARE_WATERFALL = 'aftercareWaterfall';
const STRETCH_PROMPT = 'stretchMusclePrompt';
const NO_THANKS = 'No thanks';
const MAX_ATTEMPTS = 2;

/**
 * Care before and after massage: heat before (not on numb skin), gentle stretches after, what soreness to
 * expect, cautions; all from the knowledge module. A named muscle gets its step-by-step stretch card at once;
 * otherwise the tips come first, then "stretches for which muscle?".
 */
export class AftercareDialog extends CancelAndHelpDialog {
  constructor(deps: DialogDeps) {
    super(AFTERCARE_DIALOG, deps);
    this.addDialog(
      new TextPrompt(STRETCH_PROMPT, async (p) => {
        const text = incomingText(p.context);
        if (this.resolve(text) || isNoThanks(text)) {
          p.recognized.value = text;
          return true;
        }
        return p.attemptCount >= MAX_ATTEMPTS;
      }),
    );
    this.addDialog(new WaterfallDialog(AFTERCARE_WATERFALL, [this.tipsStep.bind(this), this.stretchStep.bind(this)]));
    this.initialDialogId = AFTERCARE_WATERFALL;
  }

  /** A named muscle goes straight to its stretches; otherwise send the aftercare tips and ask which muscle to stretch. */
  private async tipsStep(step: WaterfallStepContext<ChildDialogOptions>): Promise<DialogTurnResult> {
    const { knowledge } = this.deps;
    const { muscle, analysis } = step.options;
    const named = muscle ?? (analysis ? namedMuscles(knowledge, analysis.text)[0] : undefined);
    if (named) return step.next(named);

    const techniques = analysis ? [...new Set([...analysis.techniques, ...namedTechniques(knowledge, analysis.text)])] : [];
    const tips = knowledge.aftercareFor([], techniques);
    const text = [
      'Here is how to look after yourself around a massage:',
      ...tips.map((t) => [`- **${t.title}**: ${t.text}`, ...t.cautions.map((c) => `  - ${c}`)].join('\n')),
      knowledge.framing.disclaimer,
    ].join('\n\n');
    await step.context.sendActivity(message(text));
    const titles = [...knowledge.muscles.map((m) => shortName(m.name)), NO_THANKS];
    const question = 'Would you like step-by-step stretches for one of these muscles?';
    return step.prompt(STRETCH_PROMPT, {
      prompt: cardMessage(question, choiceButtonsCard(question, titles)),
      retryPrompt: cardMessage('Pick a muscle for its stretches, or "No thanks".', choiceButtonsCard(question, titles)),
    });
  }

  /** Show the stretch card for the chosen muscle, or offer other options. */
  private async stretchStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const id = typeof step.result === 'string' ? (this.resolve(step.result) ?? (isMuscleIdLike(this.deps, step.result) ? (step.result as MuscleId) : undefined)) : undefined;
    if (!id) {
      await step.context.sendActivity(withSuggestions(message('OK. What else can I help with?'), OPTION_SUGGESTIONS));
      return step.endDialog();
    }
    const { attachment } = stretchCard(this.deps.knowledge, id);
    await step.context.sendActivity(
      cardMessage(`Here are gentle stretches for the ${shortName(this.deps.knowledge.muscle(id).name).toLowerCase()}.`, attachment),
    );
    return step.endDialog(id);
  }

  private resolve(text: string): MuscleId | undefined {
    return muscleByName(this.deps.knowledge, text) ?? namedMuscles(this.deps.knowledge, text)[0];
  }
}

function isNoThanks(text: string): boolean {
  return /^(no|no thanks|no thank you|nope|nah|not now|maybe later|im ok|im fine)$/.test(normalise(text));
}

function isMuscleIdLike(deps: DialogDeps, value: string): boolean {
  return deps.knowledge.muscles.some((m) => m.id === value);
}
